#include "rules/alert_builder.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/local_time.hpp"
#include "core/metric_words.hpp"
#include "core/rate.hpp"
#include "core/value_format.hpp"
#include "metrics/forecast_text.hpp"
#include "metrics/headroom.hpp"
#include "rules/kind_verdicts.hpp"
#include "rules/threshold_verdict.hpp"

namespace sellerwatch::rules {
namespace {

std::string HeadroomText(const config::EffectiveRule& rule, const metrics::MetricValue& mv) {
  if (mv.info.unit != core::MetricUnit::kRate || !mv.numerator || !rule.critical) return {};
  auto h = metrics::ComputeHeadroom(rule.direction, *mv.numerator, mv.denominator, *rule.critical,
                                    rule.allowance);
  if (!h) return {};
  std::string limit = core::FormatPercent(*rule.critical);
  if (h->bad_events_allowed) {
    long allowed = *h->bad_events_allowed;
    if (allowed == 0) {
      return fmt::format("the next {} breaches the critical {}", mv.info.bad_event, limit);
    }
    return fmt::format("{} more {} breach the critical {}", allowed + 1, mv.info.bad_events, limit);
  }
  long needed = *h->good_events_needed;
  return fmt::format("critical {} breached: {} more {} needed to recover", limit, needed,
                     needed == 1 ? mv.info.good_event : mv.info.good_events);
}

std::string ThresholdText(const config::EffectiveRule& rule, core::MetricUnit unit) {
  std::string out;
  if (rule.warn) out = "warn " + core::FormatValue(unit, *rule.warn);
  if (rule.critical) {
    if (!out.empty()) out += ", ";
    out += "critical " + core::FormatValue(unit, *rule.critical);
  }
  return out;
}

core::Alert BaseAlert(const config::AccountConfig& account, const config::EffectiveRule& rule,
                      const store::AlertStateRecord& record) {
  core::Alert a;
  a.labels = account.labels;
  a.labels["account"] = account.id;
  a.labels["marketplace"] = account.marketplace;
  a.labels["rule"] = rule.name;
  a.labels["metric"] = rule.metric;
  a.labels["severity"] = std::string(core::Name(record.severity));
  a.annotations["title"] = AlertTitle(account, rule);
  a.annotations["description"] = core::WordsFor(rule.metric, account.marketplace).description;
  a.state = record.Visible();
  a.severity = record.severity;
  a.starts_at = record.active_since.value_or(record.since);
  if (a.state == core::AlertState::kResolved) a.ends_at = record.since;
  return a;
}

void AddValue(core::Alert& a, const metrics::MetricValue& mv) {
  a.annotations["value"] = mv.value ? core::FormatValue(mv.info.unit, *mv.value) : "n/a";
  if (mv.value) a.annotations["value_raw"] = fmt::format("{}", *mv.value);
  if (mv.numerator) a.annotations["numerator"] = fmt::format("{}", std::llround(*mv.numerator));
  a.annotations["denominator"] = fmt::format("{}", std::llround(mv.denominator));
  if (mv.info.window_days) a.annotations["window"] = fmt::format("{} days", mv.info.window_days);
  a.annotations["hint"] = std::string(mv.info.hint);
}

// Flapping replaces the summary: the value flips too often to be worth a message each time.
bool SummarizeFlapping(core::Alert& a, const config::AccountConfig& account,
                       const config::EffectiveRule& rule, const store::AlertStateRecord& record) {
  if (!record.flapping) return false;
  a.annotations["summary"] = fmt::format(
      "{}: {} changed state {} times within {}; further changes are held back until it has been "
      "steady for {}",
      account.id, AlertTitle(account, rule), record.transitions.size(),
      core::FormatDuration(rule.flap_window), core::FormatDuration(rule.flap_window));
  return true;
}

std::string TrendSummary(const config::AccountConfig& account, const RuleEvaluation& ev,
                         const store::AlertStateRecord& record) {
  const TrendInput& t = *ev.trend;
  double periods =
      static_cast<double>(ev.rule->baseline.count()) / static_cast<double>(t.period.count());
  double average = periods > 0 ? t.baseline_total / periods : 0;
  std::string head = fmt::format("{}: {}: {} in the last {}", account.id,
                                 core::DisplayName(ev.rule->metric, account.marketplace),
                                 std::llround(t.current), core::FormatDuration(t.period));
  std::string versus =
      average > 0 ? fmt::format("{:.1f}x the average of {:.1f} per {} over the {} before",
                                t.current / average, average, core::FormatDuration(t.period),
                                core::FormatDuration(ev.rule->baseline))
                  : fmt::format("none in the {} before", core::FormatDuration(ev.rule->baseline));
  if (record.state == core::AlertState::kResolved) return head + ", back to normal";
  return head + ", " + versus;
}

std::string ForecastSummary(const config::AccountConfig& account, const RuleEvaluation& ev,
                            const store::AlertStateRecord& record) {
  const metrics::MetricValue& mv = ev.value;
  const std::string name = core::DisplayName(ev.rule->metric, account.marketplace);
  std::string now = mv.value ? core::FormatValue(mv.info.unit, *mv.value) : "n/a";
  if (record.state == core::AlertState::kResolved || !ev.forecast) {
    return fmt::format("{}: {} is {}; no longer heading for its limit within {}", account.id, name,
                       now, core::FormatDuration(ev.rule->within));
  }
  bool critical = record.severity == core::Severity::kCritical;
  std::optional<int> days = critical ? ev.forecast->critical_in_days : ev.forecast->warn_in_days;
  std::optional<double> level = critical ? ev.critical : ev.warn;
  std::optional<double> chance =
      critical ? ev.forecast->critical_probability : ev.forecast->warn_probability;
  const std::string target = level ? core::FormatValue(mv.info.unit, *level) : "its limit";
  // "late shipments reach 4 %" for a rate of bad events; "it falls to 95 %" for a good one.
  std::string heading = mv.info.direction == core::Direction::kAbove
                            ? fmt::format("{} reach {}", mv.info.bad_events, target)
                            : fmt::format("it falls to {}", target);
  std::string out = fmt::format("{}: {}: at this pace {} in about {} day{}", account.id, name,
                                heading, days.value_or(0), days.value_or(0) == 1 ? "" : "s");
  if (chance) {
    out += fmt::format(" — {} likely within {}", core::FormatLikelihood(*chance),
                       core::FormatDuration(ev.rule->within));
  }
  out += fmt::format(" (now {})", now);
  if (!ev.items.empty()) {
    out += fmt::format("; ship these {} order{} first, the first before {}", ev.items.size(),
                       ev.items.size() == 1 ? "" : "s",
                       core::FormatLocal(ev.items.front().deadline, account.timezone));
  }
  return out;
}

std::string AtRiskSummary(const config::AccountConfig& account, const RuleEvaluation& ev,
                          const store::AlertStateRecord& record) {
  std::size_t n = ev.items.size();
  const std::string& metric = ev.rule->metric;
  bool ship = metric == "ship_deadline_at_risk";
  bool dispute = metric == "dispute_deadline_at_risk";
  if (record.state == core::AlertState::kResolved || n == 0) {
    return fmt::format("{}: no {} any more", account.id,
                       ship      ? "orders close to their ship-by time"
                       : dispute ? "disputes close to their response deadline"
                                 : "messages close to 24 h");
  }
  std::string first = core::FormatLocal(ev.items.front().deadline, account.timezone);
  if (ship) {
    return fmt::format("{}: {} order{} must ship before {}", account.id, n, n == 1 ? "" : "s",
                       first);
  }
  if (dispute) {
    return fmt::format("{}: {} dispute{} must be answered before {}, or {} lost by default",
                       account.id, n, n == 1 ? "" : "s", first, n == 1 ? "it is" : "they are");
  }
  return fmt::format("{}: {} buyer message{} must be answered before {}", account.id, n,
                     n == 1 ? "" : "s", first);
}

// "111-222 (Mon 18:00 PST), 111-333 (...), +4 more": the ids a seller acts on.
std::string ItemList(const config::AccountConfig& account,
                     const std::vector<metrics::AtRiskItem>& items) {
  constexpr std::size_t kShown = 10;
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < kShown; ++i) {
    if (i) out += ", ";
    out += fmt::format("{} ({}{}{})", items[i].id, items[i].note, items[i].note.empty() ? "" : ", ",
                       core::FormatLocal(items[i].deadline, account.timezone));
  }
  if (items.size() > kShown) out += fmt::format(", +{} more", items.size() - kShown);
  return out;
}

}  // namespace

