// The import's store: a rollback journal when no other process has the store open, the WAL when
// one has, all-or-nothing either way, and the store back in WAL mode afterwards.

#include "store/bulk_store.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include "fakes/temp_dir.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::store {
namespace {

core::ParsedEvent Order(const std::string& id) {
  auto e = core::ParseEventJson(R"({"type":"order","account":"acme","id":")" + id +
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
    auto tx = Transaction::Begin(store->db());
    ASSERT_TRUE(tx);
    std::vector<core::ParsedEvent> events = {Order("o1"), Order("o2")};
    ASSERT_TRUE(EventStore(store->db()).Upsert(events));
    ASSERT_TRUE(tx->Commit());
  }
  EXPECT_EQ(HeaderWriteVersion(StorePath(StateDir())), 2);
  EXPECT_EQ(Count(StateDir()), 2);
}

TEST_F(BulkStoreTest, AloneARolledBackTransactionLeavesNothing) {
  {
    auto store = BulkStore::Open(StateDir());
    ASSERT_TRUE(store) << store.error().message;
    ASSERT_TRUE(store->exclusive());
    auto tx = Transaction::Begin(store->db());
    ASSERT_TRUE(tx);
    std::vector<core::ParsedEvent> events;
    for (int i = 0; i < 5000; ++i) events.push_back(Order("o" + std::to_string(i)));
    ASSERT_TRUE(EventStore(store->db()).Upsert(events));
    // no Commit(): a bad line later in the file
  }
  EXPECT_EQ(HeaderWriteVersion(StorePath(StateDir())), 2);
  EXPECT_EQ(Count(StateDir()), 0);
}

TEST_F(BulkStoreTest, WithAnotherProcessOnTheStoreItStaysWithTheWal) {
  ASSERT_TRUE(OpenStore(StateDir()));
  OtherProcess daemon(StateDir());
  {
    auto store = BulkStore::Open(StateDir());
    ASSERT_TRUE(store) << store.error().message;
    EXPECT_FALSE(store->exclusive());
    EXPECT_EQ(JournalMode(store->db()), "wal");
    std::vector<core::ParsedEvent> events = {Order("o1")};
    ASSERT_TRUE(EventStore(store->db()).UpsertAtomically(events));
  }
  EXPECT_EQ(Count(StateDir()), 1);
}

}  // namespace
}  // namespace sellerwatch::store
