#pragma once

// The projection behind MetricsEngine::ForecastRate (DESIGN.md §1.4 "forecast"), as a pure
// function of counts the engine has already summed.

#include <optional>
#include <span>

#include "core/metric_catalog.hpp"
#include "metrics/metrics_engine.hpp"

namespace sellerwatch::metrics {

struct RateParts {
  double numerator = 0;
  double denominator = 0;
};

// For day d = 1..known.size(), the window at now + d days holds the known events still inside
// it, `known[d - 1]` (those in [now + d − N days, now)), plus d days of inflow at the trailing
// daily rates, `trailing` / `trailing_days` (at most N days of it: the window holds no more).
// The projection is numerator / denominator (empty when the denominator is 0);
// warn_in_days / critical_in_days are the first d whose projection breaches the threshold as
// metrics::Breached decides (>= for "above" metrics, < for "below" ones).
Forecast ProjectRate(std::span<const RateParts> known, RateParts trailing, int trailing_days,
                     int window_days, core::Direction direction, std::optional<double> warn,
                     std::optional<double> critical);

}  // namespace sellerwatch::metrics
