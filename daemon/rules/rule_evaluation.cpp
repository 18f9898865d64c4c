#include "rules/rule_evaluation.hpp"

#include <algorithm>

#include "rules/forecast_cache.hpp"

namespace sellerwatch::rules {
namespace {

const metrics::MetricValue* Find(const std::vector<metrics::MetricValue>& values,
                                 std::string_view metric) {
  auto it = std::find_if(values.begin(), values.end(),
                         [&](const metrics::MetricValue& v) { return v.info.name == metric; });
  return it == values.end() ? nullptr : &*it;
}

std::optional<RuleEvaluation> EvaluateThresholdRule(
    const config::EffectiveRule& rule, const std::vector<metrics::MetricValue>& values) {
  const auto* value = Find(values, rule.metric);
  if (!value) return std::nullopt;
  return RuleEvaluation{
      &rule, *value, EvaluateThreshold(rule, *value), {}, {}, {}, rule.warn, rule.critical, {}};
}

std::optional<RuleEvaluation> EvaluateTrendRule(const config::EffectiveRule& rule,
                                                const std::vector<metrics::MetricValue>& values,
                                                const std::string& account,
                                                const metrics::MetricsEngine& engine,
                                                core::Timestamp now) {
  const auto* value = Find(values, rule.metric);
  if (!value || rule.metric != "negative_feedback_count_7d") return std::nullopt;
  core::Duration period = value->info.window_days * core::kDay;
  TrendInput in{engine.NegativeFeedbackBetween(account, now - period, now),
                engine.NegativeFeedbackBetween(account, now - period - rule.baseline, now - period),
                period};
  return RuleEvaluation{&rule, *value,    EvaluateTrend(rule, in), {}, {},
                        in,    rule.warn, rule.critical,           {}};
}

// How far ahead a late-shipment forecast looks for the orders to ship first.
constexpr core::Duration kShipFirstLead = std::chrono::hours(24);

std::optional<RuleEvaluation> EvaluateForecastRule(const config::AccountConfig& account,
                                                   const config::EffectiveRule& rule,
                                                   const std::vector<metrics::MetricValue>& values,
                                                   const metrics::MetricsEngine& engine,
                                                   core::Timestamp now, ForecastCache* cache) {
  const auto* value = Find(values, rule.metric);
  if (!value || value->info.unit != core::MetricUnit::kRate) return std::nullopt;
  // Without levels of its own, a forecast rule projects towards the metric's threshold rule.
  config::EffectiveRule levels = rule;
  if (!rule.warn && !rule.critical) {
    const auto* threshold = ThresholdRuleFor(account, rule.metric);
    if (!threshold) return std::nullopt;
    levels.warn = threshold->warn;
    levels.critical = threshold->critical;
    levels.min_sample = threshold->min_sample;
  }
  const ForecastQuery query{
      engine.ChangeStamp(account.id), rule.metric, levels.direction, levels.warn, levels.critical,
      ForecastModelOf(rule)};
  std::optional<metrics::Forecast> forecast;
  if (const metrics::Forecast* kept =
          cache ? cache->Find(account.id, rule.name, query, now) : nullptr) {
    forecast = *kept;
  } else {
    forecast = engine.ForecastRate(account.id, rule.metric, levels.direction, levels.warn,
                                   levels.critical, now, kForecastHorizonDays, query.model);
    if (!forecast) return std::nullopt;
    if (cache) cache->Put(account.id, rule.name, query, now, *forecast);
  }
  Verdict now_verdict = EvaluateThreshold(levels, *value);
  Verdict v =
      now_verdict.insufficient_data ? now_verdict : EvaluateForecast(rule, *forecast, now_verdict);
  // Late shipments are the one forecast the seller can still bend today: the orders due next.
  std::vector<metrics::AtRiskItem> ship_first;
  if (v.breached && rule.metric.starts_with("late_shipment_rate")) {
    ship_first = engine.ShipDeadlinesAtRisk(account.id, now, kShipFirstLead);
  }
  return RuleEvaluation{
      &rule,       *value,          v, std::move(*forecast), std::move(ship_first), {},
      levels.warn, levels.critical, {}};
}

std::optional<RuleEvaluation> EvaluateAtRiskRule(const config::AccountConfig& account,
                                                 const config::EffectiveRule& rule,
                                                 const metrics::MetricsEngine& engine,
                                                 core::Timestamp now) {
  auto info = core::FindMetric(rule.metric);
  if (!info) return std::nullopt;
  std::vector<metrics::AtRiskItem> items;
  if (rule.metric == "ship_deadline_at_risk") {
    items = engine.ShipDeadlinesAtRisk(account.id, now, rule.lead);
  } else if (rule.metric == "reply_deadline_at_risk") {
    items = engine.RepliesAtRisk(account.id, now, rule.lead);
  } else if (rule.metric == "dispute_deadline_at_risk") {
    items = engine.DisputeDeadlinesAtRisk(account.id, now, rule.lead);
  } else {
    return std::nullopt;
  }
  double n = static_cast<double>(items.size());
  metrics::MetricValue value{*info, std::nullopt, n, n};
  Verdict v = EvaluateAtRisk(rule, items.size());
  return RuleEvaluation{&rule, value, v, {}, std::move(items), {}, rule.warn, rule.critical, {}};
}

std::optional<RuleEvaluation> EvaluateStatusChangeRule(const config::AccountConfig& account,
                                                       const config::EffectiveRule& rule,
                                                       const metrics::MetricsEngine& engine) {
  auto info = core::FindMetric(rule.metric);
  if (!info) return std::nullopt;
  auto status = engine.PlatformStatus(account.id, rule.metric);
  Verdict v = EvaluateStatusChange(rule, status);
  return RuleEvaluation{&rule,
                        metrics::MetricValue{*info, std::nullopt, 0, std::nullopt},
                        v,
                        {},
                        {},
                        {},
                        {},
                        {},
                        std::move(status)};
}

}  // namespace

const config::EffectiveRule* ThresholdRuleFor(const config::AccountConfig& account,
                                              std::string_view metric) {
  // Several rules may watch one metric (eBay's Top Rated beside Above Standard): the one named
  // after the metric wins, then one with a critical level, then the first.
  const config::EffectiveRule* best = nullptr;
  auto rank = [metric](const config::EffectiveRule& r) {
    return r.name == metric ? 2 : (r.critical ? 1 : 0);
  };
  for (const auto& r : account.rules) {
    if (r.kind != config::RuleKind::kThreshold || r.metric != metric) continue;
    if (!best || rank(r) > rank(*best)) best = &r;
  }
  return best;
}

AccountEvaluation EvaluateAccount(const config::AccountConfig& account,
                                  const metrics::MetricsEngine& engine, core::Timestamp now,
                                  ForecastCache* cache) {
  AccountEvaluation out;
  out.values = engine.Compute(account.id, now);
  for (const auto& rule : account.rules) {
    std::optional<RuleEvaluation> ev;
    switch (rule.kind) {
      case config::RuleKind::kThreshold:
        ev = EvaluateThresholdRule(rule, out.values);
        break;
      case config::RuleKind::kTrend:
        ev = EvaluateTrendRule(rule, out.values, account.id, engine, now);
        break;
      case config::RuleKind::kForecast:
        ev = EvaluateForecastRule(account, rule, out.values, engine, now, cache);
        break;
      case config::RuleKind::kAtRisk:
        ev = EvaluateAtRiskRule(account, rule, engine, now);
        break;
      case config::RuleKind::kStatusChange:
        ev = EvaluateStatusChangeRule(account, rule, engine);
        break;
    }
    if (ev) out.rules.push_back(std::move(*ev));
  }
  return out;
}

}  // namespace sellerwatch::rules
