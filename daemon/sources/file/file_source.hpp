#pragma once

#include <string>

#include "sources/file/settings.hpp"
#include "sources/source.hpp"
#include "store/ingest_ledger.hpp"

namespace sellerwatch::sources::file {

// `file` source: a directory where exports are dropped. Each file is read once, identified by
// its content hash: *.jsonl / *.ndjson as normalized events; *.txt, *.tsv and *.csv by their
// header row as Amazon's All Orders or Seller Feedback report, or as a CSV export described by
// `columns:`. A file with any bad line is refused whole (logged with file and line) and read
// again only when its content changes. Hidden and *.tmp / *.part files are skipped so
// half-copied files are not read.
class FileSource final : public Source {
 public:
  FileSource(std::string account, std::string source_id, Settings settings,
             store::IngestLedger& ledger);

  boost::asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                         core::Timestamp now) override;
  core::Duration Interval() const override { return settings_.poll; }

  // The synchronous body of Poll, for callers outside a coroutine.
  core::Result<SourceBatch> ReadNewFiles();

 private:
  std::string account_;
  std::string source_id_;
  Settings settings_;
  store::IngestLedger& ledger_;
};

}  // namespace sellerwatch::sources::file
