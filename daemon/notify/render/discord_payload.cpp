#include "notify/render/discord_payload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/text.hpp"
#include "notify/render/alert_view.hpp"
#include "notify/render/message_packing.hpp"

namespace sellerwatch::notify {
namespace json = boost::json;
namespace {

namespace lim = discord_limits;

constexpr std::string_view kFooterText = "sellerwatch";
constexpr std::size_t kLineEmbedDescription = 3000;

std::string Md(std::string_view text, std::size_t max_length) {
  return core::EscapeTruncated(text, core::Markup::kDiscordMarkdown, max_length);
}

struct RenderedEmbed {
  json::object embed;  // full and compact detail: one embed per alert
  std::string line;    // line detail: one description line, joined into embeds per message
  unsigned color = 0;
  std::size_t cost = 0;  // what Discord counts towards the 6,000 per message
};

// Large groups: "🔥 **shop004 · order_defect_rate** — 1.20% (...)".
RenderedEmbed RenderLine(const AlertView& v) {
  RenderedEmbed r;
  r.line = fmt::format("{} **{}** \u2014 {}", v.icon, Md(v.Title(), 200), Md(v.Brief(), 200));
  r.color = AlertColor(v);
  r.cost = core::TextLength(r.line) + 1;
  return r;
}

// The lines of one message as embeds whose descriptions stay within the limit; each embed
// takes the colour of its first (worst) line.
void AppendLineEmbeds(const std::vector<RenderedEmbed>& rendered,
                      const std::vector<std::size_t>& indexes, json::array& embeds) {
  std::string description;
  unsigned color = 0;
  auto flush = [&] {
    if (description.empty()) return;
    embeds.push_back({{"description", std::move(description)},
                      {"color", color},
                      {"footer", {{"text", kFooterText}}}});
    description.clear();
  };
  for (std::size_t i : indexes) {
    if (!description.empty() &&
        core::TextLength(description) + rendered[i].cost > kLineEmbedDescription) {
      flush();
    }
    if (description.empty()) color = rendered[i].color;
    if (!description.empty()) description += "\n";
    description += rendered[i].line;
  }
  flush();
}

RenderedEmbed RenderEmbed(const AlertView& v, bool compact) {
  RenderedEmbed r;
  // One embed alone must leave room for the others' share; a single alert may use most.
  std::size_t remaining = compact ? 700 : lim::kEmbedTextPerMessage - 200;
  auto take = [&](std::string text) {
    std::size_t n = core::TextLength(text);
    r.cost += n;
    remaining -= std::min(remaining, n);
    return text;
  };
  r.embed["title"] =
      take(Md(fmt::format("{} {} \u00B7 {} \u00B7 {}", v.icon, v.state, v.severity, v.Title()),
              std::min<std::size_t>(lim::kTitle, 200)));
  take(std::string(kFooterText));
  std::string description = Md(v.summary, compact ? 300 : 1500) + "\n*" + v.since + "*";
  r.embed["description"] = take(core::Truncate(description, lim::kDescription));
  json::array fields;
  for (const auto& f : v.facts) {
    if (fields.size() == lim::kFields) break;
    if (compact && !f.Essential()) continue;
    std::string name = Md(f.name, 100);
    std::size_t value_budget = std::min<std::size_t>(lim::kFieldValue, compact ? 200 : remaining);
    if (value_budget <= core::TextLength(name) + 20) break;
    value_budget -= core::TextLength(name);
    std::string value = Md(f.value, value_budget);
    bool inline_field = core::TextLength(value) <= 40;
    fields.push_back({{"name", take(std::move(name))},
                      {"value", take(std::move(value))},
                      {"inline", inline_field}});
  }
  if (!fields.empty()) r.embed["fields"] = std::move(fields);
  r.embed["color"] = AlertColor(v);
  r.embed["footer"] = {{"text", kFooterText}};
  const core::Alert& a = *v.alert;
  r.embed["timestamp"] = core::FormatRfc3339(
      a.state == core::AlertState::kResolved && a.ends_at ? *a.ends_at : a.starts_at);
  return r;
}

}  // namespace

std::vector<std::string> DiscordPayloads(const i18n::Translator& tr, const core::Notification& n) {
  std::vector<AlertView> views = OrderedAlertViews(tr, n);
  const Detail detail = DetailFor(views.size(), /*line_mode_allowed=*/true);
  const bool compact = detail == Detail::kCompact;
  std::vector<RenderedEmbed> rendered;
  std::vector<std::size_t> costs;
  for (const auto& v : views) {
    rendered.push_back(detail == Detail::kLine ? RenderLine(v) : RenderEmbed(v, compact));
    costs.push_back(rendered.back().cost);
  }
  // Line embeds add a footer each: keep room for a few.
  Packing packing = PackAlerts(
      costs,
      detail == Detail::kLine
          ? PackingLimits{lim::kEmbedTextPerMessage - 100, lim::kLinesPerMessage, lim::kMessages}
          : PackingLimits{lim::kEmbedTextPerMessage, lim::kEmbeds, lim::kMessages});
  if (packing.messages.empty()) packing.messages.emplace_back();

  const std::string title = NotificationTitle(tr, n);
  std::vector<std::string> bodies;
  for (std::size_t m = 0; m < packing.messages.size(); ++m) {
    std::string part = PartOf(tr, m + 1, packing.messages.size());
    std::string content = Md(title, 1500) + part;
    if (m + 1 == packing.messages.size() && packing.omitted > 0) {
      content += "\n" + MoreAlertsNotShown(tr, packing.omitted);
    }
    json::array embeds;
    if (detail == Detail::kLine) {
      AppendLineEmbeds(rendered, packing.messages[m], embeds);
    } else {
      for (std::size_t i : packing.messages[m]) embeds.push_back(rendered[i].embed);
    }
    json::object body;
    body["content"] = core::Truncate(content, lim::kContent);
    body["username"] = "sellerwatch";
    body["allowed_mentions"] = {{"parse", json::array()}};
    body["embeds"] = std::move(embeds);
    bodies.push_back(json::serialize(body));
  }
  return bodies;
}

}  // namespace sellerwatch::notify
