#include <iostream>

#include "app/explanation.hpp"
#include "app/explanation_input.hpp"
#include "app/explanation_render.hpp"
#include "cli/config_loading.hpp"
#include "core/clock.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::cli {

int ExplainCommand(const GlobalOptions& global, const ExplainOptions& options) {
  // Receivers are shown by name and type only, so their secrets need not resolve here.
  auto config = LoadConfigOrReport(global, Secrets::kOptional);
  if (!config) return kExitConfig;
  auto ref = app::FindAlertRef(*config, options.account, options.rule);
  if (!ref) {
    std::cerr << "sellerwatch explain: " << ref.error().message << "\n";
    return kExitUsage;
  }
  auto db = store::OpenStore(config->daemon.state_dir);
  if (!db) {
    std::cerr << "sellerwatch explain: " << db.error().message << "\n";
    return kExitFailure;
  }
  auto now = core::SystemClock().Now();
  auto input = app::LoadExplainInput(*config, **db, *ref, now);
  if (!input) {
    std::cerr << "sellerwatch explain: " << input.error().message << "\n";
    return kExitFailure;
  }
  auto explanation = app::BuildExplanation(*input, now);
  std::cout << (options.json ? app::ExplanationJson(explanation) + "\n"
                             : app::ExplanationText(explanation));
  return kExitOk;
}

}  // namespace sellerwatch::cli
