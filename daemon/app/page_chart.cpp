#include "app/page_chart.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/human_format.hpp"
#include "core/text.hpp"
#include "digest/digest_format.hpp"
#include "metrics/headroom.hpp"

namespace sellerwatch::app {
namespace {

constexpr int kWidth = 560, kHeight = 150;
constexpr int kLeft = 4, kRight = 96, kTop = 8, kBottom = 22;  // room for level labels, dates

}  // namespace

std::string DailyChartSvg(const digest::MetricRow& row, std::string_view name, core::Timestamp now,
                          const std::string& zone, const i18n::Translator& tr) {
  double lo = 0, hi = 0;
  bool any = false;
  std::optional<double> first, last;
  for (const auto& v : row.daily) {
    if (!v) continue;
    lo = any ? std::min(lo, *v) : *v;
    hi = any ? std::max(hi, *v) : *v;
    if (!first) first = v;
    last = v;
    any = true;
  }
  for (const auto& level : {row.warn, row.critical}) {
    if (!level) continue;
    lo = any ? std::min(lo, *level) : *level;
    hi = any ? std::max(hi, *level) : *level;
    any = true;
  }
  auto fmt_value = [&](double v) { return core::FormatValue(tr, row.unit, v); };
  // TRANSLATORS: the start of a chart's text alternative: "Late shipment rate (10 days), last 28
  // days".
  std::string alt = tr.TrC(
      "label", "{}: {}",
      tr.TrN("{1}, last {0} day", "{1}, last {0} days", digest::kChartDays, std::string(name)),
      first && last ? tr.Tr("from {} to {}", fmt_value(*first), fmt_value(*last))
                    : tr.Tr("no values yet"));
  if (row.warn) alt += tr.TrC("clauses", "; ") + tr.Tr("warning level {}", fmt_value(*row.warn));
  if (row.critical) {
    alt += tr.TrC("clauses", "; ") + tr.Tr("critical level {}", fmt_value(*row.critical));
  }
  // Bars grow from 0 for "above" metrics; a "below" floor (95 %) shows the last stretch.
  lo = row.direction == core::Direction::kAbove ? std::min(lo, 0.0)
                                                : std::max(0.0, lo - (hi - lo) * 0.5);
  if (hi <= lo) hi = lo + (hi > 0 ? hi : 1);
  hi += (hi - lo) * 0.1;
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  auto y = [&](double v) { return kTop + plot_h * (1 - (v - lo) / (hi - lo)); };
  const double slot = plot_w / digest::kChartDays;

  std::string out = fmt::format(
      "<svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\"><title>{}</title>"
      "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#f7f8fa\"/>",
      kWidth, kHeight, core::EscapeHtmlAttribute(alt), core::EscapeHtml(alt), kLeft, kTop, plot_w,
      plot_h);
  for (std::size_t i = 0; i < row.daily.size(); ++i) {
    const auto& v = row.daily[i];
    if (!v) continue;
    const char* color = row.critical && metrics::Breached(row.direction, *v, *row.critical)
                            ? "#b71c1c"
                        : row.warn && metrics::Breached(row.direction, *v, *row.warn) ? "#d35400"
                                                                                      : "#4f7fb8";
    const double top = y(*v), base = y(lo);
    out += fmt::format(
        "<rect x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{:.1f}\" fill=\"{}\">"
        "<title>{}</title></rect>",
        kLeft + slot * static_cast<double>(i) + 1, top, slot - 2, std::max(1.0, base - top), color,
        core::EscapeHtml(fmt_value(*v)));
  }
  auto level_line = [&](const std::optional<double>& level, const char* color,
                        const std::string& what, const char* dash) {
    if (!level) return;
    const double ly = y(*level);
    out += fmt::format(
        "<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"{}\" stroke-width=\"1.5\" "
        "stroke-dasharray=\"{}\"/><text x=\"{}\" y=\"{:.1f}\" font-size=\"11\" fill=\"{}\">{} {}"
        "</text>",
        kLeft, kLeft + plot_w, ly, ly, color, dash, kLeft + plot_w + 4, ly + 4, color,
        core::EscapeHtml(what), core::EscapeHtml(fmt_value(*level)));
  };
  // TRANSLATORS: a chart's level lines: the warning level, the critical level.
  level_line(row.warn, "#b34700", tr.TrC("chart level", "warn"), "5 3");
  level_line(row.critical, "#b71c1c", tr.TrC("chart level", "critical"), "0");
  const core::Timestamp first_day = now - (digest::kChartDays - 1) * core::kDay;
  out += fmt::format(
      "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#5b646e\">{}</text>"
      "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#5b646e\" text-anchor=\"end\">{}</text>"
      "</svg>",
      kLeft, kHeight - 6, core::EscapeHtml(digest::LocalDay(tr, first_day, zone)), kLeft + plot_w,
      kHeight - 6, core::EscapeHtml(tr.Tr("today")));
  return out;
}

}  // namespace sellerwatch::app
