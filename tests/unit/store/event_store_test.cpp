#include "store/event_store.hpp"

#include <gtest/gtest.h>

#include "fakes/temp_dir.hpp"
#include "store/alert_state_store.hpp"
#include "store/cursor_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::store {
namespace {

core::ParsedEvent OrderVersion(const std::string& id, const std::string& status,
                               const std::string& updated_at) {
  auto e = core::ParseEventJson(
      R"({"type":"order","account":"acme","id":")" + id +
      R"(","purchased_at":"2026-11-01T10:00:00Z","status":")" + status +
      R"(","fulfillment":"merchant","updated_at":")" + updated_at + R"("})");
  EXPECT_TRUE(e) << e.error().message;
  return *e;
}

class EventStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenStore(dir_.File("state"));
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
  }
  core::OrderStatus StatusOf(const std::string& id) {
    auto events = EventStore(*db_).Load("acme");
    for (const auto& e : *events)
      if (core::IdOf(e) == id) return std::get<core::Order>(e).status;
    ADD_FAILURE() << "no order " << id;
    return core::OrderStatus::kPending;
  }

  testing::TempDir dir_;
  std::unique_ptr<Db> db_;
};

TEST_F(EventStoreTest, NewerVersionWinsOlderIsIgnored) {
  EventStore store(*db_);
  struct Step {
    core::ParsedEvent event;
    std::size_t applied;
    core::OrderStatus stored;
  };
  std::vector<Step> steps = {
      {OrderVersion("o1", "unshipped", "2026-11-01T10:00:00Z"), 1, core::OrderStatus::kUnshipped},
      {OrderVersion("o1", "shipped", "2026-11-02T10:00:00Z"), 1, core::OrderStatus::kShipped},
      // older: ignored
      {OrderVersion("o1", "cancelled", "2026-11-01T12:00:00Z"), 0, core::OrderStatus::kShipped},
      // same version again: nothing to do
      {OrderVersion("o1", "shipped", "2026-11-02T10:00:00Z"), 0, core::OrderStatus::kShipped},
      // same time, different content: a correction
      {OrderVersion("o1", "delivered", "2026-11-02T10:00:00Z"), 1, core::OrderStatus::kDelivered},
  };
  for (std::size_t i = 0; i < steps.size(); ++i) {
    auto counts = store.UpsertAtomically(std::span(&steps[i].event, 1));
    ASSERT_TRUE(counts) << counts.error().message;
    EXPECT_EQ(counts->applied, steps[i].applied) << "step " << i;
    EXPECT_EQ(counts->ignored, 1 - steps[i].applied) << "step " << i;
    EXPECT_EQ(StatusOf("o1"), steps[i].stored) << "step " << i;
  }
  EXPECT_EQ(*store.Count("acme"), 1);
}

TEST_F(EventStoreTest, KeyIncludesAccountAndType) {
  auto order = OrderVersion("x", "shipped", "2026-11-02T10:00:00Z");
  auto feedback = *core::ParseEventJson(
      R"({"type":"feedback","account":"acme","id":"x","rating":5,"received_at":"2026-11-03T00:00:00Z"})");
  auto other = *core::ParseEventJson(
      R"({"type":"feedback","account":"other","id":"x","rating":5,"received_at":"2026-11-03T00:00:00Z"})");
  std::vector<core::ParsedEvent> all = {order, feedback, other};
  auto counts = EventStore(*db_).UpsertAtomically(all);
  ASSERT_TRUE(counts);
  EXPECT_EQ(counts->applied, 3u);
  EXPECT_EQ(*EventStore(*db_).Count("acme"), 2);
}

