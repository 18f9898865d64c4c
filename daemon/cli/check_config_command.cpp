#include <fmt/format.h>

#include <iostream>

#include "cli/config_loading.hpp"

namespace sellerwatch::cli {

int CheckConfigCommand(const GlobalOptions& global) {
  // Outside systemd $CREDENTIALS_DIRECTORY is unset: unresolvable credentials only warn here.
  auto config = LoadConfigOrReport(global, Secrets::kOptional);
  if (!config) {
    std::cerr << global.config_path << ": invalid\n";
    return kExitConfig;
  }
  std::size_t sources = 0;
  std::size_t rules = 0;
  for (const auto& account : config->accounts) {
    sources += account.sources.size();
    rules += account.rules.size();
  }
  std::cout << fmt::format("{}: ok ({} accounts, {} sources, {} rules, {} routes, {} receivers)\n",
                           global.config_path, config->accounts.size(), sources, rules,
                           config->routes.size(), config->receivers.size());
  return kExitOk;
}

}  // namespace sellerwatch::cli
