#include "rules/kind_verdicts.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>

namespace sellerwatch::rules {

Verdict EvaluateTrend(const config::EffectiveRule& rule, const TrendInput& in) {
  Verdict v;
  if (in.period.count() <= 0 || rule.baseline.count() <= 0) {
    v.insufficient_data = true;
    return v;
  }
  double periods =
      static_cast<double>(rule.baseline.count()) / static_cast<double>(in.period.count());
  double average = in.baseline_total / periods;
  auto reached = [&](std::optional<double> multiple, double factor) {
    return multiple && in.current >= rule.min_count &&
           in.current >= *multiple * average * factor - 1e-9;
  };
  if (reached(rule.critical, 1.0)) {
    v.breached = core::Severity::kCritical;
  } else if (reached(rule.warn, 1.0)) {
    v.breached = core::Severity::kWarning;
  }
  std::optional<double> lowest = rule.warn ? rule.warn : rule.critical;
  v.clear = !lowest || in.current < rule.min_count || in.current < *lowest * average * 0.9;
  return v;
}

metrics::ForecastModel ForecastModelOf(const config::EffectiveRule& rule) {
  metrics::ForecastModel model;
  model.within_days = static_cast<int>(std::ceil(static_cast<double>(rule.within.count()) /
                                                 static_cast<double>(core::kDay.count())));
  model.probability = rule.probability;
  return model;
}

Verdict EvaluateForecast(const config::EffectiveRule& rule, const metrics::Forecast& forecast,
                         const Verdict& current) {
  Verdict v;
  const int within_days = ForecastModelOf(rule).within_days;
  auto soon = [&](const std::optional<int>& days) { return days && *days <= within_days; };
  bool critical_now = current.breached == core::Severity::kCritical;
  bool warn_now = current.breached.has_value();
  if (soon(forecast.critical_in_days) && !critical_now) {
    v.breached = core::Severity::kCritical;
  } else if (soon(forecast.warn_in_days) && !warn_now) {
    v.breached = core::Severity::kWarning;
  }
  v.clear = !v.breached;
  return v;
}

namespace {

bool SameText(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool Listed(const std::vector<std::string>& values, const std::string& value) {
  return std::any_of(values.begin(), values.end(),
                     [&](const std::string& v) { return SameText(v, value); });
}

}  // namespace

Verdict EvaluateStatusChange(const config::EffectiveRule& rule,
                             const std::optional<std::string>& value) {
  Verdict v;
  if (!value) {
    v.insufficient_data = true;
    return v;
  }
  if (Listed(rule.critical_values, *value)) {
    v.breached = core::Severity::kCritical;
  } else if (Listed(rule.warn_values, *value)) {
    v.breached = core::Severity::kWarning;
  }
  v.clear = !v.breached;
  return v;
}

Verdict EvaluateAtRisk(const config::EffectiveRule& rule, std::size_t items) {
  Verdict v;
  double n = static_cast<double>(items);
  if (rule.critical && n >= *rule.critical) {
    v.breached = core::Severity::kCritical;
  } else if (rule.warn && n >= *rule.warn) {
    v.breached = core::Severity::kWarning;
  }
  std::optional<double> lowest = rule.warn ? rule.warn : rule.critical;
  v.clear = !lowest || n < *lowest;
  return v;
}

}  // namespace sellerwatch::rules
