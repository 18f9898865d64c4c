#pragma once

// The settings of one rule entry — a preset rule, a top-level `rules:` entry or an account
// `thresholds:` entry — read from YAML. Threshold values are read in the unit of the rule's
// metric (a fraction for rates, seconds for durations, a multiple for trends, strings for
// status changes), so the metric and kind must be known first.

#include <span>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "config/yaml_reader.hpp"
#include "core/metric_catalog.hpp"

namespace sellerwatch::config {

enum class RuleOrigin { kPreset, kRules, kThresholds };

// One layer of a rule: what one entry wrote. Layers merge field by field (rule_resolution).
struct RuleLayer {
  RuleOrigin origin = RuleOrigin::kPreset;
  std::string path;  // names the entry in messages: "accounts[0].thresholds.order_defect_rate"
  Location where;    // the entry
  RuleSettings settings;
  bool has_warn_values = false;  // status_change: `warn:` was written
  bool has_critical_values = false;
  Location warn_where;  // where `warn:` / `critical:` were written, for ordering errors
  Location critical_where;
};

// The keys every rule entry takes.
std::span<const std::string_view> RuleSettingKeys();

// How a threshold value is written and stored.
enum class ValueKind { kRate, kCount, kDuration, kNumber, kMultiplier, kStatus };
ValueKind ValueKindFor(const core::MetricInfo& metric, RuleKind kind);
// A stored value as the user would write it: "0.9%", "12h", "2x", "3".
std::string FormatValue(double value, ValueKind kind);

// The kind a rule has when none is written: at_risk for the *_at_risk groups, status_change for
// values the marketplace reports (platform.*), threshold otherwise.
RuleKind DefaultKind(const core::MetricInfo& metric);

// `metric:` — a catalogue metric or platform.<name>; an unknown one is an error with a
// did-you-mean suggestion.
std::optional<std::string> ReadMetricName(Reader& reader, const Field& f);
// `kind:` — threshold | trend | forecast | status_change | at_risk.
std::optional<RuleKind> ReadRuleKind(Reader& reader, const Field& f);
// Reports "unknown metric 'x'; did you mean 'y'?" at `where`.
void ReportUnknownMetric(Reader& reader, const Location& where, std::string_view path,
                         std::string_view quoted_name, std::string_view name);

// Reads the RuleSettingKeys() present in `map` into `layer`. Without a metric (it was unknown,
// and that was reported) the threshold values are skipped.
void ReadRuleSettings(MapReader& map, const core::MetricInfo* metric, RuleKind kind,
                      RuleLayer& layer);

}  // namespace sellerwatch::config
