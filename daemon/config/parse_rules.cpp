#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "config/did_you_mean.hpp"
#include "config/field_checks.hpp"
#include "config/sections.hpp"

namespace sellerwatch::config {
namespace {

bool IsRuleName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

const PresetRule* FindPresetRule(const std::vector<Preset>& presets, std::string_view name) {
  for (const auto& preset : presets)
    for (const auto& rule : preset.rules)
      if (rule.name == name) return &rule;
  return nullptr;
}

bool Overlap(const RuleConfig& a, const RuleConfig& b) {
  if (a.accounts.empty() || b.accounts.empty()) return true;
  return std::any_of(a.accounts.begin(), a.accounts.end(), [&](const std::string& id) {
    return std::find(b.accounts.begin(), b.accounts.end(), id) != b.accounts.end();
  });
}

}  // namespace

std::vector<GlobalRule> ParseRules(Reader& reader, const Field& f,
                                   const std::vector<AccountConfig>& accounts,
                                   const std::vector<Preset>& presets) {
  std::vector<std::string_view> keys(RuleSettingKeys().begin(), RuleSettingKeys().end());
  for (std::string_view k : {"name", "metric", "kind", "accounts"}) keys.push_back(k);
  std::vector<std::string> account_ids;
  for (const auto& a : accounts) account_ids.push_back(a.id);

  std::vector<GlobalRule> out;
  std::vector<Location> name_where;
  for (const Field& item : reader.Items(f, "a list of rules")) {
    MapReader map(reader, item, keys);
    if (!map.ok()) continue;
    GlobalRule rule;
    rule.config.where = item.where;
    rule.layer.origin = RuleOrigin::kRules;
    rule.layer.path = item.path;
    rule.layer.where = item.where;
    bool valid = true;

    Location where_name = item.where;
    if (!map.Require("name")) {
      valid = false;
    } else {
      Field at = *map.Get("name");
      where_name = at.where;
      if (auto name = reader.ReadScalar(at)) {
        if (!IsRuleName(name->value)) {
          reader.Error(at, fmt::format("invalid rule name {}: use letters, digits, '_', '-' and "
                                       "'.'",
                                       name->Quoted()));
          valid = false;
        }
        rule.config.name = name->value;
      } else {
        valid = false;
      }
    }

    const PresetRule* preset_rule = valid ? FindPresetRule(presets, rule.config.name) : nullptr;
    bool metric_known = false;
    if (auto m = map.Get("metric")) {
      rule.metric_written = true;
      if (auto metric = ReadMetricName(reader, *m)) {
        rule.config.metric = *metric;
        metric_known = true;
      }
    } else if (preset_rule != nullptr) {
      rule.config.metric = preset_rule->metric;
      metric_known = true;
    } else if (valid && core::FindMetric(rule.config.name)) {
      rule.config.metric = rule.config.name;
      metric_known = true;
    } else if (valid) {
      reader.Error(item, fmt::format("missing required key 'metric' (rule '{}' is neither a "
                                     "preset rule nor a metric)",
                                     rule.config.name));
    }
    valid = valid && metric_known;

    std::optional<core::MetricInfo> info;
    if (metric_known) info = core::FindMetric(rule.config.metric);
    if (auto k = map.Get("kind")) {
      rule.kind_written = true;
      if (auto kind = ReadRuleKind(reader, *k)) {
        rule.config.kind = *kind;
        if (*kind == RuleKind::kAtRisk && info && DefaultKind(*info) != RuleKind::kAtRisk) {
          reader.Error(*k, fmt::format("kind at_risk needs an at-risk metric "
                                       "(ship_deadline_at_risk, reply_deadline_at_risk, "
                                       "dispute_deadline_at_risk), not "
                                       "'{}'",
                                       rule.config.metric));
          valid = false;
        }
      } else {
        valid = false;
        info.reset();  // values cannot be read without the kind
      }
    } else if (preset_rule != nullptr && !rule.metric_written) {
      rule.config.kind = preset_rule->kind;
    } else if (info) {
      rule.config.kind = DefaultKind(*info);
    }

    if (auto a = map.Get("accounts")) {
      if (auto ids = reader.ReadScalarList(*a)) {
        for (std::size_t i = 0; i < ids->size(); ++i) {
          const Scalar& id = (*ids)[i];
          if (std::find(account_ids.begin(), account_ids.end(), id.value) == account_ids.end()) {
            reader.Error(id.where, a->path,
                         fmt::format("unknown account {}{}", id.Quoted(),
                                     id.redact ? "" : DidYouMean(id.value, account_ids)));
            continue;
          }
          rule.config.accounts.push_back(id.value);
        }
        if (ids->empty())
          reader.Error(*a,
                       "needs at least one account id (leave the key out "
                       "for every account)");
      }
    }

    ReadRuleSettings(map, info ? &*info : nullptr, rule.config.kind, rule.layer);
    rule.config.settings = rule.layer.settings;
    if (!valid) continue;
    // A new rule needs a threshold; one overriding a preset rule may take the preset's.
    bool has_values = rule.layer.warn_where.line > 0 || rule.layer.critical_where.line > 0;
    if (preset_rule == nullptr && !has_values && rule.layer.settings.enabled.value_or(true)) {
      reader.Error(item, fmt::format("rule '{}' has neither warn nor critical: set at least one, "
                                     "or enabled: false",
                                     rule.config.name));
      continue;
    }

    for (std::size_t i = 0; i < out.size(); ++i) {
      if (out[i].config.name == rule.config.name && Overlap(out[i].config, rule.config)) {
        reader.Error(where_name, JoinPath(item.path, "name"),
                     fmt::format("duplicate rule '{}' for the same accounts (first defined at "
                                 "{})",
                                 rule.config.name, FormatLocation(name_where[i])));
        valid = false;
        break;
      }
    }
    if (!valid) continue;
    name_where.push_back(where_name);
    out.push_back(std::move(rule));
  }
  return out;
}

}  // namespace sellerwatch::config
