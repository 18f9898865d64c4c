#pragma once

#include <memory>
#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "config/config.hpp"
#include "config/loader.hpp"
#include "core/error.hpp"

namespace sellerwatch::cli {

enum class Secrets { kRequired, kOptional };

// How -c is read: --state-dir applied, credentials required or not.
config::LoadOptions LoadOptionsFor(const GlobalOptions& global, Secrets secrets);

// The shard of a command that takes one: --shard (`flag`), else $SELLERWATCH_SHARD (`env`;
// unset or empty: none), else none. A malformed value is a config error naming the flag or
// the variable.
core::Result<std::optional<core::Shard>> ResolveShard(const std::optional<std::string>& flag,
                                                      const char* env);

// Loads the config named by -c, whole (every shard validates the same file identically),
// applies --state-dir, prints every diagnostic to stderr as FILE:LINE:COL: message. Returns
// null when there were errors.
std::shared_ptr<const config::Config> LoadWholeConfigOrReport(const GlobalOptions& global,
                                                              Secrets secrets);

// The whole config restricted to the command's shard (config::RestrictToShard); `whole` itself
// when no shard was given. Null stays null.
std::shared_ptr<const config::Config> ForShard(std::shared_ptr<const config::Config> whole,
                                               const GlobalOptions& global);

// LoadWholeConfigOrReport, then ForShard: what the command works with.
std::shared_ptr<const config::Config> LoadConfigOrReport(const GlobalOptions& global,
                                                         Secrets secrets);

// The log level: --log-level, else daemon.log_level.
std::string LogLevel(const GlobalOptions& global, const config::Config& config);

}  // namespace sellerwatch::cli
