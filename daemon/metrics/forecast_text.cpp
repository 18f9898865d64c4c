#include "metrics/forecast_text.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/value_format.hpp"

namespace sellerwatch::metrics {
namespace {

// A pace per day: one decimal while small ("0.6", "2"), whole above ten ("14").
std::string Pace(double per_day) {
  std::string s = fmt::format("{:.{}f}", per_day, per_day >= 10 ? 0 : 1);
  if (s.ends_with(".0")) s.resize(s.size() - 2);
  return s;
}

}  // namespace

std::string FormatLikelihood(double probability) {
  double percent = std::round(probability * 100);
  // A chance that is not certain is never shown as certain, nor a possible one as impossible.
  if (percent >= 100 && probability < 1) percent = 99;
  if (percent <= 0 && probability > 0) percent = 1;
  return fmt::format("{:.0f}%", percent);
}

std::string ExplainForecast(const Forecast& forecast, const core::MetricInfo& info,
                            std::optional<double> level, std::optional<double> probability,
                            int within_days) {
  std::string out = fmt::format(
      "{} {} a day lately (usually {}) of {} a day", Pace(forecast.recent_bad_per_day),
      info.bad_events, Pace(forecast.baseline_bad_per_day), Pace(forecast.denominator_per_day));
  out += fmt::format("; {:.0f} {} of {:.0f} leave the window within {} day{}", forecast.leaving_bad,
                     info.bad_events, forecast.leaving_total, within_days,
                     within_days == 1 ? "" : "s");
  if (level && probability) {
    out += fmt::format("; reaching {} within {} day{}: {} likely",
                       core::FormatValue(info.unit, *level), within_days,
                       within_days == 1 ? "" : "s", FormatLikelihood(*probability));
  }
  return out;
}

}  // namespace sellerwatch::metrics
