// The change feed: every version the store applies is numbered and recorded with the version it
// replaced, whoever wrote it; a pass reads one snapshot and hands each event over once.

#include "store/event_feed.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "fakes/temp_dir.hpp"
#include "store/engine_snapshot_store.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::store {
namespace {

core::ParsedEvent Parse(const std::string& json) {
  auto e = core::ParseEventJson(json);
  EXPECT_TRUE(e) << e.error().message;
  return *e;
}

core::ParsedEvent Order(const std::string& id, const std::string& status,
                        const std::string& updated_at, const std::string& account = "acme") {
  return Parse(R"({"type":"order","account":")" + account + R"(","id":")" + id +
               R"(","purchased_at":"2026-11-01T10:00:00Z","status":")" + status +
               R"(","fulfillment":"merchant","updated_at":")" + updated_at + R"("})");
}

core::OrderStatus StatusOf(const core::Event& e) { return std::get<core::Order>(e).status; }

class EventFeedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenStore(dir_.File("state"));
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
    auto feed = EventFeed::Open(*db_);
    ASSERT_TRUE(feed) << feed.error().message;
    feed_ = std::move(*feed);
  }
  UpsertCounts Write(Db& db, const std::vector<core::ParsedEvent>& events) {
    auto counts = EventStore(db).UpsertAtomically(events);
    EXPECT_TRUE(counts) << counts.error().message;
    return counts ? *counts : UpsertCounts{};
  }
  // A whole pass after `seen` for a reader following every account.
  std::vector<FeedChange> Pass(std::int64_t seen, std::size_t slice = 1000) {
    EXPECT_TRUE(feed_->Begin(seen));
    std::vector<FeedChange> out;
    for (int guard = 0; guard < 10'000; ++guard) {
      auto chunk = feed_->Next(slice, [seen](const std::string&) { return seen; });
      EXPECT_TRUE(chunk) << chunk.error().message;
      if (!chunk) break;
      for (auto& c : chunk->changes) out.push_back(std::move(c));
      if (chunk->done) break;
    }
    return out;
  }
  std::int64_t Last() { return LastEventSeq(*db_).value(); }

  testing::TempDir dir_;
  std::unique_ptr<Db> db_;
  std::unique_ptr<EventFeed> feed_;
};

TEST_F(EventFeedTest, EachAppliedVersionIsOneChangeWithTheVersionItReplaced) {
  struct Step {
    core::ParsedEvent event;
    bool applied;
    std::optional<core::OrderStatus> before;
  };
  std::vector<Step> steps = {
      {Order("o1", "unshipped", "2026-11-01T10:00:00Z"), true, std::nullopt},  // new
      {Order("o1", "shipped", "2026-11-02T10:00:00Z"), true, core::OrderStatus::kUnshipped},
      {Order("o1", "cancelled", "2026-11-01T12:00:00Z"), false, std::nullopt},  // older
      {Order("o1", "shipped", "2026-11-02T10:00:00Z"), false, std::nullopt},    // same again
      // same time, different content: a correction
      {Order("o1", "delivered", "2026-11-02T10:00:00Z"), true, core::OrderStatus::kShipped},
  };
  std::int64_t seen = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    SCOPED_TRACE("step " + std::to_string(i));
    auto counts = Write(*db_, {steps[i].event});
    EXPECT_EQ(counts.applied, steps[i].applied ? 1u : 0u);
    EXPECT_EQ(Last(), seen + (steps[i].applied ? 1 : 0));  // only applied versions are numbered
    auto changes = Pass(seen);
    ASSERT_EQ(changes.size(), steps[i].applied ? 1u : 0u);
    seen = Last();
    if (!steps[i].applied) continue;
    EXPECT_EQ(changes[0].seq, seen);
    EXPECT_EQ(StatusOf(changes[0].after), StatusOf(steps[i].event.event));
    ASSERT_EQ(changes[0].before.has_value(), steps[i].before.has_value());
    if (steps[i].before) {
      EXPECT_EQ(StatusOf(*changes[0].before), *steps[i].before);
    }
  }
}

