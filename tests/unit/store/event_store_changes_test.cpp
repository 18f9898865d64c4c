// EventStore::UpsertReturningChanges (what the metrics engine is fed) and
// EventStore::OrderPurchasedAt (its OrderLookup).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fakes/temp_dir.hpp"
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

core::ParsedEvent Feedback(const std::string& id, int rating, const std::string& updated_at) {
  return Parse(R"({"type":"feedback","account":"acme","id":")" + id +
               R"(","order_id":"o1","rating":)" + std::to_string(rating) +
               R"(,"received_at":"2026-11-03T00:00:00Z","updated_at":")" + updated_at + R"("})");
}

core::OrderStatus StatusOf(const core::Event& e) { return std::get<core::Order>(e).status; }

class EventStoreChangesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenStore(dir_.File("state"));
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
  }
  std::vector<AppliedChange> Apply(const std::vector<core::ParsedEvent>& events) {
    auto tx = Transaction::Begin(*db_);
    EXPECT_TRUE(tx);
    auto changes = EventStore(*db_).UpsertReturningChanges(events);
    EXPECT_TRUE(changes) << changes.error().message;
    EXPECT_TRUE(tx->Commit());
    return changes ? *changes : std::vector<AppliedChange>{};
  }

  testing::TempDir dir_;
  std::unique_ptr<Db> db_;
};

TEST_F(EventStoreChangesTest, ReportsEachAppliedVersionWithTheOneItReplaced) {
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
  for (std::size_t i = 0; i < steps.size(); ++i) {
    std::vector<AppliedChange> changes = Apply({steps[i].event});
    ASSERT_EQ(changes.size(), steps[i].applied ? 1u : 0u) << "step " << i;
    if (!steps[i].applied) continue;
    EXPECT_EQ(StatusOf(changes[0].after), StatusOf(steps[i].event.event)) << "step " << i;
    ASSERT_EQ(changes[0].before.has_value(), steps[i].before.has_value()) << "step " << i;
    if (steps[i].before) {
      EXPECT_EQ(StatusOf(*changes[0].before), *steps[i].before) << "step " << i;
    }
  }
}

TEST_F(EventStoreChangesTest, VersionsInOneBatchChainInInputOrder) {
  std::vector<AppliedChange> changes = Apply({
      Order("o1", "unshipped", "2026-11-01T10:00:00Z"),
      Feedback("f1", 5, "2026-11-03T00:00:00Z"),
      Order("o1", "shipped", "2026-11-02T10:00:00Z"),
      Order("o1", "pending", "2026-11-01T11:00:00Z"),  // older than the one before: ignored
      Feedback("f1", 1, "2026-11-04T00:00:00Z"),
  });
  ASSERT_EQ(changes.size(), 4u);
  EXPECT_FALSE(changes[0].before.has_value());
  EXPECT_FALSE(changes[1].before.has_value());
  ASSERT_TRUE(changes[2].before.has_value());
  EXPECT_EQ(StatusOf(*changes[2].before), core::OrderStatus::kUnshipped);
  EXPECT_EQ(StatusOf(changes[2].after), core::OrderStatus::kShipped);
  ASSERT_TRUE(changes[3].before.has_value());
  EXPECT_EQ(std::get<core::Feedback>(*changes[3].before).rating, 5);
  EXPECT_EQ(std::get<core::Feedback>(changes[3].after).rating, 1);
}

TEST_F(EventStoreChangesTest, AppliesExactlyWhatUpsertApplies) {
  std::vector<core::ParsedEvent> batch = {
      Order("a", "unshipped", "2026-11-01T10:00:00Z"),
      Order("a", "unshipped", "2026-11-01T10:00:00Z"),
      Order("b", "shipped", "2026-11-02T10:00:00Z"),
      Order("b", "unshipped", "2026-11-01T10:00:00Z"),
  };
  testing::TempDir other_dir;
  auto other = OpenStore(other_dir.File("state"));
  ASSERT_TRUE(other);
  auto counts = EventStore(**other).UpsertAtomically(batch);
  ASSERT_TRUE(counts);
  EXPECT_EQ(Apply(batch).size(), counts->applied);
  EXPECT_EQ(*EventStore(*db_).Count("acme"), 2);
}

TEST_F(EventStoreChangesTest, RollbackLeavesNothingBehind) {
  {
    auto tx = Transaction::Begin(*db_);
    ASSERT_TRUE(tx);
    auto changes = EventStore(*db_).UpsertReturningChanges(
        std::vector<core::ParsedEvent>{Order("o1", "unshipped", "2026-11-01T10:00:00Z")});
    ASSERT_TRUE(changes);
    EXPECT_EQ(changes->size(), 1u);
  }  // not committed
  EXPECT_EQ(*EventStore(*db_).Count("acme"), 0);
}

TEST_F(EventStoreChangesTest, OrderPurchasedAtLooksUpOneOrderByAccountAndId) {
  Apply({Order("o1", "shipped", "2026-11-02T10:00:00Z"),
         Order("o1", "cancelled", "2026-11-02T10:00:00Z", "other"),
         Parse(R"({"type":"feedback","account":"acme","id":"fb","order_id":"o1","rating":1,)"
               R"("received_at":"2026-11-03T00:00:00Z"})")});
  EventStore store(*db_);
  auto found = store.OrderPurchasedAt("acme", "o1");
  ASSERT_TRUE(found) << found.error().message;
  EXPECT_EQ(*found, core::ParseRfc3339("2026-11-01T10:00:00Z"));
  EXPECT_TRUE(store.OrderPurchasedAt("other", "o1").value().has_value());
  EXPECT_FALSE(store.OrderPurchasedAt("acme", "nope").value().has_value());
  EXPECT_FALSE(store.OrderPurchasedAt("acme", "fb").value().has_value());  // a feedback id
}

}  // namespace
}  // namespace sellerwatch::store
