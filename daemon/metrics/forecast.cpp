#include "metrics/forecast.hpp"

#include <algorithm>

#include "metrics/headroom.hpp"

namespace sellerwatch::metrics {

Forecast ProjectRate(std::span<const RateParts> known, RateParts trailing, int trailing_days,
                     int window_days, core::Direction direction, std::optional<double> warn,
                     std::optional<double> critical) {
  Forecast out;
  out.projected.reserve(known.size());
  const double days = trailing_days > 0 ? static_cast<double>(trailing_days) : 1.0;
  const double numerator_per_day = trailing.numerator / days;
  const double denominator_per_day = trailing.denominator / days;
  for (std::size_t i = 0; i < known.size(); ++i) {
    const int d = static_cast<int>(i) + 1;
    const double inflow_days = static_cast<double>(std::min(d, window_days));
    const double numerator = known[i].numerator + inflow_days * numerator_per_day;
    const double denominator = known[i].denominator + inflow_days * denominator_per_day;
    std::optional<double> value;
    if (denominator > 0) value = numerator / denominator;
    out.projected.push_back(value);
    if (!value) continue;
    if (warn && !out.warn_in_days && Breached(direction, *value, *warn)) out.warn_in_days = d;
    if (critical && !out.critical_in_days && Breached(direction, *value, *critical)) {
      out.critical_in_days = d;
    }
  }
  return out;
}

}  // namespace sellerwatch::metrics
