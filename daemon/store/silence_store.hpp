#pragma once

#include <string>
#include <vector>

#include "core/silence.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::store {

// The silences table.
class SilenceStore {
 public:
  explicit SilenceStore(Db& db) : db_(db) {}

  Result<void> Add(const core::Silence& silence);
  // Silences not yet ended at `now` (active or starting later), by end time; all when
  // `include_expired`.
  Result<std::vector<core::Silence>> List(core::Timestamp now, bool include_expired = false);
  // Ends a silence at `now`; false when no unexpired silence has that id.
  Result<bool> Expire(const std::string& id, core::Timestamp now);

 private:
  Db& db_;
};

}  // namespace sellerwatch::store
