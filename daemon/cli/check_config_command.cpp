#include <fmt/format.h>

#include <iostream>

#include "cli/config_loading.hpp"
#include "sources/source_factory.hpp"

namespace sellerwatch::cli {

int CheckConfigCommand(const GlobalOptions& global) {
  // Outside systemd $CREDENTIALS_DIRECTORY is unset: unresolvable credentials only warn here.
  auto config = LoadConfigOrReport(global, Secrets::kOptional);
  if (!config) {
    std::cerr << global.config_path << ": invalid\n";
    return kExitConfig;
  }
  std::size_t sources = 0;
  for (const auto& account : config->accounts) {
    for (const auto& source : account.sources) {
      ++sources;
      if (!sources::SourceTypeAvailable(source.type)) {
        std::cerr << fmt::format(
            "{}:{}:{}: warning: source type '{}' is not available in this build yet; `run` will "
            "refuse it\n",
            source.where.file, source.where.line, source.where.column, config::Name(source.type));
      }
    }
  }
  std::size_t rules = 0;
  for (const auto& account : config->accounts) rules += account.rules.size();
  std::cout << fmt::format("{}: ok ({} accounts, {} sources, {} rules, {} routes, {} receivers)\n",
                           global.config_path, config->accounts.size(), sources, rules,
                           config->routes.size(), config->receivers.size());
  return kExitOk;
}

}  // namespace sellerwatch::cli
