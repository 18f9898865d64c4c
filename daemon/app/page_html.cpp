#include "app/page_html.hpp"

#include <fmt/format.h>

#include <boost/url/encode.hpp>
#include <boost/url/rfc/pchars.hpp>
#include <cmath>

#include "core/base64.hpp"
#include "core/sha256.hpp"
#include "core/text.hpp"
#include "digest/digest_format.hpp"

namespace sellerwatch::app {
namespace {

// The one style sheet. Status colours come with words (badges, "critical" in the state column),
// so the page reads the same without colour; below 700px tables fold into stacked rows.
constexpr std::string_view kStyle = R"css(
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;
background:#f4f5f7;color:#1b2026}
a{color:#0b57a4}
header{background:#1b2026;color:#fff;padding:8px 16px;display:flex;flex-wrap:wrap;
gap:4px 16px;align-items:baseline}
header a{color:#fff;font-weight:700;text-decoration:none}
header .when{color:#c5cbd3;font-size:13px}
main{max-width:1180px;margin:0 auto;padding:8px 12px 24px}
h1{font-size:22px;margin:10px 0 4px}
h2{font-size:17px;margin:0 0 4px;display:flex;flex-wrap:wrap;gap:4px 10px;align-items:center}
h3{font-size:15px;margin:16px 0 6px}
.counts{margin:0 0 8px;color:#39414a}
.card{background:#fff;border:1px solid #d5dae0;border-left:6px solid #8a939d;border-radius:6px;
padding:10px 14px;margin:10px 0}
.card.critical{border-left-color:#b71c1c}.card.warning{border-left-color:#d35400}
.card.ok{border-left-color:#2e7d32}
.badge{display:inline-block;padding:0 8px;border-radius:10px;font-size:12px;font-weight:700;
text-transform:uppercase;letter-spacing:.03em;border:1px solid #8a939d;color:#39414a;
background:#eef0f2;white-space:nowrap}
.badge.critical{background:#b71c1c;border-color:#b71c1c;color:#fff}
.badge.warning{background:#d35400;border-color:#d35400;color:#fff}
.badge.ok{background:#e6f2e7;border-color:#2e7d32;color:#1b5e20}
.mp{color:#5b646e;font-size:13px;font-weight:400}
.urgent{font-size:16px;font-weight:600;margin:4px 0 8px}
.facts{margin:6px 0 0;color:#39414a;font-size:14px}
.facts b{color:#1b2026}
table{border-collapse:collapse;width:100%}
th{text-align:left;font-size:12px;color:#5b646e;font-weight:600;padding:3px 8px 3px 0;
border-bottom:1px solid #d5dae0}
td{padding:4px 8px 4px 0;border-bottom:1px solid #eceef1;vertical-align:top}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.state-critical{color:#b71c1c;font-weight:700}.state-warning{color:#b34700;font-weight:700}
.note{color:#5b646e;font-size:13px}
.down{color:#b71c1c;font-weight:700}
form.filter{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:end;margin:6px 0 4px;
font-size:13px}
form.filter label{display:flex;flex-direction:column}
form.filter select,form.filter input{font:inherit;padding:3px}
.pager{margin:12px 0;display:flex;gap:14px}
.chart{display:block;width:100%;max-width:560px;height:auto}
.metrics{display:grid;grid-template-columns:repeat(auto-fill,minmax(430px,1fr));gap:0 24px}
.metric{border-top:1px solid #eceef1;padding:8px 0}
td.target{white-space:nowrap}
.quote{white-space:pre-wrap;overflow-wrap:anywhere}
@media (max-width:700px){
 .metrics{display:block}
 table.fold thead{display:none}
 table.fold tr{display:block;border-bottom:1px solid #d5dae0;padding:4px 0}
 table.fold td{display:inline-block;border:0;padding:1px 10px 1px 0}
 table.fold td.num{text-align:left}
}
)css";

// The style sheet is a constant: its hash is worked out once, not per request.
const std::string& StyleHash() {
  static const std::string hash = core::Base64Encode(core::Sha256(kStyle));
  return hash;
}

}  // namespace

std::string Html(std::string_view text) { return core::EscapeHtml(core::CleanText(text)); }
std::string Attr(std::string_view text) { return core::EscapeHtmlAttribute(core::CleanLine(text)); }

std::string HtmlPage(std::string_view title, std::string_view body, core::Timestamp now,
                     const i18n::Translator& tr) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
      "<meta http-equiv=\"refresh\" content=\"{}\">"
      "<meta name=\"referrer\" content=\"no-referrer\">"
      "<title>{} — sellerwatch</title><style>{}</style></head>\n<body>"
      "<header><a href=\"/\">sellerwatch</a><span>{}</span>"
      "<span class=\"when\">{}</span></header>\n"
      "<main>\n{}</main></body></html>\n",
      Attr(tr.Language()), kPageRefreshSeconds, Html(title), kStyle, Html(title),
      Html(tr.Tr("as of {}", digest::LocalWhen(tr, now, "UTC") + " UTC") + " · " +
           tr.Tr("refreshes every minute")),
      body);
}

std::vector<std::pair<std::string, std::string>> PageHeaders() {
  return {
      {"Content-Security-Policy",
       "default-src 'none'; style-src 'sha256-" + StyleHash() +
           "'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
      {"Cache-Control", "no-store"},
  };
}

std::string AccountHref(std::string_view id) {
  boost::urls::encoding_opts opts;
  return "/accounts/" + boost::urls::encode(id, boost::urls::pchars - ':', opts);
}

std::string Badge(PageStatus status, const i18n::Translator& tr) {
  std::string css = status == PageStatus::kNoData ? "nodata" : std::string(digest::Name(status));
  return fmt::format("<span class=\"badge {}\">{}</span>", css,
                     Html(digest::StatusWord(tr, status)));
}

std::string MetricBar(const MetricLine& line) {
  if (!line.fill) return "";
  constexpr int kWidth = 120, kHeight = 10;
  const char* color = line.status == PageStatus::kCritical  ? "#b71c1c"
                      : line.status == PageStatus::kWarning ? "#d35400"
                                                            : "#4f7fb8";
  std::string out = fmt::format(
      "<svg width=\"{0}\" height=\"{1}\" viewBox=\"0 0 {0} {1}\" aria-hidden=\"true\">"
      "<rect width=\"{0}\" height=\"{1}\" rx=\"3\" fill=\"#e3e6ea\"/>"
      "<rect width=\"{2}\" height=\"{1}\" rx=\"3\" fill=\"{3}\"/>",
      kWidth, kHeight, std::lround(*line.fill * kWidth), color);
  if (line.mark) {
    out += fmt::format("<rect x=\"{}\" width=\"2\" height=\"{}\" fill=\"#1b2026\"/>",
                       std::min(kWidth - 2L, std::lround(*line.mark * kWidth)), kHeight);
  }
  return out + "</svg>";
}

}  // namespace sellerwatch::app
