#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/config_loading.hpp"
#include "sources/jsonl_reader.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::cli {

// Validates every line of every file first; only when all are good is anything written, in
// one transaction. A bad line means nothing from this import is stored.
int ImportCommand(const GlobalOptions& global, const ImportOptions& options) {
  auto config = LoadConfigOrReport(global, Secrets::kOptional);
  if (!config) return kExitConfig;
  if (!options.account.empty() && !config->FindAccount(options.account)) {
    std::cerr << fmt::format("sellerwatch import: --account '{}' is not in {}\n", options.account,
                             config->path);
    return kExitUsage;
  }
  auto check_account = [&](const std::string& account) -> std::string {
    if (!options.account.empty() && account != options.account) {
      return fmt::format("account '{}' differs from --account '{}'", account, options.account);
    }
    if (!config->FindAccount(account)) {
      return fmt::format("account '{}' is not configured in {}", account, config->path);
    }
    return {};
  };

  std::vector<core::ParsedEvent> events;
  std::vector<std::string> errors;
  for (const auto& file : options.files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << fmt::format("sellerwatch import: {}: cannot open\n", file);
      return kExitNoInput;
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    auto content = sources::ReadJsonl(buf.str(), file, options.account, check_account);
    for (auto& e : content.errors) errors.push_back(std::move(e));
    for (auto& e : content.events) events.push_back(std::move(e));
  }
  if (!errors.empty()) {
    std::cerr << sources::SummarizeErrors(errors, 50) << "\n";
    std::cerr << fmt::format("sellerwatch import: {} bad line(s); nothing was imported\n",
                             errors.size());
    return kExitData;
  }
  auto db = store::OpenStore(config->daemon.state_dir);
  if (!db) {
    std::cerr << "sellerwatch import: " << db.error().message << "\n";
    return kExitFailure;
  }
  auto counts = store::EventStore(**db).UpsertAtomically(events);
  if (!counts) {
    std::cerr << "sellerwatch import: " << counts.error().message << "; nothing was imported\n";
    return kExitFailure;
  }
  std::cout << fmt::format(
      "imported {} events from {} file(s): {} new or changed, {} already known\n", events.size(),
      options.files.size(), counts->applied, counts->ignored);
  return kExitOk;
}

}  // namespace sellerwatch::cli
