#pragma once

#include <optional>
#include <string>

#include "core/time.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::store {

// The digests_sent table: per receiver, the last scheduled digest slot served. Mark a slot in
// the same transaction that enqueues the digest, so a crash neither loses nor repeats it.
class DigestStore {
 public:
  explicit DigestStore(Db& db) : db_(db) {}

  // nullopt when no digest was ever recorded for `receiver`.
  Result<std::optional<core::Timestamp>> LastSlot(const std::string& receiver);
  // Records `slot` as served at `sent_at`, replacing the receiver's previous record.
  Result<void> MarkSent(const std::string& receiver, core::Timestamp slot, core::Timestamp sent_at);

 private:
  Db& db_;
};

}  // namespace sellerwatch::store
