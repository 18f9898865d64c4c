#pragma once

#include <cstddef>

namespace sellerwatch::testing {

// A SQLite VFS over the default one whose writes fail as on a full disk once Fill() is called,
// for tests of what the store and its writers do then (a real small filesystem is the
// integration test's job). While it lives it is the default VFS, so connections opened
// meanwhile use it: construct it before opening the store, destroy it after closing the store.
// One at a time.
class FullDiskVfs {
 public:
  enum class Failure {
    kSqliteFull,  // the write answers SQLITE_FULL (what SQLite makes of ENOSPC)
    kIoError,     // SQLITE_IOERR_WRITE with errno EIO: a failing disk, not a full one
  };

  FullDiskVfs();
  ~FullDiskVfs();
  FullDiskVfs(const FullDiskVfs&) = delete;
  FullDiskVfs& operator=(const FullDiskVfs&) = delete;

  // From now on every write fails this way, until Clear().
  void Fill(Failure how = Failure::kSqliteFull);
  void Clear();
  // Writes refused since construction.
  std::size_t refused() const;
};

}  // namespace sellerwatch::testing
