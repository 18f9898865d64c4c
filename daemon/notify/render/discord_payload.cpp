#include "notify/render/discord_payload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "notify/render/alert_view.hpp"
#include "notify/render/escape.hpp"
#include "notify/render/message_packing.hpp"

namespace sellerwatch::notify {
namespace json = boost::json;
namespace {

namespace lim = discord_limits;

constexpr std::string_view kFooterText = "sellerwatch";

std::string Md(std::string_view text, std::size_t max_length) {
  return EscapeTruncated(text, Markup::kDiscordMarkdown, max_length);
}

struct RenderedEmbed {
  json::object embed;
  std::size_t cost = 0;  // what Discord counts towards the 6,000 per message
};

RenderedEmbed RenderEmbed(const AlertView& v, bool compact) {
  RenderedEmbed r;
  // One embed alone must leave room for the others' share; a single alert may use most.
  std::size_t remaining = compact ? 700 : lim::kEmbedTextPerMessage - 200;
  auto take = [&](std::string text) {
    std::size_t n = TextLength(text);
    r.cost += n;
    remaining -= std::min(remaining, n);
    return text;
  };
  r.embed["title"] =
      take(Md(fmt::format("{} {} \u00B7 {} \u00B7 {}", v.icon, v.state, v.severity, v.Title()),
              std::min<std::size_t>(lim::kTitle, 200)));
  take(std::string(kFooterText));
  std::string description = Md(v.summary, compact ? 300 : 1500) + "\n*" + v.since + "*";
  r.embed["description"] = take(Truncate(description, lim::kDescription));
  json::array fields;
  for (const auto& f : v.facts) {
    if (fields.size() == lim::kFields) break;
    if (compact && f.name != "Value" && f.name != "At risk") continue;
    std::string name = Md(f.name, 100);
    std::size_t value_budget = std::min<std::size_t>(lim::kFieldValue, compact ? 200 : remaining);
    if (value_budget <= TextLength(name) + 20) break;
    value_budget -= TextLength(name);
    std::string value = Md(f.value, value_budget);
    bool inline_field = TextLength(value) <= 40;
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

std::vector<std::string> DiscordPayloads(const core::Notification& n) {
  std::vector<AlertView> views = OrderedAlertViews(n);
  const bool compact = views.size() > 3;
  std::vector<RenderedEmbed> rendered;
  std::vector<std::size_t> costs;
  for (const auto& v : views) {
    rendered.push_back(RenderEmbed(v, compact));
    costs.push_back(rendered.back().cost);
  }
  Packing packing = PackAlerts(costs, {lim::kEmbedTextPerMessage, lim::kEmbeds, lim::kMessages});
  if (packing.messages.empty()) packing.messages.emplace_back();

  const std::string title = NotificationTitle(n);
  std::vector<std::string> bodies;
  for (std::size_t m = 0; m < packing.messages.size(); ++m) {
    std::string part = packing.messages.size() > 1
                           ? fmt::format(" ({}/{})", m + 1, packing.messages.size())
                           : std::string();
    std::string content = Md(title, 1500) + part;
    if (m + 1 == packing.messages.size() && packing.omitted > 0) {
      content += fmt::format("\n+{} more alert{} not shown (lower priority)", packing.omitted,
                             packing.omitted == 1 ? "" : "s");
    }
    json::array embeds;
    for (std::size_t i : packing.messages[m]) embeds.push_back(rendered[i].embed);
    json::object body;
    body["content"] = Truncate(content, lim::kContent);
    body["username"] = "sellerwatch";
    body["allowed_mentions"] = {{"parse", json::array()}};
    body["embeds"] = std::move(embeds);
    bodies.push_back(json::serialize(body));
  }
  return bodies;
}

}  // namespace sellerwatch::notify
