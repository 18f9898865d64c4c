#include "cli/config_loading.hpp"

#include <iostream>

#include "config/shard_filter.hpp"
#include "sources/registry.hpp"

namespace sellerwatch::cli {

config::LoadOptions LoadOptionsFor(const GlobalOptions& global, Secrets secrets) {
  config::LoadOptions options;
  options.state_dir_override = global.state_dir;
  options.require_credentials = secrets == Secrets::kRequired;
  options.source_types = sources::SourceTypeSpecs();
  return options;
}

core::Result<std::optional<core::Shard>> ResolveShard(const std::optional<std::string>& flag,
                                                      const char* env) {
  std::optional<core::Shard> none;
  if (flag) {
    auto shard = core::ParseShard(*flag, "--shard");
    if (!shard) return shard.error();
    return std::optional(*shard);
  }
  if (env == nullptr || *env == '\0') return none;
  auto shard = core::ParseShard(env, "SELLERWATCH_SHARD");
  if (!shard) return shard.error();
  return std::optional(*shard);
}

std::shared_ptr<const config::Config> LoadWholeConfigOrReport(const GlobalOptions& global,
                                                              Secrets secrets) {
  auto result = config::LoadConfigFile(global.config_path, LoadOptionsFor(global, secrets));
  for (const auto& d : result.diagnostics) std::cerr << d.Format() << "\n";
  return result.config;
}

std::shared_ptr<const config::Config> ForShard(std::shared_ptr<const config::Config> whole,
                                               const GlobalOptions& global) {
  if (!whole || !global.shard) return whole;
  return std::make_shared<const config::Config>(config::RestrictToShard(*whole, *global.shard));
}

std::shared_ptr<const config::Config> LoadConfigOrReport(const GlobalOptions& global,
                                                         Secrets secrets) {
  return ForShard(LoadWholeConfigOrReport(global, secrets), global);
}

std::string LogLevel(const GlobalOptions& global, const config::Config& config) {
  return global.log_level.value_or(config.daemon.log_level);
}

}  // namespace sellerwatch::cli
