#pragma once

#include <optional>

#include "config/config.hpp"
#include "metrics/metric_value.hpp"

namespace sellerwatch::rules {

// What a threshold rule concludes from one metric value, before any timing (for, clear_for).
struct Verdict {
  bool insufficient_data = false;          // below min_sample: neither fire nor resolve
  std::optional<core::Severity> breached;  // the worst threshold crossed
  bool clear = false;                      // on the good side of the clear level
};

Verdict EvaluateThreshold(const config::EffectiveRule& rule, const metrics::MetricValue& value);

// The level a firing alert must get back past to resolve: `clear` when set, otherwise the
// lowest threshold with 10 % hysteresis (0.9 × it for "above"; for "below" rates, 10 % of the
// distance to 100 %, so a 97 % floor clears at 97.3 %).
std::optional<double> ClearLevel(const config::EffectiveRule& rule, core::MetricUnit unit);

}  // namespace sellerwatch::rules
