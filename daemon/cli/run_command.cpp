#include <iostream>

#include "app/app.hpp"
#include "cli/config_loading.hpp"

namespace sellerwatch::cli {
namespace {

int RunApp(const GlobalOptions& global, bool once) {
  auto config = LoadConfigOrReport(global, Secrets::kRequired);
  if (!config) return kExitConfig;
  app::Logs logs(LogLevel(global, *config));
  core::SystemClock clock;
  auto app = app::App::Create(config, logs, std::cout, clock);
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
