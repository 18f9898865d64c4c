#pragma once

#include <memory>
#include <string>

#include "store/sqlite.hpp"

namespace sellerwatch::store {

// Brings the schema to the newest version, one step per PRAGMA user_version, each step in its
// own transaction, up to `target` (a test builds an older store with a lower one). A database
// from a newer sellerwatch is refused rather than damaged.
Result<void> Migrate(Db& db, int target);
Result<void> Migrate(Db& db);
int SchemaVersion();

// <state_dir>/sellerwatch.db
std::string StorePath(const std::string& state_dir);
// Creates the state directory if needed, opens <state_dir>/sellerwatch.db and migrates it.
Result<std::unique_ptr<Db>> OpenStore(const std::string& state_dir);

}  // namespace sellerwatch::store
