#include "sources/file/file_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/sha256.hpp"
#include "sources/jsonl_reader.hpp"

namespace sellerwatch::sources::file {
namespace fs = std::filesystem;

namespace {

bool Eligible(const fs::path& p) {
  std::string name = p.filename().string();
  if (name.empty() || name[0] == '.') return false;
  std::string ext = p.extension().string();
  return ext == ".jsonl" || ext == ".ndjson";
}

}  // namespace

FileSource::FileSource(std::string account, std::string source_id, Settings settings,
                       store::IngestLedger& ledger)
    : account_(std::move(account)),
      source_id_(std::move(source_id)),
      settings_(std::move(settings)),
      ledger_(ledger) {}

boost::asio::awaitable<core::Result<SourceBatch>> FileSource::Poll(std::optional<std::string>,
                                                                   core::Timestamp) {
  co_return ReadNewFiles();
}

core::Result<SourceBatch> FileSource::ReadNewFiles() {
  std::error_code ec;
  fs::directory_iterator it(settings_.path, ec);
  if (ec) {
    return core::Error::Transient(
        fmt::format("file source directory {}: {}", settings_.path, ec.message()));
  }
  std::vector<fs::path> files;
  for (const auto& entry : it) {
    if (entry.is_regular_file(ec) && Eligible(entry.path())) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());  // oldest-named first: exports are usually dated

  SourceBatch batch;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return core::Error::Transient(fmt::format("read {}: cannot open", path.string()));
    }
    std::ostringstream buf;
    buf << in.rdbuf();
    std::string content = buf.str();
    std::string hash = core::Sha256Hex(content);
    auto seen = ledger_.Find(source_id_, hash);
    if (!seen) return seen.error();
    if (*seen) continue;

    auto parsed =
        sources::ReadJsonl(content, path.string(), account_, [this](const std::string& account) {
          return account == account_
                     ? std::string()
                     : fmt::format("account '{}' does not belong to this source (account '{}')",
                                   account, account_);
        });
    FileRecord record{hash, {path.string(), parsed.errors.empty(), 0, {}}};
    if (parsed.errors.empty()) {
      record.entry.events = static_cast<std::int64_t>(parsed.events.size());
      for (auto& e : parsed.events) batch.events.push_back(std::move(e));
    } else {
      record.entry.error = sources::SummarizeErrors(parsed.errors, 3);
      batch.rejected.push_back(fmt::format("{} refused, nothing stored from it:\n{}", path.string(),
                                           sources::SummarizeErrors(parsed.errors)));
    }
    batch.files.push_back(std::move(record));
  }
  return batch;
}

}  // namespace sellerwatch::sources::file
