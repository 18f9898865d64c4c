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
#include <optional>
#include <span>
#include <string>
#include <unordered_set>
#include <vector>

#include "store/event_store.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::store {

class BulkStore {
 public:
  // Opens and migrates the store in `state_dir` (OpenStore), with the rollback journal when no
  // other process has it open.
  static Result<BulkStore> Open(const std::string& state_dir);
  BulkStore(BulkStore&&) noexcept = default;
  BulkStore& operator=(BulkStore&&) = delete;
  // Rolls back a transaction not committed, then back to WAL (were that to fail, the next opener
  // would do it).
  ~BulkStore();

  // Begins the one write transaction. When nobody can be following the change feed — the
  // rollback journal is still in use once the write lock is held, so no other process has the
  // store open, and none can open it before the commit (opening switches it to WAL, which waits
  // for this transaction) — the feed is paused for it: a feed row would copy every payload once
  // more, and the next start would replay them slower than it reads the accounts' events.
  Result<void> Begin();
  // Upserts into the transaction.
  Result<UpsertCounts> Upsert(std::span<const core::ParsedEvent> events);
  // With the feed paused, first drops the engine snapshots of the accounts written (their next
  // start reads their events) and resumes the feed; then commits.
  Result<void> Commit();

  Db& db() { return *db_; }
  // The rollback journal is in use: no other process had the store open.
  bool exclusive() const { return exclusive_; }
  // The transaction writes no change-feed rows.
  bool feed_paused() const { return !paused_triggers_.empty(); }

 private:
  BulkStore(std::unique_ptr<Db> db, bool exclusive) : db_(std::move(db)), exclusive_(exclusive) {}
  Result<void> PauseFeed();

  std::unique_ptr<Db> db_;
  bool exclusive_;
  std::optional<Transaction> tx_;
  std::vector<std::string> paused_triggers_;  // their CREATE statements, to resume the feed
  std::unordered_set<std::string> written_;   // accounts, while the feed is paused
};

}  // namespace sellerwatch::store
