#include "rules/threshold_verdict.hpp"

#include "metrics/headroom.hpp"

namespace sellerwatch::rules {

std::optional<double> ClearLevel(const config::EffectiveRule& rule, core::MetricUnit unit) {
  if (rule.clear) return rule.clear;
  std::optional<double> lowest = rule.warn ? rule.warn : rule.critical;
  if (!lowest) return std::nullopt;
  if (rule.direction == core::Direction::kAbove) return *lowest * 0.9;
  if (unit == core::MetricUnit::kRate) return 1.0 - (1.0 - *lowest) * 0.9;
  return *lowest * 1.1;
}

Verdict EvaluateThreshold(const config::EffectiveRule& rule, const metrics::MetricValue& mv) {
  Verdict v;
  bool is_rate = mv.info.unit == core::MetricUnit::kRate;
  if (!mv.value || (is_rate && mv.denominator < rule.min_sample)) {
    v.insufficient_data = true;
    return v;
  }
  double x = *mv.value;
  double count = mv.numerator.value_or(rule.allowance + 1.0);
  auto breached = [&](double level) {
    return metrics::BreachedWithAllowance(rule.direction, x, count, level, rule.allowance);
  };
  if (rule.critical && breached(*rule.critical)) {
    v.breached = core::Severity::kCritical;
  } else if (rule.warn && breached(*rule.warn)) {
    v.breached = core::Severity::kWarning;
  }
  if (auto clear = ClearLevel(rule, mv.info.unit)) {
    v.clear = rule.direction == core::Direction::kAbove ? x < *clear : x > *clear;
  }
  if (rule.direction == core::Direction::kAbove && count <= rule.allowance) v.clear = true;
  return v;
}

}  // namespace sellerwatch::rules
