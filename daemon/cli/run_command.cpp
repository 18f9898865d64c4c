#include <iostream>

#include "app/app.hpp"
#include "cli/config_loading.hpp"

namespace sellerwatch::cli {
namespace {

int RunApp(const GlobalOptions& global, bool once) {
  auto whole = LoadWholeConfigOrReport(global, Secrets::kRequired);
  if (!whole) return kExitConfig;
  auto config = ForShard(whole, global);
  app::Logs logs(LogLevel(global, *config), *app::ParseLogFormat(global.log_format));
  if (global.shard) {
    logs.Get("app")->info("shard {}: owns {} of the {} accounts", global.shard->Label(),
                          config->accounts.size(), whole->accounts.size());
  }
  core::JumpAwareClock clock;
  // SIGHUP re-reads the same file with the same overrides (--log-level and the shard stay in
  // force); the whole file is validated before the shard is cut out of it.
  app::App::ConfigReader reread = [global] {
    auto result =
        config::LoadConfigFile(global.config_path, LoadOptionsFor(global, Secrets::kRequired));
    result.config = ForShard(result.config, global);
    if (result.config && global.log_level) {
      auto patched = std::make_shared<config::Config>(*result.config);
      patched->daemon.log_level = *global.log_level;
      result.config = std::move(patched);
    }
    return result;
  };
  auto app = app::App::Create(config, logs, std::cout, clock, once ? nullptr : reread);
  if (!app) {
    std::cerr << "sellerwatch: " << app.error().message << "\n";
    return app.error().kind == core::ErrorKind::kConfig ? kExitConfig : kExitFailure;
  }
  return once ? (*app)->PollOnce() : (*app)->Run();
}

}  // namespace

int RunCommand(const GlobalOptions& global) { return RunApp(global, false); }
int PollOnceCommand(const GlobalOptions& global) { return RunApp(global, true); }

}  // namespace sellerwatch::cli
