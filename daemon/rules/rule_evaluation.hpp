#pragma once

#include <span>
#include <vector>

#include "config/config.hpp"
#include "metrics/metric_value.hpp"
#include "rules/threshold_verdict.hpp"

namespace sellerwatch::rules {

struct RuleEvaluation {
  const config::EffectiveRule* rule = nullptr;
  metrics::MetricValue value;
  Verdict verdict;
};

// Applies an account's threshold rules to its metric values. Rules whose metric has no value
// here (platform values not reported yet) are left out.
std::vector<RuleEvaluation> EvaluateRules(const config::AccountConfig& account,
                                          std::span<const metrics::MetricValue> values);

}  // namespace sellerwatch::rules
