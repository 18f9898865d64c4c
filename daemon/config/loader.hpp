#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "config/source_type.hpp"

namespace sellerwatch::config {

// One problem found in a config file, printed as "FILE:LINE:COL: message".
struct Diagnostic {
  Location where;
  std::string message;  // never contains a secret value
  bool warning = false;

  std::string Format() const;
};

struct LoadOptions {
  // --state-dir: overrides daemon.state_dir.
  std::optional<std::string> state_dir_override;
  // `run` needs every secret. `check-config` outside systemd cannot see $CREDENTIALS_DIRECTORY,
  // so there an unresolvable ${credential:NAME} is a warning rather than an error.
  bool require_credentials = true;
  // Environment lookup; tests inject their own. Default: std::getenv.
  std::function<std::optional<std::string>(const std::string&)> getenv;
  // The source types `type:` may name, with their keys: sources::SourceTypeSpecs() (config
  // cannot list them itself; see config/source_type.hpp). Empty: no source is accepted.
  SourceTypeSpecs source_types;
};

struct LoadResult {
  std::shared_ptr<const Config> config;  // null when any error was found
  std::vector<Diagnostic> diagnostics;   // errors and warnings, in file order

  bool ok() const { return config != nullptr; }
};

// Reads, parses and validates a config file. Every problem is collected, not just the first.
LoadResult LoadConfigFile(const std::string& path, const LoadOptions& options = {});
// The same for text already in memory; `name` stands in for the file name in diagnostics.
LoadResult ParseConfig(const std::string& text, const std::string& name,
                       const LoadOptions& options = {});

}  // namespace sellerwatch::config
