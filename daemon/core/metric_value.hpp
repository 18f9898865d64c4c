#pragma once

#include <optional>
#include <string>

#include "core/metric_catalog.hpp"

namespace sellerwatch::core {

// One metric of one account at one instant. For rates, value = numerator / denominator and is
// empty when the denominator is 0; for counts and durations the denominator is the sample size.
struct MetricValue {
  MetricInfo info;
  std::optional<double> numerator;
  double denominator = 0;
  std::optional<double> value;
};

}  // namespace sellerwatch::core
