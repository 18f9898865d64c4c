#pragma once

#include <optional>
#include <vector>

#include "config/config.hpp"
#include "metrics/metric_value.hpp"
#include "metrics/metrics_engine.hpp"
#include "rules/kind_verdicts.hpp"
#include "rules/threshold_verdict.hpp"

namespace sellerwatch::rules {

class ForecastCache;

// One rule of one account judged at one instant, with what the judgement rests on.
struct RuleEvaluation {
  const config::EffectiveRule* rule = nullptr;
  metrics::MetricValue value;  // the metric; for at-risk rules the number of items
  Verdict verdict;
  std::optional<metrics::Forecast> forecast;  // forecast rules
  std::vector<metrics::AtRiskItem> items;     // at-risk rules; a late-shipment forecast: ship first
  std::optional<TrendInput> trend;            // trend rules
  std::optional<double> warn, critical;       // the levels used (forecast rules may inherit)
  std::optional<std::string> status;          // status_change rules: the reported value
};

struct AccountEvaluation {
  std::vector<metrics::MetricValue> values;  // every window metric
  std::vector<RuleEvaluation> rules;
};

// Applies every enabled rule of an account. status_change rules judge the latest `platform`
// event of their metric; trend rules apply to negative_feedback_count_7d; other combinations
// are left out.
// With a `cache`, forecast rules reuse a forecast still valid for the account (ForecastCache).
AccountEvaluation EvaluateAccount(const config::AccountConfig& account,
                                  const metrics::MetricsEngine& engine, core::Timestamp now,
                                  ForecastCache* cache = nullptr);

// The threshold rule that speaks for a metric (status, forecasts), if any.
const config::EffectiveRule* ThresholdRuleFor(const config::AccountConfig& account,
                                              std::string_view metric);

}  // namespace sellerwatch::rules
