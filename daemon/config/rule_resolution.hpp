#pragma once

// Turns the three layers of rules — the marketplace preset, the top-level `rules:` entries and
// the account's `thresholds:` — into the account's EffectiveRules: merged field by field
// (account over rules over preset), defaults filled in, disabled rules dropped, values checked.

#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "config/presets.hpp"
#include "config/rule_settings.hpp"
#include "config/yaml_reader.hpp"

namespace sellerwatch::config {

// A top-level `rules:` entry, read by ParseRules.
struct GlobalRule {
  RuleConfig config;  // metric and kind resolved (written, from a preset rule, or defaults)
  bool metric_written = false;
  bool kind_written = false;
  RuleLayer layer;
};

// An account `thresholds:` entry. It names a rule, so it is read only once that rule (and so
// its metric and the unit of its values) is known.
struct ThresholdEntry {
  std::string name;
  Location key_where;
  Field value;
};

// Whether a `rules:` entry applies to an account (`accounts:` empty means every account).
bool AppliesTo(const RuleConfig& rule, std::string_view account_id);

// Fills account.rules and account.thresholds. `thresholds_path` names the thresholds mapping in
// messages ("accounts[0].thresholds").
void ResolveAccountRules(Reader& reader, const Preset* preset, const std::vector<GlobalRule>& rules,
                         const std::vector<ThresholdEntry>& thresholds,
                         std::string_view thresholds_path, AccountConfig& account);

}  // namespace sellerwatch::config
