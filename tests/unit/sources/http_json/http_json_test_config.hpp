#pragma once

// An http-json source's settings from YAML, read by the real config loader, for the unit tests.

#include <gtest/gtest.h>

#include <string>

#include "config/loader.hpp"
#include "sources/http_json/settings.hpp"
#include "sources/registry.hpp"

namespace sellerwatch::sources::http_json::test_config {

// `source` holds the source's keys after `type`, each line indented by 8 spaces.
inline std::string ConfigText(const std::string& source) {
  return "accounts:\n"
         "  - id: shop\n"
         "    marketplace: custom\n"
         "    sources:\n"
         "      - type: http-json\n" +
         source +
         "receivers:\n"
         "  - name: console\n"
         "    console: {}\n";
}

inline config::LoadOptions Options() {
  config::LoadOptions options;
  options.source_types = SourceTypeSpecs();
  options.getenv = [](const std::string& name) -> std::optional<std::string> {
    if (name == "ERP_TOKEN") return "Bearer s3cr3t-token-value";
    if (name == "ERP_KEY") return "k3y-s3cr3t-value";
    return std::nullopt;
  };
  return options;
}

inline config::LoadResult Load(const std::string& source) {
  return config::ParseConfig(ConfigText(source), "erp.yaml", Options());
}

// The settings of a config that must load without errors.
inline Settings SettingsFrom(const std::string& source) {
  auto r = Load(source);
  std::string problems;
  for (const auto& d : r.diagnostics) problems += "\n  " + d.Format();
  EXPECT_TRUE(r.ok()) << problems;
  if (!r.ok()) return Settings{};
  return r.config->accounts.at(0).sources.at(0).SettingsAs<Settings>();
}

}  // namespace sellerwatch::sources::http_json::test_config
