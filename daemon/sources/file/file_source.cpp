#include "sources/file/file_source.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/sha256.hpp"
#include "sources/flat_files/amazon_all_orders_report.hpp"
#include "sources/flat_files/amazon_feedback_report.hpp"
#include "sources/flat_files/delimited_table.hpp"
#include "sources/jsonl_reader.hpp"

namespace sellerwatch::sources::file {
namespace fs = std::filesystem;

namespace {

bool IsJsonl(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".jsonl" || ext == ".ndjson";
}

bool Eligible(const fs::path& p) {
  std::string name = p.filename().string();
  if (name.empty() || name[0] == '.') return false;
  std::string ext = p.extension().string();
  return IsJsonl(p) || ext == ".txt" || ext == ".tsv" || ext == ".csv";
}

// A report download or export, told apart by its header row; errors name the file and line.
flat_files::MappedReport ReadFlatFile(const std::string& path, std::string_view content,
                                      const std::optional<flat_files::CsvMapping>& csv,
                                      const std::string& account) {
  std::string_view header = flat_files::FirstLine(content);
  core::Result<flat_files::MappedReport> mapped = flat_files::MappedReport{};
  if (header.empty()) {
    // An empty download: nothing to read, nothing wrong.
  } else if (flat_files::IsAllOrdersReportHeader(header)) {
    mapped = flat_files::MapAllOrdersReport(content, account);
  } else if (flat_files::IsFeedbackReportHeader(header)) {
    mapped = flat_files::MapFeedbackReport(content, account);
  } else if (csv) {
    mapped = flat_files::MapCsvExport(content, *csv, account);
  } else {
    mapped = core::Error::Data(
        "not a format sellerwatch reads: expected normalized JSONL (*.jsonl), Amazon's All Orders "
        "report (amazon-order-id, purchase-date, ... columns), Amazon's Seller Feedback report "
        "(Date, Rating, Order ID columns), or a CSV export described by this source's `columns:`");
  }
  if (!mapped) return {{}, {fmt::format("{}: {}", path, mapped.error().message)}};
  for (auto& why : mapped->rejected) why = fmt::format("{}: {}", path, why);
  return std::move(*mapped);
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

    flat_files::MappedReport parsed;
    if (IsJsonl(path)) {
      auto jsonl =
          sources::ReadJsonl(content, path.string(), account_, [this](const std::string& account) {
            return account == account_ ? std::string()
                                       : fmt::format(
                                             "account '{}' does not belong to this "
                                             "source (account '{}')",
                                             account, account_);
          });
      parsed = {std::move(jsonl.events), std::move(jsonl.errors)};
    } else {
      parsed = ReadFlatFile(path.string(), content, settings_.csv, account_);
    }
    // A file is taken whole or not at all: fixed and dropped again, it is read again.
    FileRecord record{hash, {path.string(), parsed.rejected.empty(), 0, {}}};
    if (parsed.rejected.empty()) {
      record.entry.events = static_cast<std::int64_t>(parsed.events.size());
      for (auto& e : parsed.events) batch.events.push_back(std::move(e));
    } else {
      record.entry.error = sources::SummarizeErrors(parsed.rejected, 3);
      batch.rejected.push_back(fmt::format("{} refused, nothing stored from it:\n{}", path.string(),
                                           sources::SummarizeErrors(parsed.rejected)));
    }
    batch.files.push_back(std::move(record));
  }
  return batch;
}

}  // namespace sellerwatch::sources::file
