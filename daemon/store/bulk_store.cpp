#include "store/bulk_store.hpp"

#include <fcntl.h>
#include <unistd.h>

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

// The journal mode the PRAGMA left the connection in ("delete", "wal"), empty on failure.
std::string SetJournalMode(Db& db, const std::string& mode) {
  auto stmt = db.Cached("PRAGMA journal_mode=" + mode);
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
  bool exclusive = !shared && SetJournalMode(**db, "delete") == "delete";
  if (exclusive) {
    if (auto r = (*db)->Exec("PRAGMA synchronous=EXTRA"); !r) return r.error();
  }
  return BulkStore(std::move(*db), exclusive);
}

BulkStore::~BulkStore() {
  if (!db_ || !exclusive_) return;
  // Failing here leaves the store with a rollback journal until the next Db::Open, which is all.
  SetJournalMode(*db_, "wal");
  (void)db_->Exec("PRAGMA synchronous=FULL");
}

}  // namespace sellerwatch::store
