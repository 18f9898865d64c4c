#pragma once

// The marketplace presets (config/presets/<marketplace>.yaml, embedded in the binary): the
// rules every account of that marketplace starts with.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "config/diagnostics.hpp"
#include "config/embedded_presets.hpp"
#include "config/rule_settings.hpp"

namespace sellerwatch::config {

struct PresetRule {
  std::string name;
  std::string metric;
  RuleKind kind = RuleKind::kThreshold;
  RuleLayer layer;
};

struct Preset {
  std::string marketplace;  // the file name without ".yaml"
  std::vector<PresetRule> rules;
};

// Parses every preset. Problems are reported into `sink` at "preset <file>:LINE:COL".
std::vector<Preset> LoadPresets(std::span<const EmbeddedFile> files, DiagnosticSink& sink);
const Preset* FindPreset(const std::vector<Preset>& presets, std::string_view marketplace);

}  // namespace sellerwatch::config