TEST_F(EventFeedTest, APassHandsOverEveryVersionAfterTheReadersInTheOrderWritten) {
  Write(*db_, {Order("o1", "unshipped", "2026-11-01T10:00:00Z")});
  const std::int64_t seen = Last();
  Write(*db_, {Order("o1", "shipped", "2026-11-02T10:00:00Z"),
               Order("o2", "pending", "2026-11-01T10:00:00Z")});
  Write(*db_, {Order("o1", "delivered", "2026-11-03T10:00:00Z"),
               Order("o2", "unshipped", "2026-11-02T10:00:00Z")});
  using S = core::OrderStatus;
  struct Step {
    std::string id;
    std::optional<S> before;
    S after;
  };
  const std::vector<Step> want = {{"o1", S::kUnshipped, S::kShipped},
                                  {"o2", std::nullopt, S::kPending},
                                  {"o1", S::kShipped, S::kDelivered},
                                  {"o2", S::kPending, S::kUnshipped}};
  for (std::size_t slice : {1u, 2u, 1000u}) {
    auto changes = Pass(seen, slice);
    ASSERT_EQ(changes.size(), want.size()) << slice;
    for (std::size_t i = 0; i < want.size(); ++i) {
      EXPECT_EQ(core::IdOf(changes[i].after), want[i].id) << slice << " " << i;
      EXPECT_EQ(changes[i].before.has_value(), want[i].before.has_value()) << slice << " " << i;
      if (changes[i].before && want[i].before) {
        EXPECT_EQ(StatusOf(*changes[i].before), *want[i].before) << slice << " " << i;
      }
      EXPECT_EQ(StatusOf(changes[i].after), want[i].after) << slice << " " << i;
      if (i) {
        EXPECT_GT(changes[i].seq, changes[i - 1].seq);
      }
    }
  }
}

TEST_F(EventFeedTest, APassSeesOneSnapshotWhileWritesGoOn) {
  Write(*db_, {Order("o1", "unshipped", "2026-11-01T10:00:00Z"),
               Order("o2", "unshipped", "2026-11-01T10:00:00Z")});
  auto end = feed_->Begin(0);
  ASSERT_TRUE(end);
  EXPECT_EQ(*end, 2);
  auto all = [](const std::string&) { return std::optional<std::int64_t>(0); };
  auto first = feed_->Next(1, all);
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->done);
  // Another writer updates o2 and adds o3 mid-pass: this pass still ends at 2, with o2 as it was.
  auto other = Db::Open(db_->path());
  ASSERT_TRUE(other);
  Write(**other, {Order("o2", "shipped", "2026-11-02T10:00:00Z"),
                  Order("o3", "unshipped", "2026-11-01T10:00:00Z")});
  auto rest = feed_->Next(10, all);
  ASSERT_TRUE(rest);
  EXPECT_TRUE(rest->done);
  ASSERT_EQ(rest->changes.size(), 1u);
  EXPECT_EQ(StatusOf(rest->changes[0].after), core::OrderStatus::kUnshipped);
  // The next pass takes the rest.
  auto next = Pass(2);
  ASSERT_EQ(next.size(), 2u);
  EXPECT_EQ(StatusOf(*next[0].before), core::OrderStatus::kUnshipped);
  EXPECT_EQ(StatusOf(next[0].after), core::OrderStatus::kShipped);
  EXPECT_EQ(core::IdOf(next[1].after), "o3");
}

TEST_F(EventFeedTest, SkipsAccountsTheReaderDoesNotFollowOrAlreadyHolds) {
  Write(*db_, {Order("o1", "unshipped", "2026-11-01T10:00:00Z", "mine"),
               Order("o1", "unshipped", "2026-11-01T10:00:00Z", "theirs")});
  Write(*db_, {Order("o2", "unshipped", "2026-11-01T10:00:00Z", "mine")});
  ASSERT_TRUE(feed_->Begin(0));
  auto chunk = feed_->Next(100, [](const std::string& account) -> std::optional<std::int64_t> {
    if (account == "mine") return 1;  // holds change 1 (its o1) already
    return std::nullopt;
  });
  ASSERT_TRUE(chunk);
  EXPECT_EQ(chunk->rows, 3u);
  ASSERT_EQ(chunk->changes.size(), 1u);
  EXPECT_EQ(core::IdOf(chunk->changes[0].after), "o2");
}

