#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "store/sqlite.hpp"

namespace sellerwatch::store {

// Saved metrics-engine state per account, with the change number it reflects: start-up restores
// it and applies only the change feed after that number, instead of reading every event.
class EngineSnapshotStore {
 public:
  struct Snapshot {
    std::int64_t seq = 0;
    std::uint32_t format = 0;
    std::string state;
  };

  explicit EngineSnapshotStore(Db& db) : db_(db) {}

  Result<std::optional<Snapshot>> Get(const std::string& account);
  Result<void> Put(const std::string& account, std::int64_t seq, std::uint32_t format,
                   std::string_view state, core::Timestamp now);
  // Drops an account's snapshot (its next start reads its events).
  Result<void> Delete(const std::string& account);
  // Drops the snapshots of accounts not in `keep` (removed from the config, another shard's).
  Result<std::int64_t> DeleteOthers(const std::vector<std::string>& keep);

 private:
  Db& db_;
};

}  // namespace sellerwatch::store
