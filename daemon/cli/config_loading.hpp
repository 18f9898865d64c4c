#pragma once

#include <memory>

#include "cli/commands.hpp"
#include "config/config.hpp"
#include "config/loader.hpp"

namespace sellerwatch::cli {

enum class Secrets { kRequired, kOptional };

// How -c is read: --state-dir applied, credentials required or not.
config::LoadOptions LoadOptionsFor(const GlobalOptions& global, Secrets secrets);

// Loads the config named by -c, applies --state-dir, prints every diagnostic to stderr as
// FILE:LINE:COL: message. Returns null when there were errors.
std::shared_ptr<const config::Config> LoadConfigOrReport(const GlobalOptions& global,
                                                         Secrets secrets);

// The log level: --log-level, else daemon.log_level.
std::string LogLevel(const GlobalOptions& global, const config::Config& config);

}  // namespace sellerwatch::cli
