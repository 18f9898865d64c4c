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

std::string ExplainForecast(const Forecast& forecast, const core::MetricInfo& info,
                            std::optional<double> level, std::optional<double> probability,
                            int within_days) {
  auto counted = [&info](const std::string& n) {
    return fmt::format("{} {}", n, n == "1" ? info.bad_event : info.bad_events);
  };
  auto days = [](int n) { return fmt::format("{} day{}", n, n == 1 ? "" : "s"); };
  std::string out = fmt::format(
      "{} a day lately (usually {}) of {} a day", counted(Pace(forecast.recent_bad_per_day)),
      Pace(forecast.baseline_bad_per_day), Pace(forecast.denominator_per_day));
  out += fmt::format("; {} of {:.0f} leave the window within {}",
                     counted(fmt::format("{:.0f}", forecast.leaving_bad)), forecast.leaving_total,
                     days(within_days));
  if (forecast.maturing_bad >= 0.5) {
    out += fmt::format("; about {} still to be reported for orders already in it",
                       counted(fmt::format("{:.0f}", forecast.maturing_bad)));
  }
  if (level && probability) {
    out += fmt::format("; reaching {} within {}: {} likely", core::FormatValue(info.unit, *level),
                       days(within_days), core::FormatLikelihood(*probability));
  }
  return out;
}

}  // namespace sellerwatch::metrics
