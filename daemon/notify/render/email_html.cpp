#include <fmt/format.h>

#include "core/text.hpp"
#include "notify/render/alert_view.hpp"
#include "notify/render/email_body.hpp"

namespace sellerwatch::notify {
namespace {

constexpr std::size_t kSummaryLength = 2000;
constexpr std::size_t kFactLength = 1000;
constexpr std::size_t kCompactFactLength = 300;

std::string H(std::string_view text, std::size_t max_length) {
  return core::EscapeTruncated(text, core::Markup::kHtml, max_length);
}

std::string ColorCss(const AlertView& v) { return fmt::format("#{:06X}", AlertColor(v)); }

void AppendAlert(std::string& out, const AlertView& v, bool compact) {
  const std::string color = ColorCss(v);
  out += fmt::format(
      "<tr><td style=\"padding:12px 16px;border-left:4px solid {0};border-top:1px solid "
      "#e8e8e8;\">\n",
      color);
  out += fmt::format(
      "<div style=\"font-weight:bold;color:{}\">{} {} &middot; {}</div>\n"
      "<div style=\"font-weight:bold;font-size:15px;padding-top:2px;\">{}</div>\n"
      "<div style=\"padding-top:4px;\">{}</div>\n",
      color, v.icon, H(v.state, 100), H(v.severity, 100), H(v.Title(), 300),
      H(v.summary, kSummaryLength));
  out +=
      "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
      "style=\"margin-top:8px;font-size:13px;\">\n";
  for (const auto& f : v.facts) {
    if (compact && !f.Essential() && f.key != "hint") continue;
    out += fmt::format(
        "<tr><td style=\"padding:2px 12px 2px 0;color:#616061;vertical-align:top;\">{}</td>"
        "<td style=\"padding:2px 0;vertical-align:top;\">{}</td></tr>\n",
        H(f.name, 100), H(f.value, compact ? kCompactFactLength : kFactLength));
  }
  out += "</table>\n";
  out += fmt::format("<div style=\"color:#616061;font-size:12px;padding-top:6px;\">{}</div>\n",
                     H(v.since, 200));
  out += "</td></tr>\n";
}

}  // namespace

std::string EmailHtml(const i18n::Translator& tr, const core::Notification& n) {
  std::vector<AlertView> views = OrderedAlertViews(tr, n);
  const bool compact = views.size() > 3;
  const std::string headline = H(NotificationTitle(tr, n), 500);
  // The language lets mail clients pick fonts for it (Chinese glyphs rather than Japanese ones).
  std::string html_tag = tr.IsEnglish()
                             ? "<html>"
                             : "<html lang=\"" + core::EscapeHtmlAttribute(tr.Language()) + "\">";
  std::string out = "<!DOCTYPE html>\n" + html_tag +
                    "<head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width\">\n<title>" +
                    headline + "</title></head>\n";
  out +=
      "<body style=\"margin:0;padding:0;background:#f4f5f7;\">\n"
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
      "border=\"0\" style=\"background:#f4f5f7;\"><tr><td align=\"center\" "
      "style=\"padding:16px;\">\n"
      "<table role=\"presentation\" width=\"600\" cellpadding=\"0\" cellspacing=\"0\" "
      "border=\"0\" style=\"width:100%;max-width:600px;background:#ffffff;"
      "font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.4;color:#1d1c1d;\">\n";
  out += "<tr><td style=\"padding:16px;font-size:18px;font-weight:bold;\">" + headline +
         "</td></tr>\n";
  for (std::size_t i = 0; i < views.size() && i < kEmailMaxAlerts; ++i) {
    AppendAlert(out, views[i], compact);
  }
  if (views.size() > kEmailMaxAlerts) {
    out += fmt::format(
        "<tr><td style=\"padding:12px 16px;border-top:1px solid #e8e8e8;\">{}</td></tr>\n",
        H(EmailMoreAlerts(tr, views.size() - kEmailMaxAlerts), 200));
  }
  out += fmt::format(
      "<tr><td style=\"padding:12px 16px;color:#616061;font-size:12px;border-top:1px solid "
      "#e8e8e8;\">sellerwatch &middot; {} &middot; {}</td></tr>\n",
      H(EmailReceiverNote(tr, n), 200), H(EmailAlertCount(tr, views.size()), 100));
  out += "</table>\n</td></tr></table>\n</body></html>\n";
  return out;
}

}  // namespace sellerwatch::notify
