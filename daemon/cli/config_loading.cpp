#include "cli/config_loading.hpp"

#include <iostream>

#include "sources/registry.hpp"

namespace sellerwatch::cli {

config::LoadOptions LoadOptionsFor(const GlobalOptions& global, Secrets secrets) {
  config::LoadOptions options;
  options.state_dir_override = global.state_dir;
  options.require_credentials = secrets == Secrets::kRequired;
  options.source_types = sources::SourceTypeSpecs();
  return options;
}

std::shared_ptr<const config::Config> LoadConfigOrReport(const GlobalOptions& global,
                                                         Secrets secrets) {
  auto result = config::LoadConfigFile(global.config_path, LoadOptionsFor(global, secrets));
  for (const auto& d : result.diagnostics) std::cerr << d.Format() << "\n";
  return result.config;
}

std::string LogLevel(const GlobalOptions& global, const config::Config& config) {
  return global.log_level.value_or(config.daemon.log_level);
}

}  // namespace sellerwatch::cli
