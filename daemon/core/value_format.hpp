#pragma once

#include <string>

#include "core/metric_catalog.hpp"

namespace sellerwatch::core {

// A metric value as a seller reads it: "0.83%", "14h 5m", "3".
std::string FormatValue(MetricUnit unit, double value);

// A probability as "85%": never shown as 0% or 100% unless it is exactly that.
std::string FormatLikelihood(double probability);

}  // namespace sellerwatch::core
