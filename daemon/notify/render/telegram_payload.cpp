#include "notify/render/telegram_payload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/text.hpp"
#include "notify/render/alert_view.hpp"
#include "notify/render/message_packing.hpp"

namespace sellerwatch::notify {
namespace json = boost::json;
namespace {

namespace lim = telegram_limits;

// Room in every message for the headline and the "+N more" line.
constexpr std::size_t kHeadlineLength = 400;
constexpr std::size_t kAlertBudget = lim::kTextPerMessage - kHeadlineLength - 100;

std::string Html(std::string_view text, std::size_t max_length) {
  return core::EscapeTruncated(text, core::Markup::kTelegramHtml, max_length);
}

// "🔥 shop004 · order_defect_rate — 1.20% (warn 0.70%, critical 0.90%)": a big group.
std::string RenderLine(const AlertView& v) {
  return fmt::format("{} <b>{}</b> \u2014 {}\n", v.icon, Html(v.Title(), 200),
                     Html(v.Brief(), 200));
}

std::string RenderAlert(const i18n::Translator& tr, const AlertView& v, bool compact,
                        std::size_t scale) {
  std::string out = fmt::format("{} <b>{}</b> \u00B7 {}\n<b>{}</b>\n", v.icon, v.state, v.severity,
                                Html(v.Title(), 300));
  out += Html(v.summary, (compact ? 300 : 1500) / scale) + "\n";
  for (const auto& f : v.facts) {
    if (compact && !f.Essential()) continue;
    out += tr.TrC("label", "{}:", "<i>" + Html(f.name, 100) + "</i>") + " " +
           Html(f.value, (compact ? 200 : 600) / scale) + "\n";
  }
  out += "<i>" + v.since + "</i>\n";
  return out;
}

struct RenderedAlert {
  std::string html;
  std::size_t visible = 0;
};

RenderedAlert Render(const i18n::Translator& tr, const AlertView& v, Detail detail) {
  if (detail == Detail::kLine) {
    RenderedAlert r{RenderLine(v), 0};
    r.visible = core::TelegramVisibleLength(r.html);
    return r;
  }
  const bool compact = detail == Detail::kCompact;
  for (std::size_t scale = 1;; scale *= 2) {
    RenderedAlert r{RenderAlert(tr, v, compact, scale) + "\n", 0};
    r.visible = core::TelegramVisibleLength(r.html);
    if (r.visible <= kAlertBudget || scale >= 64) return r;
  }
}

json::value ChatId(std::string_view chat_id) {
  std::string_view digits = chat_id.substr(chat_id.starts_with('-') ? 1 : 0);
  bool numeric =
      !digits.empty() && digits.size() <= 18 &&
      std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (numeric) return std::stoll(std::string(chat_id));
  return json::string(chat_id);
}

}  // namespace

std::string TelegramMessageBody(std::string_view chat_id, std::string text) {
  json::object body;
  body["chat_id"] = ChatId(chat_id);
  body["text"] = std::move(text);
  body["parse_mode"] = "HTML";
  body["disable_web_page_preview"] = true;
  return json::serialize(body);
}

std::vector<std::string> TelegramPayloads(const i18n::Translator& tr, const core::Notification& n,
                                          std::string_view chat_id) {
  std::vector<AlertView> views = OrderedAlertViews(tr, n);
  const Detail detail = DetailFor(views.size(), /*line_mode_allowed=*/true);
  std::vector<RenderedAlert> rendered;
  std::vector<std::size_t> costs;
  for (const auto& v : views) {
    rendered.push_back(Render(tr, v, detail));
    costs.push_back(rendered.back().visible);
  }
  Packing packing =
      PackAlerts(costs, {kAlertBudget,
                         detail == Detail::kLine ? lim::kLinesPerMessage : lim::kAlertsPerMessage,
                         lim::kMessages});
  if (packing.messages.empty()) packing.messages.emplace_back();

  const std::string title = NotificationTitle(tr, n);
  std::vector<std::string> bodies;
  for (std::size_t m = 0; m < packing.messages.size(); ++m) {
    std::string part = PartOf(tr, m + 1, packing.messages.size());
    std::string text = "<b>" + Html(title, kHeadlineLength - 20) + part + "</b>\n\n";
    for (std::size_t i : packing.messages[m]) text += rendered[i].html;
    if (m + 1 == packing.messages.size() && packing.omitted > 0) {
      text += "<i>" + MoreAlertsNotShown(tr, packing.omitted) + "</i>";
    }
    while (!text.empty() && text.back() == '\n') text.pop_back();
    bodies.push_back(TelegramMessageBody(chat_id, std::move(text)));
  }
  return bodies;
}

}  // namespace sellerwatch::notify
