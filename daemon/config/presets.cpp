#include "config/presets.hpp"

#include <fmt/format.h>

#include <array>
#include <vector>

namespace sellerwatch::config {
namespace {

constexpr std::array<std::string_view, 1> kPresetKeys = {"rules"};

std::vector<std::string_view> PresetRuleKeys() {
  std::vector<std::string_view> keys(RuleSettingKeys().begin(), RuleSettingKeys().end());
  keys.push_back("metric");
  keys.push_back("kind");
  return keys;
}

Preset ParsePreset(const EmbeddedFile& file, DiagnosticSink& main_sink) {
  Preset preset;
  std::string_view name = file.name;
  constexpr std::string_view kSuffix = ".yaml";
  if (name.size() > kSuffix.size() && name.substr(name.size() - kSuffix.size()) == kSuffix)
    name.remove_suffix(kSuffix.size());
  preset.marketplace = std::string(name);

  DiagnosticSink sink("preset " + std::string(file.name));
  Reader reader(sink, nullptr);
  YAML::Node root;
  try {
    root = YAML::Load(std::string(file.text));
  } catch (const YAML::ParserException& e) {
    sink.Error(sink.At(e.mark), "YAML syntax error: " + e.msg);
  }
  if (root.IsDefined() && !root.IsNull()) {
    MapReader top(reader, reader.Root(root), kPresetKeys);
    if (auto rules = top.Get("rules")) {
      const auto keys = PresetRuleKeys();
      MapReader entries = MapReader::AnyKeys(reader, *rules);
      for (const auto& entry : entries.entries()) {
        MapReader map(reader, entry.value, keys);
        if (!map.ok()) continue;
        PresetRule rule;
        rule.name = entry.key;
        rule.metric = entry.key;
        if (auto f = map.Get("metric")) {
          auto metric = ReadMetricName(reader, *f);
          if (!metric) continue;
          rule.metric = *metric;
        } else if (!core::FindMetric(rule.metric)) {
          ReportUnknownMetric(reader, entry.key_where, entry.value.path, "'" + rule.metric + "'",
                              rule.metric);
          continue;
        }
        auto info = core::FindMetric(rule.metric);
        rule.kind = DefaultKind(*info);
        if (auto f = map.Get("kind")) {
          auto kind = ReadRuleKind(reader, *f);
          if (!kind) continue;
          rule.kind = *kind;
        }
        rule.layer.origin = RuleOrigin::kPreset;
        rule.layer.path = entry.value.path;
        rule.layer.where = entry.key_where;
        ReadRuleSettings(map, &*info, rule.kind, rule.layer);
        preset.rules.push_back(std::move(rule));
      }
    }
  }
  for (auto& d : std::move(sink).Finish()) main_sink.Add(std::move(d));
  return preset;
}

}  // namespace

std::vector<Preset> LoadPresets(std::span<const EmbeddedFile> files, DiagnosticSink& sink) {
  std::vector<Preset> presets;
  for (const auto& file : files) presets.push_back(ParsePreset(file, sink));
  return presets;
}

const Preset* FindPreset(const std::vector<Preset>& presets, std::string_view marketplace) {
  for (const auto& p : presets)
    if (p.marketplace == marketplace) return &p;
  return nullptr;
}

}  // namespace sellerwatch::config
