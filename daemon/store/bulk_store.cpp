#include "store/bulk_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "store/engine_snapshot_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::store {
namespace {

// Every connection to a WAL database holds a read lock on one byte of the shared-memory file (the
// "dead man switch", byte 128: UNIX_SHM_DMS in SQLite's os_unix.c) for as long as it has the
// database open, so testing that lock finds any other process that has the store open. It must
// run before this process opens the store: closing a descriptor drops every lock the process
// holds on that file, SQLite's own included.
bool OpenedElsewhere(const std::string& db_path) {
  const int fd = ::open((db_path + "-shm").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;  // no shared memory: nobody has the store open in WAL mode
  struct flock probe {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  probe.l_start = 128;
  probe.l_len = 1;
  const bool held = ::fcntl(fd, F_GETLK, &probe) != 0 || probe.l_type != F_UNLCK;
  ::close(fd);
  return held;  // when unsure, as if it were: the WAL is always safe
}

// The connection's journal mode ("delete", "wal") after switching it to `mode` if one is given;
// empty on failure.
std::string JournalMode(Db& db, const std::string& mode = {}) {
  auto stmt = db.Cached(mode.empty() ? "PRAGMA journal_mode" : "PRAGMA journal_mode=" + mode);
  if (!stmt) return {};
  auto row = (*stmt)->Step();
  std::string now = row && *row ? (*stmt)->Text(0) : std::string();
  (*stmt)->Reset();
  return now;
}

}  // namespace

Result<BulkStore> BulkStore::Open(const std::string& state_dir) {
  const bool shared = OpenedElsewhere(StorePath(state_dir));
  auto db = OpenStore(state_dir);
  if (!db) return db.error();
  // Another process may open the store between the test and the switch: SQLite keeps that safe
  // (the journal mode is in the file header, which every transaction reads), it only waits.
  bool exclusive = !shared && JournalMode(**db, "delete") == "delete";
  if (exclusive) {
    if (auto r = (*db)->Exec("PRAGMA synchronous=EXTRA"); !r) return r.error();
  }
  return BulkStore(std::move(*db), exclusive);
}

BulkStore::~BulkStore() {
  tx_.reset();
  if (!db_ || !exclusive_) return;
  JournalMode(*db_, "wal");
  (void)db_->Exec("PRAGMA synchronous=FULL");
}

Result<void> BulkStore::Begin() {
  auto tx = Transaction::Begin(*db_);
  if (!tx) return tx.error();
  tx_.emplace(std::move(*tx));
  // Asked again under the write lock: a process that opened the store since Open() has switched
  // it back to WAL, and may be following the feed.
  if (exclusive_ && JournalMode(*db_) == "delete") return PauseFeed();
  return {};
}

// Drops the feed's triggers inside the transaction (DDL is transactional: a rollback brings them
// back); Commit() re-creates them from the statements the schema holds.
Result<void> BulkStore::PauseFeed() {
  auto list = db_->Cached(
      "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'");
  if (!list) return list.error();
  std::vector<std::string> names;
  while (true) {
    auto row = (*list)->Step();
    if (!row) return row.error().Context("list the change feed's triggers");
    if (!*row) break;
    names.push_back((*list)->Text(0));
    paused_triggers_.push_back((*list)->Text(1));
  }
  (*list)->Reset();
  for (const auto& name : names) {
    if (auto r = db_->Exec("DROP TRIGGER " + name); !r) return r.error().Context("pause the feed");
  }
  return {};
}

Result<UpsertCounts> BulkStore::Upsert(std::span<const core::ParsedEvent> events) {
  if (!tx_) return core::Error::Internal("bulk store: Upsert outside Begin/Commit");
  if (feed_paused()) {
    const std::string* last = nullptr;  // files mostly hold one account's events in a row
    for (const auto& e : events) {
      const std::string& account = core::AccountOf(e.event);
      if (!last || *last != account) last = &*written_.insert(account).first;
    }
  }
  return EventStore(*db_).Upsert(events);
}

Result<void> BulkStore::Commit() {
  if (!tx_) return core::Error::Internal("bulk store: Commit without Begin");
  if (feed_paused()) {
    EngineSnapshotStore snapshots(*db_);
    for (const auto& account : written_) {
      if (auto r = snapshots.Delete(account); !r) return r.error();
    }
    for (const auto& sql : paused_triggers_) {
      if (auto r = db_->Exec(sql); !r) return r.error().Context("resume the feed");
    }
    paused_triggers_.clear();
    written_.clear();
  }
  auto r = tx_->Commit();
  tx_.reset();
  return r;
}

}  // namespace sellerwatch::store