TEST_F(EventFeedTest, RollbackNumbersNothingAndTrimDropsOnlyWhatWasAsked) {
  {
    auto tx = Transaction::Begin(*db_);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(EventStore(*db_).Upsert(
        std::vector<core::ParsedEvent>{Order("o1", "unshipped", "2026-11-01T10:00:00Z")}));
  }  // not committed
  EXPECT_EQ(Last(), 0);
  EXPECT_TRUE(Pass(0).empty());
  for (int i = 0; i < 5; ++i) {
    Write(*db_, {Order("o" + std::to_string(i), "unshipped", "2026-11-01T10:00:00Z")});
  }
  auto trimmed = TrimEventFeed(*db_, 3, 2);
  ASSERT_TRUE(trimmed);
  EXPECT_EQ(*trimmed, 2);  // the limit
  EXPECT_EQ(*TrimEventFeed(*db_, 3, 100), 1);
  EXPECT_EQ(Pass(0).size(), 2u);  // 4 and 5 are left
  EXPECT_EQ(Last(), 5);
}

// Many versions go in one statement: still only the applied ones are numbered, one after the
// other in batch order, with the upsert rule applied between versions of the same batch too.
TEST_F(EventFeedTest, ALargeBatchNumbersOnlyItsAppliedVersionsInOrder) {
  auto id = [](int i) { return "o" + std::to_string(i); };
  std::vector<core::ParsedEvent> first;
  for (int i = 0; i < 150; ++i) first.push_back(Order(id(i), "unshipped", "2026-11-01T10:00:00Z"));
  EXPECT_EQ(Write(*db_, first).applied, 150u);
  const std::int64_t seen = Last();
  ASSERT_EQ(seen, 150);

  std::vector<core::ParsedEvent> batch;
  std::vector<std::string> applied;  // ids in the order their versions must be numbered
  for (int i = 0; i < 150; ++i) {
    switch (i % 4) {
      case 0:  // newer
        batch.push_back(Order(id(i), "shipped", "2026-11-02T10:00:00Z"));
        applied.push_back(id(i));
        break;
      case 1:  // older
        batch.push_back(Order(id(i), "pending", "2026-10-31T10:00:00Z"));
        break;
      case 2:  // the same again
        batch.push_back(Order(id(i), "unshipped", "2026-11-01T10:00:00Z"));
        break;
      default:  // a correction at the same time
        batch.push_back(Order(id(i), "cancelled", "2026-11-01T10:00:00Z"));
        applied.push_back(id(i));
    }
  }
  for (int i = 150; i < 200; ++i) {  // new, each twice: a newer second version, then an older
    batch.push_back(Order(id(i), "unshipped", "2026-11-01T10:00:00Z"));
    batch.push_back(Order(id(i), "delivered", "2026-11-05T10:00:00Z"));
    batch.push_back(Order(id(i), "shipped", "2026-11-03T10:00:00Z"));
    applied.push_back(id(i));
    applied.push_back(id(i));
  }
  auto counts = Write(*db_, batch);
  EXPECT_EQ(counts.applied, applied.size());
  EXPECT_EQ(counts.ignored, batch.size() - applied.size());
  EXPECT_EQ(Last(), seen + static_cast<std::int64_t>(applied.size()));

  auto rows = db_->Cached("SELECT seq, id FROM event_changes WHERE seq > ?1 ORDER BY seq");
  ASSERT_TRUE(rows);
  (*rows)->Bind(1, seen);
  std::int64_t expected_seq = seen;
  std::size_t n = 0;
  while ((*rows)->Step().value()) {
    EXPECT_EQ((*rows)->Int(0), ++expected_seq);
    ASSERT_LT(n, applied.size());
    EXPECT_EQ((*rows)->Text(1), applied[n++]);
  }
  (*rows)->Reset();
  EXPECT_EQ(n, applied.size());

  std::map<std::string, core::OrderStatus> stored;
  for (const auto& e : EventStore(*db_).Load("acme").value()) stored[core::IdOf(e)] = StatusOf(e);
  EXPECT_EQ(stored["o0"], core::OrderStatus::kShipped);
  EXPECT_EQ(stored["o1"], core::OrderStatus::kUnshipped);
  EXPECT_EQ(stored["o2"], core::OrderStatus::kUnshipped);
  EXPECT_EQ(stored["o3"], core::OrderStatus::kCancelled);
  EXPECT_EQ(stored["o199"], core::OrderStatus::kDelivered);
  EXPECT_EQ(stored.size(), 200u);
}

