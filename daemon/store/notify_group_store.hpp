#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::store {

// One notification group as stored: notify/ owns the meaning of `state` (JSON).
struct StoredGroup {
  std::string key;
  std::string receiver;
  std::string state;
  std::optional<core::Timestamp> next_due;
};

// The notify_groups table: what the grouper still has to send survives a restart.
class NotifyGroupStore {
 public:
  explicit NotifyGroupStore(Db& db) : db_(db) {}

  Result<std::vector<StoredGroup>> LoadAll();
  Result<void> Save(const StoredGroup& group);
  Result<void> Delete(const std::string& key);

 private:
  Db& db_;
};

}  // namespace sellerwatch::store
