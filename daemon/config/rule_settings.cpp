#include "config/rule_settings.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>

#include "config/did_you_mean.hpp"
#include "core/rate.hpp"
#include "core/time.hpp"

namespace sellerwatch::config {
namespace {

constexpr std::array<std::string_view, 16> kSettingKeys = {
    "warn",       "critical", "clear",       "direction", "for",    "clear_for",
    "min_sample", "enabled",  "baseline",    "min_count", "within", "probability",
    "lead",       "flap_max", "flap_window", "allowance"};

constexpr std::int64_t kMaxCount = std::numeric_limits<std::int32_t>::max();

std::optional<double> ReadMultiplier(Reader& reader, const Field& f) {
  constexpr std::string_view kHint = "expected a multiple of the baseline like 2x or 1.5";
  if (!f.node.IsScalar()) {
    reader.Error(f, fmt::format("{}, got {}", kHint, Describe(f.node)));
    return std::nullopt;
  }
  auto s = reader.ReadScalar(f);
  if (!s || s->unresolved) return std::nullopt;
  std::string_view text = s->value;
  if (!text.empty() && (text.back() == 'x' || text.back() == 'X')) text.remove_suffix(1);
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v) ||
      v <= 0) {
    reader.Error(f, fmt::format("invalid multiplier {}: {}", s->Quoted(), kHint));
    return std::nullopt;
  }
  return v;
}

std::optional<double> ReadValue(Reader& reader, const Field& f, ValueKind kind) {
  switch (kind) {
    case ValueKind::kRate: {
      auto v = reader.ReadRate(f);
      if (v && f.node.IsScalar() && f.node.Scalar() == "1")
        reader.Warning(f, "1 is read as a fraction (100%); write 1% for one percent");
      return v;
    }
    case ValueKind::kCount: {
      auto v = reader.ReadInt(f, 0, kMaxCount);
      if (!v) return std::nullopt;
      return static_cast<double>(*v);
    }
    case ValueKind::kDuration: {
      auto v = reader.ReadDuration(f, Positive::kNo);
      if (!v) return std::nullopt;
      return static_cast<double>(v->count()) / 1000.0;
    }
    case ValueKind::kNumber:
      return reader.ReadNumber(f);
    case ValueKind::kMultiplier:
      return ReadMultiplier(reader, f);
    case ValueKind::kStatus:
      break;
  }
  return std::nullopt;
}

// A status value or a list of them: `critical: AT_RISK` or `critical: [AT_RISK, DEACTIVATED]`.
std::optional<std::vector<std::string>> ReadStatusValues(Reader& reader, const Field& f) {
  std::vector<Scalar> scalars;
  if (f.node.IsSequence()) {
    auto list = reader.ReadScalarList(f);
    if (!list) return std::nullopt;
    scalars = std::move(*list);
  } else if (f.node.IsScalar()) {
    auto s = reader.ReadScalar(f);
    if (!s) return std::nullopt;
    scalars.push_back(std::move(*s));
  } else {
    reader.Error(f,
                 fmt::format("expected a status or a list of statuses, got {}", Describe(f.node)));
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (auto& s : scalars) {
    if (s.value.empty() && !s.unresolved) {
      reader.Error(s.where, f.path, "a status value must not be empty");
      return std::nullopt;
    }
    out.push_back(std::move(s.value));
  }
  return out;
}

void ReadOptionalDuration(MapReader& map, std::string_view key, Positive positive,
                          std::optional<Duration>& out) {
  Duration d{0};
  if (map.Read(key, d, positive)) out = d;
}

void ReadOptionalInt(MapReader& map, std::string_view key, int min, std::optional<int>& out) {
  int v = 0;
  if (map.Read(key, v, min, static_cast<int>(kMaxCount))) out = v;
}

}  // namespace

std::span<const std::string_view> RuleSettingKeys() { return kSettingKeys; }

ValueKind ValueKindFor(const core::MetricInfo& metric, RuleKind kind) {
  if (kind == RuleKind::kStatusChange) return ValueKind::kStatus;
  if (kind == RuleKind::kTrend) return ValueKind::kMultiplier;
  switch (metric.unit) {
    case core::MetricUnit::kRate:
      return ValueKind::kRate;
    case core::MetricUnit::kCount:
      return ValueKind::kCount;
    case core::MetricUnit::kDuration:
      return ValueKind::kDuration;
    case core::MetricUnit::kNumber:
    case core::MetricUnit::kStatus:  // a threshold on a reported value: a score such as AHR
      return ValueKind::kNumber;
  }
  return ValueKind::kNumber;
}

std::string FormatValue(double value, ValueKind kind) {
  switch (kind) {
    case ValueKind::kRate:
      return core::FormatPercent(value);
    case ValueKind::kDuration:
      return core::FormatDuration(Duration(std::llround(value * 1000.0)));
    case ValueKind::kMultiplier:
      return fmt::format("{}x", value);
    case ValueKind::kCount:
    case ValueKind::kNumber:
    case ValueKind::kStatus:
      break;
  }
  return fmt::format("{}", value);
}

