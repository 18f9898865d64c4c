#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "cli/config_loading.hpp"
#include "sources/jsonl_reader.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::cli {
namespace {

// Events stored per Upsert call: bounds memory whatever the file size.
constexpr std::size_t kBatch = 10'000;
// Bad lines listed; the rest are counted.
constexpr std::size_t kErrorsShown = 50;

}  // namespace

// Streams every file into one transaction, a batch at a time. The first bad line stops the
// writing and rolls everything back at the end; the rest of the input is still read, so every
// bad line is reported (the first 50 by FILE:LINE) in one go.
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

  std::vector<std::unique_ptr<std::ifstream>> inputs;
  for (const auto& file : options.files) {
    auto& in = inputs.emplace_back(std::make_unique<std::ifstream>(file, std::ios::binary));
    if (!*in) {
      std::cerr << fmt::format("sellerwatch import: {}: cannot open\n", file);
      return kExitNoInput;
    }
  }
  auto db = store::OpenStore(config->daemon.state_dir);
  if (!db) {
    std::cerr << "sellerwatch import: " << db.error().message << "\n";
    return kExitFailure;
  }
  auto tx = store::Transaction::Begin(**db);
  if (!tx) {
    std::cerr << "sellerwatch import: " << tx.error().message << "\n";
    return kExitFailure;
  }
  store::EventStore events(**db);
  std::vector<core::ParsedEvent> batch;
  batch.reserve(kBatch);
  store::UpsertCounts counts;
  std::vector<std::string> errors;
  std::size_t bad_lines = 0;
  auto flush = [&]() -> bool {
    if (batch.empty()) return true;
    auto stored = events.Upsert(batch);
    batch.clear();
    if (!stored) {
      std::cerr << "sellerwatch import: " << stored.error().message << "; nothing was imported\n";
      return false;
    }
    counts += *stored;
    return true;
  };
  std::string line;
  for (std::size_t f = 0; f < inputs.size(); ++f) {
    std::size_t line_no = 0;
    while (std::getline(*inputs[f], line)) {
      auto parsed = sources::ParseJsonlLine(line, options.files[f], ++line_no, options.account,
                                            check_account);
      if (!parsed) {
        if (errors.size() < kErrorsShown) errors.push_back(parsed.error().message);
        ++bad_lines;
        batch.clear();  // nothing more is written: the transaction is rolled back
        continue;
      }
      if (!*parsed || bad_lines > 0) continue;
      batch.push_back(std::move(**parsed));
      if (batch.size() >= kBatch && !flush()) return kExitFailure;
    }
    if (inputs[f]->bad()) {
      std::cerr << fmt::format("sellerwatch import: {}: read error; nothing was imported\n",
                               options.files[f]);
      return kExitNoInput;
    }
  }
  if (bad_lines > 0) {
    std::cerr << sources::SummarizeErrors(errors, kErrorsShown);
    if (bad_lines > errors.size())
      std::cerr << fmt::format("\n... and {} more", bad_lines - errors.size());
    std::cerr << fmt::format("\nsellerwatch import: {} bad line(s); nothing was imported\n",
                             bad_lines);
    return kExitData;
  }
  if (!flush()) return kExitFailure;
  if (auto r = tx->Commit(); !r) {
    std::cerr << "sellerwatch import: " << r.error().message << "; nothing was imported\n";
    return kExitFailure;
  }
  std::cout << fmt::format(
      "imported {} events from {} file(s): {} new or changed, {} already known\n",
      counts.applied + counts.ignored, options.files.size(), counts.applied, counts.ignored);
  return kExitOk;
}

}  // namespace sellerwatch::cli