std::string AlertTitle(const config::AccountConfig& account, const config::EffectiveRule& rule) {
  std::string name = core::DisplayName(rule.metric, account.marketplace);
  switch (rule.kind) {
    case config::RuleKind::kForecast:
      return name + ", forecast";
    case config::RuleKind::kTrend:
      return name + ", trend";
    default:
      return name;
  }
}

core::Alert BuildAlert(const config::AccountConfig& account, const config::EffectiveRule& rule,
                       const metrics::MetricValue& mv, const store::AlertStateRecord& record) {
  core::Alert a = BaseAlert(account, rule, record);
  AddValue(a, mv);
  const core::MetricUnit unit = mv.info.unit;
  a.annotations["threshold"] = ThresholdText(rule, unit);
  if (auto h = HeadroomText(rule, mv); !h.empty()) a.annotations["headroom"] = h;
  if (SummarizeFlapping(a, account, rule, record)) return a;

  std::string sample;
  if (unit == core::MetricUnit::kRate && mv.numerator) {
    sample = fmt::format(" ({} of {})", std::llround(*mv.numerator), std::llround(mv.denominator));
  }
  const std::string& value = a.annotations["value"];
  if (record.state == core::AlertState::kResolved) {
    auto clear = ClearLevel(rule, unit);
    a.annotations["summary"] = fmt::format(
        "{}: {} is back to {}{}{}", account.id, a.annotations["title"], value, sample,
        clear ? fmt::format(", past the clear level {}", core::FormatValue(unit, *clear)) : "");
    return a;
  }
  std::optional<double> limit =
      record.severity == core::Severity::kCritical ? rule.critical : rule.warn;
  std::string bound = rule.direction == core::Direction::kAbove ? "at or above" : "below";
  a.annotations["summary"] =
      fmt::format("{}: {} is {}{}{}", account.id, a.annotations["title"], value, sample,
                  limit ? fmt::format(", {} the {} limit {}", bound, core::Name(record.severity),
                                      core::FormatValue(unit, *limit))
                        : "");
  return a;
}

