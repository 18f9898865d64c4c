#pragma once

#include <optional>
#include <string>

#include "core/time.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::store {

// Where each source stopped reading ("<account>/<source>" → an opaque cursor). Write it in the
// same transaction as the events it covers, so a crash never skips data.
class CursorStore {
 public:
  explicit CursorStore(Db& db) : db_(db) {}

  Result<std::optional<std::string>> Get(const std::string& source);
  // When the source's cursor was last written (its last page of data); nullopt: never.
  Result<std::optional<core::Timestamp>> UpdatedAt(const std::string& source);
  Result<void> Put(const std::string& source, const std::string& value, core::Timestamp now);

 private:
  Db& db_;
};

}  // namespace sellerwatch::store
