#pragma once

#include "core/metric_value.hpp"

namespace sellerwatch::metrics {

// The value type lives in core so the store can keep snapshots of it (store is below metrics).
using core::MetricValue;

}  // namespace sellerwatch::metrics
