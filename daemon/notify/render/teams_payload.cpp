#include "notify/render/teams_payload.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/text.hpp"
#include "notify/render/alert_view.hpp"
#include "notify/render/message_packing.hpp"

namespace sellerwatch::notify {
namespace json = boost::json;
namespace {

namespace lim = teams_limits;

// The envelope, card header and "+N more" line take well under this.
constexpr std::size_t kOverheadBytes = 2000;

std::string Md(std::string_view text, std::size_t max_length) {
  return core::EscapeTruncated(text, core::Markup::kMarkdown, max_length);
}

std::string_view ColorName(const AlertView& v) {
  switch (v.alert->state) {
    case core::AlertState::kResolved:
      return "Good";
    case core::AlertState::kFiring:
      return v.critical ? "Attention" : "Warning";
    default:
      return "Accent";
  }
}

json::object TextBlock(std::string text, bool bold = false) {
  json::object o{{"type", "TextBlock"}, {"text", std::move(text)}, {"wrap", true}};
  if (bold) o["weight"] = "Bolder";
  return o;
}

// `scale` divides every text budget: the caller halves it until the container fits.
json::object RenderContainer(const i18n::Translator& tr, const AlertView& v, bool compact,
                             std::size_t scale) {
  json::array items;
  json::object head = TextBlock(
      fmt::format("{} {} \u00B7 {} \u00B7 {}", v.icon, v.state, v.severity, Md(v.Title(), 300)),
      true);
  head["color"] = ColorName(v);
  items.push_back(std::move(head));
  items.push_back(TextBlock(Md(v.summary, (compact ? 400 : 3000) / scale)));
  json::array facts;
  for (const auto& f : v.facts) {
    if (compact && !f.Essential()) continue;
    facts.push_back(
        {{"title", Md(f.name, 100)}, {"value", Md(f.value, (compact ? 300 : 1000) / scale)}});
  }
  // TRANSLATORS: the title of the fact that says since when an alert fires (or when it ended).
  facts.push_back({{"title", tr.TrC("alert fact", "When")}, {"value", v.since}});
  items.push_back({{"type", "FactSet"}, {"facts", std::move(facts)}});
  return {{"type", "Container"}, {"separator", true}, {"items", std::move(items)}};
}

struct RenderedContainer {
  json::object container;  // a Container per alert, or a FactSet fact in line detail
  std::size_t bytes = 0;
};

// Large groups: one fact per alert ("🔥 shop004 · order_defect_rate": "1.20% (...)") in one
// FactSet per message.
RenderedContainer RenderFact(const AlertView& v) {
  RenderedContainer r{{{"title", v.icon + " " + Md(v.Title(), 200)}, {"value", Md(v.Brief(), 200)}},
                      0};
  r.bytes = json::serialize(r.container).size() + 1;
  return r;
}

RenderedContainer Render(const i18n::Translator& tr, const AlertView& v, bool compact) {
  const std::size_t cap = lim::kBodyBytes - kOverheadBytes;
  for (std::size_t scale = 1;; scale *= 2) {
    RenderedContainer r{RenderContainer(tr, v, compact, scale), 0};
    r.bytes = json::serialize(r.container).size() + 1;  // + the comma between containers
    if (r.bytes <= cap || scale >= 64) return r;
  }
}

}  // namespace

std::vector<std::string> TeamsPayloads(const i18n::Translator& tr, const core::Notification& n) {
  std::vector<AlertView> views = OrderedAlertViews(tr, n);
  const Detail detail = DetailFor(views.size(), /*line_mode_allowed=*/true);
  std::vector<RenderedContainer> rendered;
  std::vector<std::size_t> costs;
  for (const auto& v : views) {
    rendered.push_back(detail == Detail::kLine ? RenderFact(v)
                                               : Render(tr, v, detail == Detail::kCompact));
    costs.push_back(rendered.back().bytes);
  }
  Packing packing =
      PackAlerts(costs, {lim::kBodyBytes - kOverheadBytes,
                         detail == Detail::kLine ? lim::kLinesPerMessage : lim::kAlertsPerMessage,
                         lim::kMessages});
  if (packing.messages.empty()) packing.messages.emplace_back();

  const std::string title_text = NotificationTitle(tr, n);
  std::vector<std::string> bodies;
  for (std::size_t m = 0; m < packing.messages.size(); ++m) {
    std::string part = PartOf(tr, m + 1, packing.messages.size());
    json::array body;
    json::object title = TextBlock(Md(title_text, 400) + part, true);
    title["size"] = "Medium";
    body.push_back(std::move(title));
    if (detail == Detail::kLine) {
      json::array facts;
      for (std::size_t i : packing.messages[m]) facts.push_back(rendered[i].container);
      body.push_back({{"type", "FactSet"}, {"separator", true}, {"facts", std::move(facts)}});
    } else {
      for (std::size_t i : packing.messages[m]) body.push_back(rendered[i].container);
    }
    if (m + 1 == packing.messages.size() && packing.omitted > 0) {
      json::object more = TextBlock(MoreAlertsNotShown(tr, packing.omitted));
      more["isSubtle"] = true;
      body.push_back(std::move(more));
    }
    json::object card{{"$schema", "http://adaptivecards.io/schemas/adaptive-card.json"},
                      {"type", "AdaptiveCard"},
                      {"version", "1.4"},
                      {"msteams", {{"width", "Full"}}}};
    card["body"] = std::move(body);
    json::object attachment{{"contentType", "application/vnd.microsoft.card.adaptive"},
                            {"contentUrl", nullptr}};
    attachment["content"] = std::move(card);
    json::object message{{"type", "message"}};
    message["attachments"] = json::array{std::move(attachment)};
    bodies.push_back(json::serialize(message));
  }
  return bodies;
}

}  // namespace sellerwatch::notify
