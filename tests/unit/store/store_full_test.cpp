// A store on a full disk: SQLite's result codes make a kStoreFull error (never the message
// text), the Db's WriteHealth follows what its writes find, a refused transaction leaves
// nothing half-written, and reads go on.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cerrno>

#include "fakes/full_disk_vfs.hpp"
#include "fakes/temp_dir.hpp"
#include "store/cursor_store.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::store {
namespace {

using Notice = WriteHealth::Notice;
using sellerwatch::testing::FullDiskVfs;

const core::Timestamp kT0 = core::FromUnixMillis(1'790'000'000'000);

TEST(ClassifySqliteFailureTest, FullDiskFromTheResultCodeAndTheErrno) {
  struct Case {
    int rc;
    int sys_errno;
    core::ErrorKind kind;
    bool full;
  };
  for (const Case& c : {
           Case{SQLITE_FULL, 0, core::ErrorKind::kTransient, true},
           Case{SQLITE_IOERR_WRITE, ENOSPC, core::ErrorKind::kTransient, true},
           Case{SQLITE_IOERR_FSYNC, ENOSPC, core::ErrorKind::kTransient, true},
           Case{SQLITE_IOERR_SHMSIZE, EDQUOT, core::ErrorKind::kTransient, true},
           Case{SQLITE_IOERR_WRITE, EIO, core::ErrorKind::kTransient, false},
           Case{SQLITE_IOERR, 0, core::ErrorKind::kTransient, false},
           Case{SQLITE_BUSY, 0, core::ErrorKind::kTransient, false},
           Case{SQLITE_LOCKED, 0, core::ErrorKind::kTransient, false},
           // ENOSPC left over from an earlier call does not make a constraint a full disk.
           Case{SQLITE_CONSTRAINT_UNIQUE, ENOSPC, core::ErrorKind::kPermanent, false},
           Case{SQLITE_CORRUPT, 0, core::ErrorKind::kPermanent, false},
       }) {
    auto f = ClassifySqliteFailure(c.rc, c.sys_errno);
    EXPECT_EQ(f.kind, c.kind) << c.rc;
    EXPECT_EQ(f.store_full, c.full) << c.rc;
  }
}

class StoreFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenStore(dir_.File("state"));
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
    db_->OnWriteHealth([this](Notice n, const Db&) { notices_.push_back(n); });
  }
  void TearDown() override { db_.reset(); }  // before the VFS goes

  Result<void> PutCursor(const std::string& source, const std::string& value) {
    return CursorStore(*db_).Put(source, value, kT0);
  }
  std::optional<std::string> Cursor(const std::string& source) {
    return CursorStore(*db_).Get(source).value();
  }

  FullDiskVfs vfs_;  // before the store: the store's connection goes through it
  sellerwatch::testing::TempDir dir_;
  std::unique_ptr<Db> db_;
  std::vector<Notice> notices_;
};

TEST_F(StoreFullTest, ARefusedWriteIsAStoreFullErrorAndTheStoreSaysSoOnce) {
  ASSERT_TRUE(PutCursor("shop/a", "1"));
  vfs_.Fill();
  auto refused = PutCursor("shop/a", "2");
  ASSERT_FALSE(refused);
  EXPECT_TRUE(core::IsStoreFull(refused.error())) << refused.error().message;
  EXPECT_EQ(refused.error().kind, core::ErrorKind::kTransient);
  EXPECT_TRUE(db_->write_health().full());
  EXPECT_EQ(db_->write_health().reason(), "database or disk is full");
  ASSERT_FALSE(PutCursor("shop/a", "3"));
  EXPECT_EQ(notices_, (std::vector<Notice>{Notice::kFull, Notice::kRefused}));
  // Reads go on, and see the last committed value.
  EXPECT_EQ(Cursor("shop/a"), "1");
  EXPECT_TRUE(OutboxStore(*db_).Counts());

  vfs_.Clear();
  ASSERT_TRUE(PutCursor("shop/a", "4"));
  EXPECT_FALSE(db_->write_health().full());
  EXPECT_EQ(notices_.back(), Notice::kWritableAgain);
  EXPECT_EQ(Cursor("shop/a"), "4");
}

TEST_F(StoreFullTest, ARefusedTransactionLeavesNothingHalfWritten) {
  ASSERT_TRUE(PutCursor("shop/a", "1"));
  vfs_.Fill();
  {
    auto tx = Transaction::Begin(*db_);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(PutCursor("shop/a", "2"));  // in the page cache until the commit
    ASSERT_TRUE(PutCursor("shop/b", "2"));
    auto committed = tx->Commit();
    ASSERT_FALSE(committed);
    EXPECT_TRUE(core::IsStoreFull(committed.error())) << committed.error().message;
  }
  vfs_.Clear();
  EXPECT_EQ(Cursor("shop/a"), "1");
  EXPECT_EQ(Cursor("shop/b"), std::nullopt);
  auto check = db_->Cached("PRAGMA integrity_check");
  ASSERT_TRUE(check);
  ASSERT_TRUE((*check)->Step().value());
  EXPECT_EQ((*check)->Text(0), "ok");
  (*check)->Reset();
}

TEST_F(StoreFullTest, OnlyACommitThatWroteSomethingEndsTheFullSpell) {
  vfs_.Fill();
  ASSERT_FALSE(PutCursor("shop/a", "1"));
  vfs_.Clear();
  {
    auto tx = Transaction::Begin(*db_);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(tx->Commit());  // wrote nothing: proves nothing about the disk
  }
  EXPECT_TRUE(db_->write_health().full());
  {
    auto tx = Transaction::Begin(*db_);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(PutCursor("shop/a", "1"));
    ASSERT_TRUE(tx->Commit());
  }
  EXPECT_FALSE(db_->write_health().full());
}

// (ENOSPC behind an I/O error is ClassifySqliteFailure's table above: this SQLite does not hand a
// VFS's errno to sqlite3_system_errno for a failed WAL write, so the shim cannot show it.)
TEST_F(StoreFullTest, AFailingDiskIsNotAFullOne) {
  vfs_.Fill(FullDiskVfs::Failure::kIoError);
  auto broken = PutCursor("shop/a", "2");
  ASSERT_FALSE(broken);
  EXPECT_FALSE(core::IsStoreFull(broken.error())) << broken.error().message;
  EXPECT_EQ(broken.error().kind, core::ErrorKind::kTransient);
  EXPECT_FALSE(db_->write_health().full());
  EXPECT_TRUE(notices_.empty());
}

// Without the shim: a database capped by max_page_count answers SQLITE_FULL like a full disk.
TEST(StoreFullPageCapTest, AStoreAtItsPageCapIsFull) {
  sellerwatch::testing::TempDir dir;
  auto opened = OpenStore(dir.File("state"));
  ASSERT_TRUE(opened) << opened.error().message;
  Db& db = **opened;
  auto pages = db.Cached("PRAGMA page_count");
  ASSERT_TRUE(pages && (*pages)->Step().value());
  const std::int64_t count = (*pages)->Int(0);
  (*pages)->Reset();
  ASSERT_TRUE(db.Exec("PRAGMA max_page_count = " + std::to_string(count + 2)));
  Result<void> last;
  for (int i = 0; i < 50 && last; ++i) {
    last = CursorStore(db).Put("shop/" + std::to_string(i), std::string(4000, 'x'), kT0);
  }
  ASSERT_FALSE(last);
  EXPECT_TRUE(core::IsStoreFull(last.error())) << last.error().message;
  EXPECT_TRUE(db.write_health().full());
}

}  // namespace
}  // namespace sellerwatch::store
