#include <iostream>

#include "app/status_report.hpp"
#include "cli/config_loading.hpp"
#include "config/shard_filter.hpp"
#include "core/clock.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::cli {

int StatusCommand(const GlobalOptions& global, const StatusOptions& options) {
  auto whole = LoadWholeConfigOrReport(global, Secrets::kOptional);
  if (!whole) return kExitConfig;
  auto config = ForShard(whole, global);
  if (global.shard && !options.account.empty()) {
    auto elsewhere = config::OwnedElsewhere(*whole, *global.shard, options.account);
    if (!elsewhere.empty()) {
      std::cerr << "sellerwatch status: " << elsewhere << "\n";
      return kExitUsage;
    }
  }
  std::optional<core::Timestamp> at;
  if (options.at) {
    at = core::ParseRfc3339(*options.at);
    if (!at) {
      std::cerr << "sellerwatch status: --at '" << *options.at
                << "' is not an RFC 3339 time like 2026-11-01T10:00:00Z\n";
      return kExitUsage;
    }
  }
  auto db = store::OpenStore(config->daemon.state_dir);
  if (!db) {
    std::cerr << "sellerwatch status: " << db.error().message << "\n";
    return kExitFailure;
  }
  core::SystemClock clock;
  auto report = app::BuildStatusReport(*config, **db, clock.Now(), at, options.account);
  if (!report) {
    std::cerr << "sellerwatch status: " << report.error().message << "\n";
    return report.error().kind == core::ErrorKind::kData ? kExitUsage : kExitFailure;
  }
  std::cout << (options.json ? app::StatusJson(*report) + "\n" : app::StatusText(*report));
  return kExitOk;
}

}  // namespace sellerwatch::cli
