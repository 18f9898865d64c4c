#include "notify/render/google_chat_payload.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/text.hpp"
#include "notify/render/alert_view.hpp"
#include "notify/render/message_packing.hpp"

namespace sellerwatch::notify {
namespace json = boost::json;
namespace {

namespace lim = google_chat_limits;

constexpr std::size_t kOverheadBytes = 3000;

std::string Html(std::string_view text, std::size_t max_length) {
  return core::EscapeTruncated(text, core::Markup::kHtml, max_length);
}

// Plain fields: no markup is parsed, but <…> would still form a mention or link in `text`.
std::string Plain(std::string_view text, std::size_t max_length) {
  return core::PlainWithoutAngles(text, max_length);
}

json::object Widget(std::string_view kind, std::string text, bool wrap = false) {
  json::object inner{{"text", std::move(text)}};
  if (wrap) inner["wrapText"] = true;
  json::object w;
  w[kind] = std::move(inner);
  return w;
}

std::string_view HexColor(const AlertView& v) {
  switch (AlertColor(v)) {
    case 0xE01E5A:
      return "#E01E5A";
    case 0xECB22E:
      return "#B7791F";  // the amber darkened for contrast on white
    case 0x2EB67D:
      return "#2EB67D";
    default:
      return "#8E44AD";
  }
}

json::object RenderSection(const i18n::Translator& tr, const AlertView& v, bool compact,
                           std::size_t scale) {
  json::array widgets;
  widgets.push_back(Widget(
      "textParagraph",
      fmt::format("<font color=\"{}\"><b>{} {}</b></font> \u00B7 {}<br>{}", HexColor(v), v.icon,
                  v.state, v.severity, Html(v.summary, (compact ? 400 : 3000) / scale))));
  for (const auto& f : v.facts) {
    if (compact && !f.Essential()) continue;
    widgets.push_back(Widget("decoratedText",
                             tr.TrC("label", "{}:", "<b>" + Html(f.name, 100) + "</b>") + " " +
                                 Html(f.value, (compact ? 300 : 1000) / scale),
                             true));
  }
  widgets.push_back(Widget("decoratedText", "<i>" + v.since + "</i>"));
  json::object section{{"header", Html(v.Title(), 300)}};
  section["widgets"] = std::move(widgets);
  return section;
}

struct RenderedSection {
  json::object section;
  std::size_t bytes = 0;
};

// Large groups: one decoratedText widget per alert, all in one section per message.
RenderedSection RenderLine(const AlertView& v) {
  RenderedSection r{Widget("decoratedText",
                           fmt::format("{} <b>{}</b> \u2014 {}", v.icon, Html(v.Title(), 200),
                                       Html(v.Brief(), 200)),
                           true),
                    0};
  r.bytes = json::serialize(r.section).size() + 1;
  return r;
}

RenderedSection Render(const i18n::Translator& tr, const AlertView& v, bool compact) {
  const std::size_t cap = lim::kBodyBytes - kOverheadBytes;
  for (std::size_t scale = 1;; scale *= 2) {
    RenderedSection r{RenderSection(tr, v, compact, scale), 0};
    r.bytes = json::serialize(r.section).size() + 1;
    if (r.bytes <= cap || scale >= 64) return r;
  }
}

}  // namespace

std::vector<std::string> GoogleChatPayloads(const i18n::Translator& tr,
                                            const core::Notification& n) {
  std::vector<AlertView> views = OrderedAlertViews(tr, n);
  const Detail detail = DetailFor(views.size(), /*line_mode_allowed=*/true);
  std::vector<RenderedSection> rendered;
  std::vector<std::size_t> costs;
  for (const auto& v : views) {
    rendered.push_back(detail == Detail::kLine ? RenderLine(v)
                                               : Render(tr, v, detail == Detail::kCompact));
    costs.push_back(rendered.back().bytes);
  }
  Packing packing =
      PackAlerts(costs, {lim::kBodyBytes - kOverheadBytes,
                         detail == Detail::kLine ? lim::kLinesPerMessage : lim::kAlertsPerMessage,
                         lim::kMessages});
  if (packing.messages.empty()) packing.messages.emplace_back();

  const std::string headline = NotificationHeadline(tr, n);
  const std::string title = NotificationTitle(tr, n);
  std::vector<std::string> bodies;
  for (std::size_t m = 0; m < packing.messages.size(); ++m) {
    std::string part = PartOf(tr, m + 1, packing.messages.size());
    json::array sections;
    if (detail == Detail::kLine) {
      json::array widgets;
      for (std::size_t i : packing.messages[m]) widgets.push_back(rendered[i].section);
      json::object section;
      section["widgets"] = std::move(widgets);
      sections.push_back(std::move(section));
    } else {
      for (std::size_t i : packing.messages[m]) sections.push_back(rendered[i].section);
    }
    if (m + 1 == packing.messages.size() && packing.omitted > 0) {
      std::string more = "<i>" + MoreAlertsNotShown(tr, packing.omitted) + "</i>";
      json::object section;
      section["widgets"] = json::array{Widget("textParagraph", more)};
      sections.push_back(std::move(section));
    }
    std::string subtitle = tr.TrN("{} alert", "{} alerts", static_cast<long long>(views.size()));
    json::object card{{"header", {{"title", Plain(title + part, 200)}, {"subtitle", subtitle}}}};
    card["sections"] = std::move(sections);
    json::object card_v2{{"cardId", "sellerwatch-" + std::to_string(m + 1)}};
    card_v2["card"] = std::move(card);
    json::object body;
    body["text"] = Plain(headline + part, 1000);
    body["cardsV2"] = json::array{std::move(card_v2)};
    bodies.push_back(json::serialize(body));
  }
  return bodies;
}

}  // namespace sellerwatch::notify
