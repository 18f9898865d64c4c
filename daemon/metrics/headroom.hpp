#pragma once

#include <optional>

#include "core/metric_catalog.hpp"

namespace sellerwatch::metrics {

// How far a rate is from its critical threshold, in events, with the current denominator.
// Breach semantics: an "above" rate is breached at or over the threshold (Amazon's "< 1 %"
// target means exactly 1 % is out); a "below" rate is breached strictly under it (a 95 % floor
// is met at exactly 95 %).
struct Headroom {
  // Further bad events (defects, late or untracked orders) the window takes before the
  // threshold is breached. Empty when already breached.
  std::optional<long> bad_events_allowed;
  // Good events (defect-free orders, on-time deliveries) needed to get back out of breach.
  // Empty when not breached.
  std::optional<long> good_events_needed;
};

bool Breached(core::Direction direction, double value, double threshold);

// `numerator` counts bad events for "above" metrics and good events for "below" metrics, as
// the metric is defined. Empty when the denominator is 0 or the threshold cannot be met.
// `allowance` (eBay's absolute counts, "at most 3 defects"): an "above" rate is not breached
// while the numerator is at most this many, whatever the rate.
std::optional<Headroom> ComputeHeadroom(core::Direction direction, double numerator,
                                        double denominator, double threshold, int allowance = 0);

// Breach with an allowance: the rate is breached and the count is past the allowance.
bool BreachedWithAllowance(core::Direction direction, double value, double numerator,
                           double threshold, int allowance);

}  // namespace sellerwatch::metrics
