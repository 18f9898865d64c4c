// The import's store: a rollback journal when no other process has the store open, the WAL when
// one has, all-or-nothing either way, and the store back in WAL mode afterwards. Alone, the
// import pauses the change feed (nobody can be following it) and drops the engine snapshots of
// the accounts it wrote, so the next start reads their events.

#include "store/bulk_store.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "fakes/temp_dir.hpp"
#include "store/engine_snapshot_store.hpp"
#include "store/event_feed.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::store {
namespace {

core::ParsedEvent Order(const std::string& id, const std::string& account = "acme") {
  auto e = core::ParseEventJson(R"({"type":"order","account":")" + account + R"(","id":")" + id +
                                R"(","purchased_at":"2026-11-01T10:00:00Z","status":"pending",)"
                                R"("fulfillment":"merchant"})");
  EXPECT_TRUE(e) << e.error().message;
  return *e;
}

std::string JournalMode(Db& db) {
  auto stmt = db.Cached("PRAGMA journal_mode");
  EXPECT_TRUE(stmt);
  EXPECT_TRUE((*stmt)->Step());
  std::string mode = (*stmt)->Text(0);
  (*stmt)->Reset();
  return mode;
}

// The file header's write version (byte 18): 2 in WAL mode, 1 with a rollback journal.
int HeaderWriteVersion(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(18);
  return in.get();
}

std::int64_t Count(const std::string& state_dir) {
  auto db = OpenStore(state_dir);
  EXPECT_TRUE(db) << db.error().message;
  return *EventStore(**db).Count("acme");
}

// Another process with the store open (as the daemon would have), until destroyed.
class OtherProcess {
 public:
  explicit OtherProcess(const std::string& state_dir) {
    int ready[2];
    EXPECT_EQ(::pipe(ready), 0);
    EXPECT_EQ(::pipe(go_), 0);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(go_[1]);  // else the child's own copy keeps its read below from ever ending
      auto db = OpenStore(state_dir);
      const bool ok = db && EventStore(**db).Count("acme");
      (void)!::write(ready[1], ok ? "y" : "n", 1);
      char c;
      (void)!::read(go_[0], &c, 1);  // until the parent closes its end
      ::_exit(0);
    }
    char c = 0;
    EXPECT_EQ(::read(ready[0], &c, 1), 1);
    EXPECT_EQ(c, 'y');
    ::close(ready[0]);
    ::close(ready[1]);
    ::close(go_[0]);
  }
  ~OtherProcess() {
    ::close(go_[1]);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }

 private:
  pid_t pid_ = -1;
  int go_[2] = {-1, -1};
};

// Rows in the change feed.
std::int64_t FeedRows(Db& db) {
  auto stmt = db.Cached("SELECT COUNT(*) FROM event_changes");
  EXPECT_TRUE(stmt);
  EXPECT_TRUE((*stmt)->Step());
  std::int64_t n = (*stmt)->Int(0);
  (*stmt)->Reset();
  return n;
}

class BulkStoreTest : public ::testing::Test {
 protected:
  std::string StateDir() const { return dir_.File("state"); }
  testing::TempDir dir_;
};

TEST_F(BulkStoreTest, AloneItWritesWithARollbackJournalAndLeavesTheStoreInWalMode) {
  ASSERT_TRUE(OpenStore(StateDir()));  // an existing store, closed again
  {
    auto store = BulkStore::Open(StateDir());
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_TRUE(store->exclusive());
    EXPECT_EQ(JournalMode(store->db()), "delete");
    ASSERT_TRUE(store->Begin());
    std::vector<core::ParsedEvent> events = {Order("o1"), Order("o2")};
    ASSERT_TRUE(store->Upsert(events));
    ASSERT_TRUE(store->Commit());
  }
  EXPECT_EQ(HeaderWriteVersion(StorePath(StateDir())), 2);
  EXPECT_EQ(Count(StateDir()), 2);
}

TEST_F(BulkStoreTest, AloneARolledBackTransactionLeavesNothing) {
  {
    auto store = BulkStore::Open(StateDir());
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE(store->exclusive());
    ASSERT_TRUE(store->Begin());
    EXPECT_TRUE(store->feed_paused());
    std::vector<core::ParsedEvent> events;
    for (int i = 0; i < 5000; ++i) events.push_back(Order("o" + std::to_string(i)));
    ASSERT_TRUE(store->Upsert(events));
    // no Commit(): a bad line later in the file
  }
  EXPECT_EQ(HeaderWriteVersion(StorePath(StateDir())), 2);
  EXPECT_EQ(Count(StateDir()), 0);
  // The feed's triggers came back with the rollback.
  auto db = OpenStore(StateDir());
  ASSERT_TRUE(db);
  ASSERT_TRUE(EventStore(**db).UpsertAtomically(std::vector<core::ParsedEvent>{Order("o1")}));
  EXPECT_EQ(FeedRows(**db), 1);
}

TEST_F(BulkStoreTest, AloneItPausesTheFeedAndDropsTheSnapshotsOfTheAccountsItWrote) {
  const auto now = *core::ParseRfc3339("2026-11-02T10:00:00Z");
  {
    auto db = OpenStore(StateDir());
    ASSERT_TRUE(db);
    ASSERT_TRUE(EventStore(**db).UpsertAtomically(
        std::vector<core::ParsedEvent>{Order("o1"), Order("o1", "other")}));
    EngineSnapshotStore snapshots(**db);
    ASSERT_TRUE(snapshots.Put("acme", 2, 1, "state", now));
    ASSERT_TRUE(snapshots.Put("other", 2, 1, "state", now));
  }
  std::vector<core::ParsedEvent> events;
  for (int i = 0; i < 300; ++i) events.push_back(Order("n" + std::to_string(i)));
  {
    auto store = BulkStore::Open(StateDir());
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE(store->Begin());
    EXPECT_TRUE(store->feed_paused());
    ASSERT_TRUE(store->Upsert(events));
    ASSERT_TRUE(store->Commit());
  }

  auto db = OpenStore(StateDir());
  ASSERT_TRUE(db);
  EXPECT_EQ(*EventStore(**db).Count("acme"), 301);
  EXPECT_EQ(FeedRows(**db), 2);         // the two written before; none of the import
  EXPECT_EQ(*LastEventSeq(**db), 302);  // its versions are numbered all the same
  EngineSnapshotStore snapshots(**db);
  EXPECT_FALSE(*snapshots.Get("acme"));  // the next start reads its events
  EXPECT_TRUE(*snapshots.Get("other"));
  // The feed goes on after it.
  ASSERT_TRUE(EventStore(**db).UpsertAtomically(std::vector<core::ParsedEvent>{Order("x")}));
  EXPECT_EQ(FeedRows(**db), 3);
}

TEST_F(BulkStoreTest, WithAnotherProcessOnTheStoreItStaysWithTheWal) {
  ASSERT_TRUE(OpenStore(StateDir()));
  OtherProcess daemon(StateDir());
  {
    auto store = BulkStore::Open(StateDir());
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_FALSE(store->exclusive());
    EXPECT_EQ(JournalMode(store->db()), "wal");
    ASSERT_TRUE(store->Begin());
    EXPECT_FALSE(store->feed_paused());  // the daemon may be following it
    std::vector<core::ParsedEvent> events = {Order("o1")};
    ASSERT_TRUE(store->Upsert(events));
    ASSERT_TRUE(store->Commit());
    EXPECT_EQ(FeedRows(store->db()), 1);
  }
  EXPECT_EQ(Count(StateDir()), 1);
}

}  // namespace
}  // namespace sellerwatch::store
