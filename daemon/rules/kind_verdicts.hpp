#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "metrics/metrics_engine.hpp"
#include "rules/threshold_verdict.hpp"

namespace sellerwatch::rules {

// The verdicts of the rule kinds beside `threshold`. Each is pure; the evaluator gathers the
// numbers from the metrics engine.

// trend: the count of the last `period` against the per-period average of the `baseline`
// before it (e.g. negative feedback in 7 days vs the weekly average of the 28 days before).
// Breached at warn × average (critical × average) once the count is at least min_count; from a
// zero baseline any count of min_count or more is a spike. Clear below 0.9 × that level, or
// under min_count.
struct TrendInput {
  double current = 0;         // count in [now - period, now)
  double baseline_total = 0;  // count in [now - period - baseline, now - period)
  core::Duration period{0};
};
Verdict EvaluateTrend(const config::EffectiveRule& rule, const TrendInput& input);

// Days a forecast looks ahead (status shows them all; rules judge `within` of them).
inline constexpr int kForecastHorizonDays = 14;
// The forecast model a forecast rule asks for: its `within` (in whole days) and `probability`.
metrics::ForecastModel ForecastModelOf(const config::EffectiveRule& rule);

// forecast: breached when crossing the critical level (critical) or the warn level (warning)
// becomes at least `probability` likely within `within` days — unless the metric is already
// past that level now, which is the threshold rule's alert, not a forecast.
Verdict EvaluateForecast(const config::EffectiveRule& rule, const metrics::Forecast& forecast,
                         const Verdict& current);

// status_change: a value the marketplace reports (account status, standards level) is
// critical while it is one of critical_values, a warning while it is one of warn_values, and
// clear otherwise — so a move to AT_RISK fires and the move back to NORMAL resolves. No value
// reported yet is insufficient data. Values compare case-insensitively.
Verdict EvaluateStatusChange(const config::EffectiveRule& rule,
                             const std::optional<std::string>& value);

// at_risk: breached when the number of items at risk reaches warn (critical); clear below warn.
Verdict EvaluateAtRisk(const config::EffectiveRule& rule, std::size_t items);

}  // namespace sellerwatch::rules
