#include "fakes/full_disk_vfs.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <optional>
#include <stdexcept>

namespace sellerwatch::testing {
namespace {

// The VFS and its files pass every call to the default VFS, except writes while full.
struct State {
  sqlite3_vfs* real = nullptr;
  sqlite3_vfs vfs{};
  std::optional<FullDiskVfs::Failure> full;
  int last_errno = 0;
  std::size_t refused = 0;
};
State* g_state = nullptr;

struct ShimFile {
  sqlite3_file base;   // pMethods: kMethods
  sqlite3_file* real;  // the default VFS's file, right after this struct
};

sqlite3_file* Real(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f)->real; }

int Close(sqlite3_file* f) { return Real(f)->pMethods->xClose(Real(f)); }
int Read(sqlite3_file* f, void* buf, int n, sqlite3_int64 off) {
  return Real(f)->pMethods->xRead(Real(f), buf, n, off);
}
int Write(sqlite3_file* f, const void* buf, int n, sqlite3_int64 off) {
  if (g_state->full) {
    ++g_state->refused;
    switch (*g_state->full) {
      case FullDiskVfs::Failure::kSqliteFull:
        return SQLITE_FULL;
      case FullDiskVfs::Failure::kIoError:
        g_state->last_errno = EIO;
        return SQLITE_IOERR_WRITE;
    }
  }
  return Real(f)->pMethods->xWrite(Real(f), buf, n, off);
}
int Truncate(sqlite3_file* f, sqlite3_int64 size) {
  return Real(f)->pMethods->xTruncate(Real(f), size);
}
int Sync(sqlite3_file* f, int flags) { return Real(f)->pMethods->xSync(Real(f), flags); }
int FileSize(sqlite3_file* f, sqlite3_int64* size) {
  return Real(f)->pMethods->xFileSize(Real(f), size);
}
int Lock(sqlite3_file* f, int level) { return Real(f)->pMethods->xLock(Real(f), level); }
int Unlock(sqlite3_file* f, int level) { return Real(f)->pMethods->xUnlock(Real(f), level); }
int CheckReservedLock(sqlite3_file* f, int* out) {
  return Real(f)->pMethods->xCheckReservedLock(Real(f), out);
}
int FileControl(sqlite3_file* f, int op, void* arg) {
  return Real(f)->pMethods->xFileControl(Real(f), op, arg);
}
int SectorSize(sqlite3_file* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }
int DeviceCharacteristics(sqlite3_file* f) {
  return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
}
int ShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return Real(f)->pMethods->xShmMap(Real(f), region, size, extend, out);
}
int ShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
}
void ShmBarrier(sqlite3_file* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }
int ShmUnmap(sqlite3_file* f, int delete_flag) {
  return Real(f)->pMethods->xShmUnmap(Real(f), delete_flag);
}
int Fetch(sqlite3_file* f, sqlite3_int64 off, int n, void** out) {
  return Real(f)->pMethods->xFetch(Real(f), off, n, out);
}
int Unfetch(sqlite3_file* f, sqlite3_int64 off, void* p) {
  return Real(f)->pMethods->xUnfetch(Real(f), off, p);
}

// Version 3, as the default VFS's files: every method, in the struct's order.
const sqlite3_io_methods kMethods = {
    3,
    Close,
    Read,
    Write,
    Truncate,
    Sync,
    FileSize,
    Lock,
    Unlock,
    CheckReservedLock,
    FileControl,
    SectorSize,
    DeviceCharacteristics,
    ShmMap,
    ShmLock,
    ShmBarrier,
    ShmUnmap,
    Fetch,
    Unfetch,
};

int Open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* file, int flags, int* out_flags) {
  auto* shim = reinterpret_cast<ShimFile*>(file);
  shim->real = reinterpret_cast<sqlite3_file*>(shim + 1);
  int rc = g_state->real->xOpen(g_state->real, name, shim->real, flags, out_flags);
  // Without methods SQLite does not close the file: mirror the default VFS.
  shim->base.pMethods = shim->real->pMethods ? &kMethods : nullptr;
  return rc;
}

int GetLastError(sqlite3_vfs*, int n, char* out) {
  if (g_state->last_errno != 0) return g_state->last_errno;
  return g_state->real->xGetLastError ? g_state->real->xGetLastError(g_state->real, n, out) : 0;
}

}  // namespace

FullDiskVfs::FullDiskVfs() {
  if (g_state) throw std::logic_error("FullDiskVfs: one at a time");
  g_state = new State;
  g_state->real = sqlite3_vfs_find(nullptr);
  g_state->vfs = *g_state->real;  // the default's own calls (paths, randomness, time) as they are
  g_state->vfs.zName = "sellerwatch-full-disk-test";
  g_state->vfs.szOsFile = static_cast<int>(sizeof(ShimFile)) + g_state->real->szOsFile;
  g_state->vfs.xOpen = Open;
  g_state->vfs.xGetLastError = GetLastError;
  g_state->vfs.pNext = nullptr;
  if (sqlite3_vfs_register(&g_state->vfs, 1) != SQLITE_OK) {
    delete g_state;
    g_state = nullptr;
    throw std::runtime_error("FullDiskVfs: cannot register the VFS");
  }
}

FullDiskVfs::~FullDiskVfs() {
  sqlite3_vfs_unregister(&g_state->vfs);
  delete g_state;
  g_state = nullptr;
}

void FullDiskVfs::Fill(Failure how) { g_state->full = how; }

void FullDiskVfs::Clear() {
  g_state->full.reset();
  g_state->last_errno = 0;
}

std::size_t FullDiskVfs::refused() const { return g_state->refused; }

}  // namespace sellerwatch::testing
