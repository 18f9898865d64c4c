#include <fmt/format.h>

#include <iostream>

#include "cli/config_loading.hpp"

namespace sellerwatch::cli {

int CheckConfigCommand(const GlobalOptions& global) {
  // Outside systemd $CREDENTIALS_DIRECTORY is unset: unresolvable credentials only warn here.
  // Every shard validates the whole file, so the verdict is the same whatever --shard says.
  auto whole = LoadWholeConfigOrReport(global, Secrets::kOptional);
  if (!whole) {
    std::cerr << global.config_path << ": invalid\n";
    return kExitConfig;
  }
  std::size_t sources = 0;
  std::size_t rules = 0;
  for (const auto& account : whole->accounts) {
    sources += account.sources.size();
    rules += account.rules.size();
  }
  std::cout << fmt::format("{}: ok ({} accounts, {} sources, {} rules, {} routes, {} receivers)\n",
                           global.config_path, whole->accounts.size(), sources, rules,
                           whole->routes.size(), whole->receivers.size());
  if (global.shard) {
    auto mine = ForShard(whole, global);
    std::cout << fmt::format("shard {} owns {} of {} accounts{}\n", global.shard->Label(),
                             mine->accounts.size(), whole->accounts.size(),
                             mine->accounts.empty() ? "" : ":");
    for (const auto& account : mine->accounts) std::cout << "  " << account.id << "\n";
  }
  return kExitOk;
}

}  // namespace sellerwatch::cli
