#pragma once

#include <optional>
#include <string>

#include "core/time.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::store {

// Which dropped files a source has already handled, by content hash: a file is read once,
// a renamed copy is not read again, and a corrected file (new content) is read anew.
class IngestLedger {
 public:
  struct Entry {
    std::string path;
    bool accepted = false;
    std::int64_t events = 0;
    std::string error;
  };

  explicit IngestLedger(Db& db) : db_(db) {}

  Result<std::optional<Entry>> Find(const std::string& source, const std::string& content_hash);
  Result<void> Record(const std::string& source, const std::string& content_hash,
                      const Entry& entry, core::Timestamp now);

 private:
  Db& db_;
};

}  // namespace sellerwatch::store
