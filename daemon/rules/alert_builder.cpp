#include "rules/alert_builder.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/rate.hpp"
#include "core/value_format.hpp"
#include "metrics/headroom.hpp"
#include "rules/threshold_verdict.hpp"

namespace sellerwatch::rules {
namespace {

std::string HeadroomText(const config::EffectiveRule& rule, const metrics::MetricValue& mv) {
  if (mv.info.unit != core::MetricUnit::kRate || !mv.numerator || !rule.critical) return {};
  auto h = metrics::ComputeHeadroom(rule.direction, *mv.numerator, mv.denominator, *rule.critical);
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

}  // namespace

core::Alert BuildAlert(const config::AccountConfig& account, const config::EffectiveRule& rule,
                       const metrics::MetricValue& mv, const store::AlertStateRecord& record) {
  core::Alert a;
  a.labels = account.labels;
  a.labels["account"] = account.id;
  a.labels["marketplace"] = account.marketplace;
  a.labels["rule"] = rule.name;
  a.labels["metric"] = rule.metric;
  a.labels["severity"] = std::string(core::Name(record.severity));
  a.state = record.state;
  a.severity = record.severity;
  a.starts_at = record.active_since.value_or(record.since);
  if (record.state == core::AlertState::kResolved) a.ends_at = record.since;

  const core::MetricUnit unit = mv.info.unit;
  std::string value = mv.value ? core::FormatValue(unit, *mv.value) : "n/a";
  std::string window = mv.info.window_days ? fmt::format("{} days", mv.info.window_days) : "";
  std::string sample;
  if (unit == core::MetricUnit::kRate && mv.numerator) {
    sample = fmt::format(" ({} of {})", std::llround(*mv.numerator), std::llround(mv.denominator));
  }
  std::optional<double> limit =
      record.severity == core::Severity::kCritical ? rule.critical : rule.warn;
  std::string bound = rule.direction == core::Direction::kAbove ? "at or above" : "below";
  if (record.state == core::AlertState::kResolved) {
    auto clear = ClearLevel(rule, unit);
    a.annotations["summary"] = fmt::format(
        "{} {} is back to {}{}{}", account.id, rule.metric, value, sample,
        clear ? fmt::format(", past the clear level {}", core::FormatValue(unit, *clear)) : "");
  } else {
    a.annotations["summary"] =
        fmt::format("{} {} is {}{}{}", account.id, rule.metric, value, sample,
                    limit ? fmt::format(", {} the {} limit {}", bound, core::Name(record.severity),
                                        core::FormatValue(unit, *limit))
                          : "");
  }
  a.annotations["value"] = value;
  if (mv.value) a.annotations["value_raw"] = fmt::format("{}", *mv.value);
  if (mv.numerator) a.annotations["numerator"] = fmt::format("{}", std::llround(*mv.numerator));
  a.annotations["denominator"] = fmt::format("{}", std::llround(mv.denominator));
  a.annotations["threshold"] = ThresholdText(rule, unit);
  if (auto h = HeadroomText(rule, mv); !h.empty()) a.annotations["headroom"] = h;
  if (!window.empty()) a.annotations["window"] = window;
  a.annotations["hint"] = std::string(mv.info.hint);
  return a;
}

}  // namespace sellerwatch::rules