TEST_F(EventStoreTest, LoadAsOfATimeSkipsLaterVersions) {
  std::vector<core::ParsedEvent> all = {OrderVersion("early", "shipped", "2026-11-02T10:00:00Z"),
                                        OrderVersion("late", "shipped", "2026-11-05T10:00:00Z")};
  ASSERT_TRUE(EventStore(*db_).UpsertAtomically(all));
  auto known = EventStore(*db_).Load("acme", core::ParseRfc3339("2026-11-03T00:00:00Z"));
  ASSERT_TRUE(known);
  ASSERT_EQ(known->size(), 1u);
  EXPECT_EQ(core::IdOf((*known)[0]), "early");
}

TEST_F(EventStoreTest, AFailedBatchLeavesNothingBehind) {
  // Events and a cursor in one transaction; dropping the transaction keeps neither.
  {
    auto tx = Transaction::Begin(*db_);
    ASSERT_TRUE(tx);
    std::vector<core::ParsedEvent> batch = {OrderVersion("o1", "shipped", "2026-11-02T10:00:00Z")};
    ASSERT_TRUE(EventStore(*db_).Upsert(batch));
    ASSERT_TRUE(CursorStore(*db_).Put("acme/src", "page-2", core::Timestamp{}));
    // no Commit(): as if the process failed mid-batch
  }
  EXPECT_EQ(*EventStore(*db_).Count("acme"), 0);
  EXPECT_FALSE(*CursorStore(*db_).Get("acme/src"));
}

TEST_F(EventStoreTest, MigrationsAreIdempotentAndStateSurvivesReopen) {
  std::vector<core::ParsedEvent> batch = {OrderVersion("o1", "shipped", "2026-11-02T10:00:00Z")};
  ASSERT_TRUE(EventStore(*db_).UpsertAtomically(batch));
  auto r = AlertStateRecord::Inactive("acme", "order_defect_rate", core::FromUnixMillis(1000));
  r.state = core::AlertState::kFiring;
  r.severity = core::Severity::kCritical;
  r.active_since = core::FromUnixMillis(500);
  r.value = 0.012;
  r.clear_since = core::FromUnixMillis(900);
  {
    auto tx = Transaction::Begin(*db_);
    ASSERT_TRUE(AlertStateStore(*db_).Save(r));
    ASSERT_TRUE(tx->Commit());
  }
  db_.reset();
  auto reopened = OpenStore(dir_.File("state"));
  ASSERT_TRUE(reopened) << reopened.error().message;
  EXPECT_EQ(*EventStore(**reopened).Count("acme"), 1);
  auto states = AlertStateStore(**reopened).Load("acme");
  ASSERT_TRUE(states);
  ASSERT_EQ(states->size(), 1u);
  EXPECT_EQ((*states)[0].state, core::AlertState::kFiring);
  EXPECT_EQ((*states)[0].severity, core::Severity::kCritical);
  EXPECT_EQ((*states)[0].active_since, core::FromUnixMillis(500));
  EXPECT_DOUBLE_EQ(*(*states)[0].value, 0.012);
  EXPECT_EQ((*states)[0].clear_since, core::FromUnixMillis(900));
}

TEST_F(EventStoreTest, RefusesAStoreFromANewerVersion) {
  ASSERT_TRUE(db_->Exec("PRAGMA user_version = 999"));
  db_.reset();
  auto reopened = OpenStore(dir_.File("state"));
  ASSERT_FALSE(reopened);
  EXPECT_NE(reopened.error().message.find("newer than this sellerwatch understands"),
            std::string::npos);
}

TEST_F(EventStoreTest, PruneDropsOnlyOldEvents) {
  std::vector<core::ParsedEvent> batch = {OrderVersion("o1", "shipped", "2026-11-02T10:00:00Z")};
  ASSERT_TRUE(EventStore(*db_).UpsertAtomically(batch));
  EXPECT_EQ(*EventStore(*db_).Prune(*core::ParseRfc3339("2026-11-01T10:00:00Z")), 0);
  EXPECT_EQ(*EventStore(*db_).Prune(*core::ParseRfc3339("2026-11-01T10:00:00.001Z")), 1);
}

}  // namespace
}  // namespace sellerwatch::store