core::Alert BuildAlert(const config::AccountConfig& account, const RuleEvaluation& ev,
                       const store::AlertStateRecord& record) {
  const config::EffectiveRule& rule = *ev.rule;
  if (rule.kind == config::RuleKind::kThreshold) return BuildAlert(account, rule, ev.value, record);
  core::Alert a = BaseAlert(account, rule, record);
  AddValue(a, ev.value);
  a.annotations["threshold"] = ThresholdText(rule, ev.value.info.unit);
  if (rule.kind == config::RuleKind::kForecast) {
    config::EffectiveRule levels = rule;
    levels.warn = ev.warn;
    levels.critical = ev.critical;
    a.annotations["threshold"] = ThresholdText(levels, ev.value.info.unit);
    if (ev.forecast) {
      const bool critical = record.severity == core::Severity::kCritical || !ev.warn;
      if (!ev.items.empty()) a.annotations["items"] = ItemList(account, ev.items);
      a.annotations["forecast"] = metrics::ExplainForecast(
          *ev.forecast, ev.value.info, critical ? ev.critical : ev.warn,
          critical ? ev.forecast->critical_probability : ev.forecast->warn_probability,
          ForecastModelOf(rule).within_days);
    }
  }
  if (rule.kind == config::RuleKind::kTrend && ev.trend) {
    a.annotations["threshold"] =
        fmt::format("{}{}{} the average per {}, at least {}",
                    rule.warn ? fmt::format("warn {}x", *rule.warn) : "",
                    rule.warn && rule.critical ? ", " : "",
                    rule.critical ? fmt::format("critical {}x", *rule.critical) : "",
                    core::FormatDuration(ev.trend->period), rule.min_count);
  }
  if (rule.kind == config::RuleKind::kAtRisk) {
    a.annotations["threshold"] =
        fmt::format("{} items due within {}", ThresholdText(rule, core::MetricUnit::kCount),
                    core::FormatDuration(rule.lead));
    a.annotations.erase("window");
    a.annotations["items"] = ItemList(account, ev.items);
  }
  if (rule.kind == config::RuleKind::kStatusChange) {
    auto list = [](const std::vector<std::string>& values) {
      return values.empty() ? std::string("-") : fmt::format("{}", fmt::join(values, ", "));
    };
    a.annotations["value"] = ev.status.value_or("n/a");
    a.annotations.erase("value_raw");
    a.annotations.erase("numerator");
    a.annotations.erase("denominator");
    a.annotations["threshold"] = fmt::format("warn on {}; critical on {}", list(rule.warn_values),
                                             list(rule.critical_values));
  }
  if (SummarizeFlapping(a, account, rule, record)) return a;
  switch (rule.kind) {
    case config::RuleKind::kStatusChange:
      a.annotations["summary"] =
          record.state == core::AlertState::kResolved
              ? fmt::format("{}: {} is {} again", account.id, a.annotations["title"],
                            ev.status.value_or("n/a"))
              : fmt::format("{}: {} is now {}, reported by the marketplace", account.id,
                            a.annotations["title"], ev.status.value_or("n/a"));
      break;
    case config::RuleKind::kTrend:
      a.annotations["summary"] = TrendSummary(account, ev, record);
      break;
    case config::RuleKind::kForecast:
      a.annotations["summary"] = ForecastSummary(account, ev, record);
      break;
    case config::RuleKind::kAtRisk:
      a.annotations["summary"] = AtRiskSummary(account, ev, record);
      break;
    default:
      break;
  }
  return a;
}

}  // namespace sellerwatch::rules
