#include "rules/rule_evaluation.hpp"

#include <algorithm>

namespace sellerwatch::rules {

std::vector<RuleEvaluation> EvaluateRules(const config::AccountConfig& account,
                                          std::span<const metrics::MetricValue> values) {
  std::vector<RuleEvaluation> out;
  for (const auto& rule : account.rules) {
    if (rule.kind != config::RuleKind::kThreshold) continue;
    auto it = std::find_if(values.begin(), values.end(), [&rule](const metrics::MetricValue& v) {
      return v.info.name == rule.metric;
    });
    if (it == values.end()) continue;
    out.push_back({&rule, *it, EvaluateThreshold(rule, *it)});
  }
  return out;
}

}  // namespace sellerwatch::rules
