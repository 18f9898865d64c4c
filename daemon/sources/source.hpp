#pragma once

#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/event_json.hpp"
#include "store/ingest_ledger.hpp"

namespace sellerwatch::sources {

// A dropped file a source has handled; recorded with the batch so it is read only once.
struct FileRecord {
  std::string content_hash;
  store::IngestLedger::Entry entry;
};

// What one poll read. The Poller stores events, cursor and file records in one transaction.
struct SourceBatch {
  std::vector<core::ParsedEvent> events;
  std::optional<std::string> cursor;  // where the next poll starts; unset: keep the old one
  std::vector<FileRecord> files;
  std::vector<std::string> rejected;  // bad input refused, each naming file and line
  // Poll again this soon instead of after the usual interval (a report still being prepared).
  std::optional<core::Duration> poll_again_in;
};

// Fetches and parses what is new since `cursor`. Scheduling, retries, persistence and
// self-metrics are the Poller's job, not the source's. A failure the peer asked us to wait out
// carries Error::retry_after (see core/error.hpp); re-reading an overlap before the cursor is
// the source's job (the store ignores versions it already has).
class Source {
 public:
  virtual ~Source() = default;
  virtual boost::asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                                 core::Timestamp now) = 0;
  // How often the Poller should call Poll.
  virtual core::Duration Interval() const = 0;
};

}  // namespace sellerwatch::sources
