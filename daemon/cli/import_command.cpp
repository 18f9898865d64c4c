#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <unordered_set>

#include "cli/config_loading.hpp"
#include "cli/import_reader.hpp"
#include "sources/jsonl_reader.hpp"
#include "store/bulk_store.hpp"
#include "store/event_store.hpp"

namespace sellerwatch::cli {
namespace {

// Bad lines listed; the rest are counted.
constexpr std::size_t kErrorsShown = 50;

}  // namespace

// Streams every file into one transaction: ImportReader parses on a thread of its own while this
// one writes, a batch at a time. The first bad line stops the writing and rolls everything back
// at the end; the rest of the input is still read, so every bad line is reported (the first 50
// by FILE:LINE) in one go.
int ImportCommand(const GlobalOptions& global, const ImportOptions& options) {
  auto config = LoadConfigOrReport(global, Secrets::kOptional);
  if (!config) return kExitConfig;
  if (!options.account.empty() && !config->FindAccount(options.account)) {
    std::cerr << fmt::format("sellerwatch import: --account '{}' is not in {}\n", options.account,
                             config->path);
    return kExitUsage;
  }
  // The import needs only the account ids (looked up per line) and the state directory: the rest
  // of a large config is freed before the writing starts.
  const std::string config_path = config->path;
  const std::string state_dir = config->daemon.state_dir;
  std::unordered_set<std::string> accounts;
  for (const auto& account : config->accounts) accounts.insert(account.id);
  config.reset();
  auto check_account = [&](const std::string& account) -> std::string {
    if (!options.account.empty() && account != options.account) {
      return fmt::format("account '{}' differs from --account '{}'", account, options.account);
    }
    if (!accounts.contains(account)) {
      return fmt::format("account '{}' is not configured in {}", account, config_path);
    }
    return {};
  };

  std::vector<ImportReader::Input> inputs;
  for (const auto& file : options.files) {
    auto in = std::make_unique<std::ifstream>(file, std::ios::binary);
    if (!*in) {
      std::cerr << fmt::format("sellerwatch import: {}: cannot open\n", file);
      return kExitNoInput;
    }
    inputs.push_back({file, std::move(in)});
  }
  auto store = store::BulkStore::Open(state_dir);
  if (!store) {
    std::cerr << "sellerwatch import: " << store.error().message << "\n";
    return kExitFailure;
  }
  if (auto r = store->Begin(); !r) {
    std::cerr << "sellerwatch import: " << r.error().message << "\n";
    return kExitFailure;
  }
  store::UpsertCounts counts;
  ImportReader reader(std::move(inputs), {.default_account = options.account,
                                          .check_account = check_account,
                                          .errors_kept = kErrorsShown});
  while (auto batch = reader.Next()) {
    auto stored = store->Upsert(*batch);
    if (!stored) {
      std::cerr << "sellerwatch import: " << stored.error().message << "; nothing was imported\n";
      return kExitFailure;
    }
    counts += *stored;
  }
  const auto& outcome = reader.outcome();
  if (outcome.failure) {
    std::cerr << "sellerwatch import: " << outcome.failure->message << "; nothing was imported\n";
    return outcome.failure->kind == core::ErrorKind::kPermanent ? kExitNoInput : kExitFailure;
  }
  if (outcome.bad_lines > 0) {
    std::cerr << sources::SummarizeErrors(outcome.errors, kErrorsShown);
    if (outcome.bad_lines > outcome.errors.size())
      std::cerr << fmt::format("\n... and {} more", outcome.bad_lines - outcome.errors.size());
    std::cerr << fmt::format("\nsellerwatch import: {} bad line(s); nothing was imported\n",
                             outcome.bad_lines);
    return kExitData;
  }
  if (auto r = store->Commit(); !r) {
    std::cerr << "sellerwatch import: " << r.error().message << "; nothing was imported\n";
    return kExitFailure;
  }
  std::cout << fmt::format(
      "imported {} events from {} file(s): {} new or changed, {} already known\n",
      counts.applied + counts.ignored, options.files.size(), counts.applied, counts.ignored);
  return kExitOk;
}

}  // namespace sellerwatch::cli
