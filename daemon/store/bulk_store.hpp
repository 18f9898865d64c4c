#pragma once

// The store opened for one large write transaction (`sellerwatch import`).
//
// In WAL mode every page a transaction writes goes to the log, and then once more into the
// database at the checkpoint. A rollback journal keeps a copy only of the pages that existed
// before the transaction and writes the pages it adds once, so a large import into a young store
// writes about half as much. Both are atomic; synchronous=EXTRA makes the rollback journal's
// commit (deleting the journal) as durable as synchronous=FULL makes a WAL commit.
//
// The price: while a rollback-journal transaction runs, no other process can read the store
// (readers wait five seconds, then fail with "database is locked"). So the rollback journal is
// used only when no other process has the store open; with the daemon running, the import shares
// the store through the WAL as every other writer does. Every connection switches the store back
// to WAL when it opens it (Db::Open), and this one does so when it closes.

#include <memory>
#include <string>

#include "store/sqlite.hpp"

namespace sellerwatch::store {

class BulkStore {
 public:
  // Opens and migrates the store in `state_dir` (OpenStore), with the rollback journal when no
  // other process has it open.
  static Result<BulkStore> Open(const std::string& state_dir);
  BulkStore(BulkStore&&) noexcept = default;
  BulkStore& operator=(BulkStore&&) = delete;
  // Back to WAL; the transaction must have ended (were it still open, the next opener would do it).
  ~BulkStore();

  Db& db() { return *db_; }
  // The rollback journal is in use: no other process had the store open.
  bool exclusive() const { return exclusive_; }

 private:
  BulkStore(std::unique_ptr<Db> db, bool exclusive) : db_(std::move(db)), exclusive_(exclusive) {}

  std::unique_ptr<Db> db_;
  bool exclusive_;
};

}  // namespace sellerwatch::store
