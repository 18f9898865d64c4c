#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "metrics/account_events.hpp"
#include "metrics/metric_value.hpp"

namespace sellerwatch::metrics {

// The rolling-window metrics of DESIGN.md §1.4, computed from scratch over an account's events.
// Each window is [now - N days, now) on the metric's reference time. This is the reference
// definition: any faster engine must agree with it. `window_days` replaces the metric's own
// window (the same counts over another period, as a forecast's daily history takes them).
std::optional<MetricValue> ComputeMetric(std::string_view name, const AccountEvents& events,
                                         core::Timestamp now,
                                         std::optional<int> window_days = std::nullopt);
// Every catalogue metric that is computed from events (not at-risk groups or platform values).
std::vector<MetricValue> ComputeAllMetrics(const AccountEvents& events, core::Timestamp now);

}  // namespace sellerwatch::metrics
