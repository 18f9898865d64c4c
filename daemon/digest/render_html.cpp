#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/metric_words.hpp"
#include "core/text.hpp"
#include "digest/digest_format.hpp"
#include "digest/render.hpp"

namespace sellerwatch::digest {
namespace {

constexpr int kChartHeight = 36;  // px
constexpr const char* kFont = "font-family:Arial,Helvetica,sans-serif;";

std::string_view Color(Status s) {
  switch (s) {
    case Status::kCritical:
      return "#c62828";
    case Status::kWarning:
      return "#ef6c00";
    case Status::kOk:
      return "#2e7d32";
    case Status::kNoData:
      break;
  }
  return "#757575";
}

bool Breaches(core::Direction direction, double v, double t) {
  return direction == core::Direction::kAbove ? v >= t : v < t;
}

std::string Block(int height, std::string_view color) {
  if (height <= 0) return {};
  return fmt::format(
      "<div style=\"height:{}px;line-height:{}px;font-size:0;background-color:{};\">&nbsp;</div>",
      height, height, color);
}

// A bar chart of the daily values: one table cell per day, each a stack of sized <div>s from
// the top: space, the bar; the threshold (critical, else warn) is a 1px line drawn across every
// cell at its height. Works without images or scripts in Gmail and Outlook.
std::string BarChart(const MetricRow& m) {
  std::optional<double> threshold = m.critical ? m.critical : m.warn;
  double lo = 0, hi = 0;
  bool any = false;
  for (const auto& v : m.daily) {
    if (!v) continue;
    hi = any ? std::max(hi, *v) : *v;
    lo = any ? std::min(lo, *v) : *v;
    any = true;
  }
  if (!any) return "";
  if (threshold) {
    hi = std::max(hi, *threshold);
    lo = std::min(lo, *threshold);
  }
  if (m.direction == core::Direction::kAbove) {
    lo = std::min(lo, 0.0);
  } else {
    lo = std::max(0.0, lo - (hi - lo) * 0.5);  // a 95 % floor: show the last few percent
  }
  if (hi <= lo) hi = lo + 1;
  hi += (hi - lo) * 0.1;
  auto px = [&](double v) {
    return static_cast<int>(std::lround((v - lo) / (hi - lo) * kChartHeight));
  };
  const int line = threshold ? std::clamp(px(*threshold), 0, kChartHeight - 1) : -1;
  std::string out = fmt::format(
      "<table role=\"presentation\" cellpadding=\"0\" cellspacing=\"0\" border=\"0\" "
      "style=\"border-collapse:collapse;\"><tr>");
  for (const auto& v : m.daily) {
    int bar = v ? std::max(1, std::min(kChartHeight, px(*v))) : 0;
    std::string_view color = "#90a4ae";
    if (v && m.critical && Breaches(m.direction, *v, *m.critical)) {
      color = Color(Status::kCritical);
    } else if (v && m.warn && Breaches(m.direction, *v, *m.warn)) {
      color = Color(Status::kWarning);
    } else if (v) {
      color = "#5c8fc7";
    }
    // From the top: [space] [line] [space] [bar], with the line possibly inside the bar.
    std::string cell;
    int top = kChartHeight - bar;  // empty space above the bar
    if (line < 0) {
      cell = Block(top, "#ffffff") + Block(bar, color);
    } else {
      int line_from_top = kChartHeight - 1 - line;
      if (line_from_top < top) {
        cell = Block(line_from_top, "#ffffff") + Block(1, "#c62828") +
               Block(top - line_from_top - 1, "#ffffff") + Block(bar, color);
      } else {
        int in_bar = line_from_top - top;
        cell = Block(top, "#ffffff") + Block(in_bar, color) + Block(1, "#212121") +
               Block(bar - in_bar - 1, color);
      }
    }
    out += "<td valign=\"bottom\" width=\"6\" style=\"width:6px;padding:0 1px 0 0;\">" + cell +
           "</td>";
  }
  out += "</tr></table>";
  return out;
}

std::string Th(std::string_view text) {
  return fmt::format(
      "<th align=\"left\" style=\"{}font-size:12px;color:#555555;padding:4px 8px 4px 0;"
      "border-bottom:1px solid #dddddd;\">{}</th>",
      kFont, text);
}

std::string Td(std::string_view html, std::string_view extra = "") {
  return fmt::format(
      "<td valign=\"top\" style=\"{}font-size:13px;color:#212121;padding:4px 8px 4px 0;"
      "border-bottom:1px solid #eeeeee;{}\">{}</td>",
      kFont, extra, html);
}

std::string Heading(std::string_view html) {
  return fmt::format(
      "<p style=\"{}font-size:14px;font-weight:bold;color:#212121;margin:14px 0 4px 0;\">{}</p>",
      kFont, html);
}

std::string Para(std::string_view html) {
  return fmt::format("<p style=\"{}font-size:13px;color:#212121;margin:2px 0;\">{}</p>", kFont,
                     html);
}

std::string Account(const Digest& d, const AccountDigest& a) {
  const i18n::Translator& tr = d.language;
  auto e = [](std::string_view s) { return core::EscapeHtml(s); };
  std::string out = fmt::format(
      "<tr><td style=\"padding:16px 20px;border-top:4px solid {};background-color:#ffffff;\">",
      Color(a.status));
  out += fmt::format(
      "<p style=\"{}font-size:18px;font-weight:bold;color:#212121;margin:0 0 6px 0;\">{} "
      "<span style=\"font-size:13px;font-weight:normal;color:#555555;\">{}</span> "
      "<span style=\"font-size:12px;font-weight:bold;color:#ffffff;background-color:{};"
      "padding:2px 6px;\">{}</span></p>",
      kFont, e(a.id), e(DigestMarketplace(tr, a.marketplace)), Color(a.status),
      e(StatusWord(tr, a.status)));

  out +=
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
      "border=\"0\" style=\"border-collapse:collapse;\"><tr>" +
      Th(e(tr.TrC("digest column", "Metric"))) + Th(e(tr.TrC("digest column", "Now"))) +
      Th(e(tr.TrC("digest column", "Week ago"))) + Th(e(tr.TrC("digest column", "Change"))) +
      Th(e(tr.TrC("digest column", "Target"))) + Th(e(tr.TrC("digest column", "Last 28 days"))) +
      "</tr>";
  for (const auto& m : a.metrics) {
    std::string name = e(core::DisplayName(tr, m.name, a.marketplace));
    if (!m.outlook.empty()) {
      name += "<br><span style=\"font-size:11px;color:#555555;\">" + e(m.outlook) + "</span>";
    }
    out += "<tr>" + Td(name) +
           Td(e(FormatMaybe(tr, m.unit, m.now)),
              fmt::format("font-weight:bold;color:{};white-space:nowrap;", Color(m.status))) +
           Td(e(FormatMaybe(tr, m.unit, m.week_ago)), "white-space:nowrap;") +
           Td(e(FormatChange(tr, m.unit, m.change)), "white-space:nowrap;") +
           Td(e(FormatTarget(tr, m)), "font-size:12px;") + Td(BarChart(m)) + "</tr>";
  }
  out += "</table>";

  out += Heading(e(tr.Tr("Alerts this week ({})", a.alerts.size())));
  if (a.alerts.empty()) out += Para(e(tr.Tr("None.")));
  for (const auto& al : a.alerts) {
    out +=
        Para(fmt::format("<span style=\"color:{};font-weight:bold;\">{}</span> {}",
                         al.severity == core::Severity::kCritical ? Color(Status::kCritical)
                                                                  : Color(Status::kWarning),
                         e(SeverityWord(tr, al.severity)),
                         e(tr.TrC("label", "{}: {}", AlertName(tr, a, al), DescribeAlert(d, al)))));
  }
  out += Heading(e(tr.Tr("At risk now ({})", a.at_risk_count)));
  if (a.at_risk_count == 0) out += Para(e(tr.Tr("Nothing due soon.")));
  for (const auto& r : a.at_risk) {
    const std::string item = r.note.empty() ? r.id : tr.TrC("label", "{}: {}", r.id, r.note);
    out += Para(e(tr.Tr("{} {} (due {})", AtRiskKind(tr, r.kind, a.marketplace), item,
                        FormatWhen(d, r.deadline))));
  }
  if (a.at_risk_count > a.at_risk.size()) {
    out += Para(e(tr.Tr("and {} more", a.at_risk_count - a.at_risk.size())));
  }
  out += Heading(e(tr.Tr("Negative feedback this week ({})", a.negative_feedback_count)));
  if (a.feedback.empty()) out += Para(e(tr.Tr("None.")));
  for (const auto& f : a.feedback) {
    const std::string when = FormatWhen(d, f.received_at);
    out += Para(fmt::format(
        "<span style=\"color:#ef6c00;\">{}</span> {}<br><span style=\"color:#555555;\">"
        "&ldquo;{}&rdquo;</span>",
        Stars(f.rating), e(f.order_id.empty() ? when : tr.Tr("{}, order {}", when, f.order_id)),
        e(f.comment)));
  }
  if (!a.platform.empty()) out += Heading(e(tr.Tr("Marketplace says")));
  for (const auto& p : a.platform) {
    // The pattern's arguments are escaped here: the sentence keeps its bold value.
    std::string said =
        tr.TrC("label", "{}: {}", e(PlatformLabel(tr, p)), "<b>" + e(p.value) + "</b>");
    if (!p.projected.empty()) {
      said = tr.Tr("{}, projected {}", said, "<b>" + e(p.projected) + "</b>");
    }
    out += Para(said + " <span style=\"color:#555555;\">" +
                e(tr.Tr("(reported {})", FormatWhen(d, p.reported_at))) + "</span>");
  }
  out += Heading(e(tr.Tr("Sources")));
  if (a.sources.empty()) out += Para(e(tr.Tr("None configured.")));
  for (const auto& s : a.sources) {
    out += Para(e(s.last_update ? tr.Tr("{}: last data {}", s.name, FormatWhen(d, *s.last_update))
                                : tr.Tr("{}: no data yet", s.name)) +
                (s.stale ? " <span style=\"color:#c62828;font-weight:bold;\">" + e(tr.Tr("stale")) +
                               "</span>"
                         : ""));
  }
  out += "</td></tr><tr><td style=\"height:12px;font-size:0;line-height:12px;\">&nbsp;</td></tr>";
  return out;
}

}  // namespace

std::string DigestHtml(const Digest& d) {
  const i18n::Translator& tr = d.language;
  auto e = [](std::string_view s) { return core::EscapeHtml(s); };
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"" + core::EscapeHtmlAttribute(tr.Language()) +
      "\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width\">"
      "<title>" +
      e(DigestSubject(d)) +
      "</title></head>\n"
      "<body style=\"margin:0;padding:0;background-color:#f4f4f4;\">\n"
      "<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
      "border=\"0\" style=\"background-color:#f4f4f4;\"><tr><td align=\"center\" "
      "style=\"padding:16px 8px;\">\n"
      "<table role=\"presentation\" width=\"760\" cellpadding=\"0\" cellspacing=\"0\" "
      "border=\"0\" style=\"width:760px;max-width:100%;\">\n";
  out += fmt::format(
      "<tr><td style=\"padding:16px 20px;background-color:#263238;\">"
      "<p style=\"{}font-size:12px;color:#b0bec5;margin:0;\">{}</p>"
      "<p style=\"{}font-size:22px;font-weight:bold;color:#ffffff;margin:6px 0 0 0;\">{}</p>"
      "</td></tr><tr><td style=\"height:12px;font-size:0;line-height:12px;\">&nbsp;</td></tr>\n",
      kFont,
      e(tr.Tr("sellerwatch weekly digest") + " \u00B7 " +
        // TRANSLATORS: the digest's week: from, to, (time zone).
        tr.TrC("period", "{} to {} ({})", FormatWhen(d, d.week_start), FormatWhen(d, d.now),
               d.timezone)),
      kFont, e(d.verdict));
  for (const auto& a : d.accounts) out += Account(d, a) + "\n";
  out += fmt::format(
      "<tr><td style=\"padding:8px 20px;\"><p style=\"{}font-size:11px;color:#757575;margin:0;\">"
      "{}</p></td></tr>\n",
      kFont,
      e(tr.Tr("Sent by sellerwatch to receiver {}. Bars: daily values; line: the critical level "
              "(the warn level when there is no critical).",
              d.receiver)));
  out += "</table>\n</td></tr></table>\n</body></html>\n";
  return out;
}

}  // namespace sellerwatch::digest