TEST_F(EventFeedTest, OrderPurchasedAtLooksUpOneOrderByAccountAndId) {
  Write(*db_, {Order("o1", "shipped", "2026-11-02T10:00:00Z"),
               Order("o1", "cancelled", "2026-11-02T10:00:00Z", "other"),
               Parse(R"({"type":"feedback","account":"acme","id":"fb","order_id":"o1","rating":1,)"
                     R"("received_at":"2026-11-03T00:00:00Z"})")});
  EventStore store(*db_);
  auto found = store.OrderPurchasedAt("acme", "o1");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(*found, core::ParseRfc3339("2026-11-01T10:00:00Z"));
  EXPECT_TRUE(store.OrderPurchasedAt("other", "o1").value().has_value());
  EXPECT_FALSE(store.OrderPurchasedAt("acme", "nope").value().has_value());
}

// A store of schema 5 (feed rows without the version written): the upgrade drops its feed rows
// and the snapshots that would need them, keeps a snapshot that reflects every change, and the
// feed works after it.
TEST(EventFeedUpgrade, FromSchemaFiveKeepsOnlySnapshotsThatNeedNoFeedRows) {
  testing::TempDir dir;
  auto db = Db::Open(StorePath(dir.File("")));
  ASSERT_TRUE(db) << db.error().message;
  ASSERT_TRUE(Migrate(**db, 5));
  ASSERT_TRUE(EventStore(**db).UpsertAtomically(
      std::vector<core::ParsedEvent>{Order("o1", "unshipped", "2026-11-01T10:00:00Z")}));
  ASSERT_TRUE(EventStore(**db).UpsertAtomically(
      std::vector<core::ParsedEvent>{Order("o1", "shipped", "2026-11-02T10:00:00Z", "acme"),
                                     Order("o1", "unshipped", "2026-11-01T10:00:00Z", "other")}));
  auto last = LastEventSeq(**db);
  ASSERT_TRUE(last);
  ASSERT_EQ(*last, 3);
  const auto now = *core::ParseRfc3339("2026-11-03T10:00:00Z");
  EngineSnapshotStore snapshots(**db);
  ASSERT_TRUE(snapshots.Put("acme", 1, 1, "behind", now));
  ASSERT_TRUE(snapshots.Put("other", 3, 1, "current", now));

  ASSERT_TRUE(Migrate(**db)) << "upgrade";
  EXPECT_FALSE(*snapshots.Get("acme"));
  auto kept = snapshots.Get("other");
  ASSERT_TRUE(kept && *kept);
  EXPECT_EQ((*kept)->seq, 3);
  EXPECT_EQ(*LastEventSeq(**db), 3);
  auto feed = EventFeed::Open(**db);
  ASSERT_TRUE(feed);
  ASSERT_TRUE((*feed)->Begin(0));
  auto all = [](const std::string&) { return std::optional<std::int64_t>(0); };
  auto none = (*feed)->Next(100, all);
  ASSERT_TRUE(none);
  EXPECT_EQ(none->rows, 0u);

  ASSERT_TRUE(EventStore(**db).UpsertAtomically(
      std::vector<core::ParsedEvent>{Order("o1", "delivered", "2026-11-03T10:00:00Z")}));
  ASSERT_TRUE((*feed)->Begin(3));
  auto chunk = (*feed)->Next(100, all);
  ASSERT_TRUE(chunk) << chunk.error().message;
  ASSERT_EQ(chunk->changes.size(), 1u);
  EXPECT_EQ(chunk->changes[0].seq, 4);
  EXPECT_EQ(StatusOf(*chunk->changes[0].before), core::OrderStatus::kShipped);
  EXPECT_EQ(StatusOf(chunk->changes[0].after), core::OrderStatus::kDelivered);
}

}  // namespace
}  // namespace sellerwatch::store
