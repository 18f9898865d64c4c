#include "config/rule_resolution.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "config/did_you_mean.hpp"

namespace sellerwatch::config {
namespace {

struct Candidate {
  std::string name;
  std::string metric;
  RuleKind kind = RuleKind::kThreshold;
  std::vector<RuleLayer> layers;  // lowest precedence first
};

Candidate* FindCandidate(std::vector<Candidate>& candidates, std::string_view name) {
  for (auto& c : candidates)
    if (c.name == name) return &c;
  return nullptr;
}

template <class T>
void Override(std::optional<T>& into, const std::optional<T>& from) {
  if (from) into = from;
}

// Merges the layers of one rule. Returns nullopt when the rule is switched off or dropped.
std::optional<EffectiveRule> Merge(Reader& reader, const Candidate& c) {
  auto info = core::FindMetric(c.metric);
  if (!info) return std::nullopt;  // reported where the metric was written
  EffectiveRule r;
  r.name = c.name;
  r.metric = c.metric;
  r.kind = c.kind;
  r.direction = info->direction;
  // A dispute's response deadline is days away when opened: warn a day ahead, not 12 h.
  if (c.metric == "dispute_deadline_at_risk") r.lead = 24 * std::chrono::hours(1);
  bool enabled = true;
  bool only_preset = true;
  bool values_written = false;
  const RuleLayer* warn_layer = nullptr;
  const RuleLayer* critical_layer = nullptr;
  const RuleLayer* last_written = nullptr;  // the highest-precedence non-preset layer
  std::size_t warn_index = 0;
  std::size_t critical_index = 0;
  for (std::size_t i = 0; i < c.layers.size(); ++i) {
    const RuleLayer& layer = c.layers[i];
    const RuleSettings& s = layer.settings;
    if (layer.origin != RuleOrigin::kPreset) {
      only_preset = false;
      last_written = &layer;
    }
    if (layer.warn_where.line > 0) {
      values_written = true;
      warn_layer = &layer;
      warn_index = i;
    }
    if (layer.critical_where.line > 0) {
      values_written = true;
      critical_layer = &layer;
      critical_index = i;
    }
    Override(r.warn, s.warn);
    Override(r.critical, s.critical);
    Override(r.clear, s.clear);
    if (s.direction) r.direction = *s.direction;
    if (s.for_) r.for_ = *s.for_;
    if (s.clear_for) r.clear_for = *s.clear_for;
    if (s.min_sample) r.min_sample = *s.min_sample;
    if (s.allowance) r.allowance = *s.allowance;
    if (s.enabled) enabled = *s.enabled;
    if (s.baseline) r.baseline = *s.baseline;
    if (s.min_count) r.min_count = *s.min_count;
    if (s.within) r.within = *s.within;
    if (s.probability) r.probability = *s.probability;
    if (s.lead) r.lead = *s.lead;
    if (s.flap_max) r.flap_max = *s.flap_max;
    if (s.flap_window) r.flap_window = *s.flap_window;
    if (layer.has_warn_values) r.warn_values = s.warn_values;
    if (layer.has_critical_values) r.critical_values = s.critical_values;
  }
  if (!enabled) return std::nullopt;

  bool has_values = r.warn || r.critical || !r.warn_values.empty() || !r.critical_values.empty();
  if (!has_values) {
    // A preset may name a rule without numbers (AliExpress publishes none): it stays off until
    // the account sets them. A rule the user wrote without any is a mistake.
    if (!only_preset && !values_written && last_written != nullptr) {
      reader.Error(last_written->where, last_written->path,
                   fmt::format("rule '{}' has neither warn nor critical: set at least one, or "
                               "enabled: false",
                               r.name));
    }
    return std::nullopt;
  }

  if (r.warn && r.critical && r.kind != RuleKind::kStatusChange) {
    bool above = r.direction == core::Direction::kAbove;
    bool wrong = above ? *r.warn > *r.critical : *r.warn < *r.critical;
    if (wrong) {
      ValueKind value_kind = ValueKindFor(*info, r.kind);
      bool at_warn =
          warn_layer != nullptr && (critical_layer == nullptr || warn_index >= critical_index);
      const RuleLayer* layer = at_warn ? warn_layer : critical_layer;
      if (layer != nullptr) {
        reader.Error(at_warn ? layer->warn_where : layer->critical_where, layer->path,
                     fmt::format("warn {} must not be {} critical {} for {} '{}' metric",
                                 FormatValue(*r.warn, value_kind), above ? "above" : "below",
                                 FormatValue(*r.critical, value_kind), above ? "an" : "a",
                                 core::Name(r.direction)));
      }
      return std::nullopt;
    }
  }
  return r;
}

}  // namespace

bool AppliesTo(const RuleConfig& rule, std::string_view account_id) {
  return rule.accounts.empty() ||
         std::find(rule.accounts.begin(), rule.accounts.end(), account_id) != rule.accounts.end();
}

void ResolveAccountRules(Reader& reader, const Preset* preset, const std::vector<GlobalRule>& rules,
                         const std::vector<ThresholdEntry>& thresholds,
                         std::string_view thresholds_path, AccountConfig& account) {
  std::vector<Candidate> candidates;
  if (preset != nullptr) {
    for (const auto& rule : preset->rules)
      candidates.push_back(Candidate{rule.name, rule.metric, rule.kind, {rule.layer}});
  }
  for (const auto& rule : rules) {
    if (!AppliesTo(rule.config, account.id)) continue;
    if (Candidate* c = FindCandidate(candidates, rule.config.name)) {
      if (rule.metric_written) c->metric = rule.config.metric;
      if (rule.kind_written) c->kind = rule.config.kind;
      c->layers.push_back(rule.layer);
    } else {
      candidates.push_back(
          Candidate{rule.config.name, rule.config.metric, rule.config.kind, {rule.layer}});
    }
  }

  for (const auto& entry : thresholds) {
    Candidate* c = FindCandidate(candidates, entry.name);
    if (c == nullptr) {
      if (auto info = core::FindMetric(entry.name)) {
        candidates.push_back(Candidate{entry.name, entry.name, DefaultKind(*info), {}});
        c = &candidates.back();
      } else {
        std::vector<std::string> names;
        for (const auto& cand : candidates) names.push_back(cand.name);
        for (const auto& m : core::AllMetrics()) names.emplace_back(m.name);
        std::string suggestion = DidYouMean(entry.name, names);
        if (suggestion.empty()) suggestion = " (neither a rule of this account nor a metric)";
        reader.Error(entry.key_where, thresholds_path,
                     fmt::format("unknown rule '{}'{}", entry.name, suggestion));
        continue;
      }
    }
    MapReader map(reader, entry.value, RuleSettingKeys());
    if (!map.ok()) continue;
    RuleLayer layer;
    layer.origin = RuleOrigin::kThresholds;
    layer.path = entry.value.path;
    layer.where = entry.key_where;
    auto info = core::FindMetric(c->metric);
    ReadRuleSettings(map, info ? &*info : nullptr, c->kind, layer);
    account.thresholds[entry.name] = layer.settings;
    c->layers.push_back(std::move(layer));
  }

  account.rules.clear();
  for (const auto& c : candidates) {
    if (c.layers.empty()) continue;
    if (auto rule = Merge(reader, c)) account.rules.push_back(std::move(*rule));
  }
}

}  // namespace sellerwatch::config