RuleKind DefaultKind(const core::MetricInfo& metric) {
  constexpr std::string_view kAtRisk = "_at_risk";
  std::string_view name = metric.name;
  if (name.size() > kAtRisk.size() && name.substr(name.size() - kAtRisk.size()) == kAtRisk)
    return RuleKind::kAtRisk;
  if (metric.unit == core::MetricUnit::kStatus) return RuleKind::kStatusChange;
  return RuleKind::kThreshold;
}

std::optional<std::string> ReadMetricName(Reader& reader, const Field& f) {
  auto s = reader.ReadScalar(f);
  if (!s || s->unresolved) return std::nullopt;
  if (!core::FindMetric(s->value)) {
    ReportUnknownMetric(reader, f.where, f.path, s->Quoted(), s->redact ? "" : s->value);
    return std::nullopt;
  }
  return std::move(s->value);
}

void ReportUnknownMetric(Reader& reader, const Location& where, std::string_view path,
                         std::string_view quoted_name, std::string_view name) {
  std::vector<std::string_view> names;
  for (const auto& m : core::AllMetrics()) names.push_back(m.name);
  std::string suggestion = name.empty() ? "" : DidYouMean(name, names);
  if (suggestion.empty()) {
    suggestion = fmt::format(" (known: {}, or platform.<name> for a value the marketplace reports)",
                             fmt::join(names, ", "));
  }
  reader.Error(where, path, fmt::format("unknown metric {}{}", quoted_name, suggestion));
}

std::optional<RuleKind> ReadRuleKind(Reader& reader, const Field& f) {
  auto s = reader.ReadScalar(f);
  if (!s || s->unresolved) return std::nullopt;
  if (auto kind = ParseRuleKind(s->value)) return kind;
  constexpr std::array<std::string_view, 5> kKinds = {"threshold", "trend", "forecast",
                                                      "status_change", "at_risk"};
  reader.Error(f, fmt::format("unknown rule kind {}{}: expected threshold, trend, forecast, "
                              "status_change or at_risk",
                              s->Quoted(), s->redact ? "" : DidYouMean(s->value, kKinds)));
  return std::nullopt;
}

void ReadRuleSettings(MapReader& map, const core::MetricInfo* metric, RuleKind kind,
                      RuleLayer& layer) {
  Reader& reader = map.reader();
  RuleSettings& s = layer.settings;
  if (metric != nullptr) {
    ValueKind value_kind = ValueKindFor(*metric, kind);
    if (auto f = map.Get("warn")) {
      layer.warn_where = f->where;
      if (value_kind == ValueKind::kStatus) {
        if (auto v = ReadStatusValues(reader, *f)) {
          s.warn_values = std::move(*v);
          layer.has_warn_values = true;
        }
      } else {
        s.warn = ReadValue(reader, *f, value_kind);
      }
    }
    if (auto f = map.Get("critical")) {
      layer.critical_where = f->where;
      if (value_kind == ValueKind::kStatus) {
        if (auto v = ReadStatusValues(reader, *f)) {
          s.critical_values = std::move(*v);
          layer.has_critical_values = true;
        }
      } else {
        s.critical = ReadValue(reader, *f, value_kind);
      }
    }
    if (auto f = map.Get("clear")) {
      if (value_kind == ValueKind::kStatus) {
        reader.Error(*f, "clear does not apply to a status_change rule");
      } else {
        s.clear = ReadValue(reader, *f, value_kind);
      }
    }
  }
  if (auto f = map.Get("direction")) {
    if (auto text = reader.ReadScalar(*f)) {
      if (auto d = core::ParseDirection(text->value)) {
        s.direction = d;
      } else if (!text->unresolved) {
        reader.Error(*f,
                     fmt::format("invalid direction {}: expected above or below", text->Quoted()));
      }
    }
  }
  ReadOptionalDuration(map, "for", Positive::kNo, s.for_);
  ReadOptionalDuration(map, "clear_for", Positive::kNo, s.clear_for);
  ReadOptionalInt(map, "min_sample", 0, s.min_sample);
  ReadOptionalInt(map, "allowance", 0, s.allowance);
  bool enabled = true;
  if (map.Read("enabled", enabled)) s.enabled = enabled;
  ReadOptionalDuration(map, "baseline", Positive::kYes, s.baseline);
  ReadOptionalInt(map, "min_count", 0, s.min_count);
  ReadOptionalDuration(map, "within", Positive::kYes, s.within);
  if (auto f = map.Get("probability")) {
    if (auto p = reader.ReadRate(*f)) {
      if (*p > 0 && *p < 1) {
        s.probability = p;
      } else {
        reader.Error(*f, fmt::format("probability must be above 0% and below 100%, got {}",
                                     core::FormatPercent(*p)));
      }
    }
  }
  ReadOptionalDuration(map, "lead", Positive::kYes, s.lead);
  ReadOptionalInt(map, "flap_max", 1, s.flap_max);
  ReadOptionalDuration(map, "flap_window", Positive::kYes, s.flap_window);
}

}  // namespace sellerwatch::config
