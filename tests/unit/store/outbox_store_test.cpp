#include "store/outbox_store.hpp"

#include <gtest/gtest.h>

#include "core/alert_json.hpp"
#include "fakes/temp_dir.hpp"
#include "store/migrations.hpp"
#include "store/notify_group_store.hpp"

namespace sellerwatch::store {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const core::Timestamp kT0 = core::FromUnixMillis(1'790'000'000'000);

core::Notification SampleNotification(std::string receiver) {
  core::Alert a;
  a.labels = {{"account", "acme-us"}, {"rule", "order_defect_rate"}};
  a.annotations = {{"summary", "ODR 1.2% \"high\"\r\nBcc: x"}};
  a.state = core::AlertState::kFiring;
  a.severity = core::Severity::kCritical;
  a.starts_at = kT0 - minutes(5);
  return {std::move(receiver), "route0/ops/acme-us", kT0, {a}};
}

OutboxLeg Leg(std::string key, std::string receiver = "ops-email") {
  OutboxLeg leg;
  leg.key = std::move(key);
  leg.receiver = receiver;
  leg.notification = SampleNotification(receiver);
  leg.created_at = kT0;
  leg.next_attempt_at = kT0;
  return leg;
}

class OutboxStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenStore(dir_.File("state"));
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
  }
  std::int64_t Enqueue(const OutboxLeg& leg) {
    auto id = OutboxStore(*db_).Enqueue(leg);
    EXPECT_TRUE(id && *id) << (id ? "duplicate" : id.error().message);
    return id && *id ? **id : 0;
  }
  OutboxCounts Counts() { return OutboxStore(*db_).Counts().value(); }

  testing::TempDir dir_;
  std::unique_ptr<Db> db_;
};

TEST_F(OutboxStoreTest, ALegRoundTripsWithItsNotification) {
  OutboxStore outbox(*db_);
  auto id = Enqueue(Leg("k1"));
  auto found = outbox.Find(id).value();
  ASSERT_TRUE(found);
  EXPECT_EQ(found->key, "k1");
  EXPECT_EQ(found->status, LegStatus::kPending);
  EXPECT_EQ(core::EncodeNotification(found->notification),
            core::EncodeNotification(SampleNotification("ops-email")));
}

TEST_F(OutboxStoreTest, TheSameKeyIsQueuedOnce) {
  OutboxStore outbox(*db_);
  Enqueue(Leg("k1"));
  auto again = outbox.Enqueue(Leg("k1"));
  ASSERT_TRUE(again);
  EXPECT_FALSE(*again);
  EXPECT_EQ(Counts().pending, 1);
}

TEST_F(OutboxStoreTest, OnlyDuePendingLegsAreHandedOut) {
  OutboxStore outbox(*db_);
  auto later = Leg("later");
  later.next_attempt_at = kT0 + minutes(10);
  Enqueue(later);
  auto now_id = Enqueue(Leg("now"));
  auto due = outbox.Due(kT0, 10).value();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].id, now_id);
  EXPECT_EQ(outbox.NextDue().value(), kT0);
  ASSERT_TRUE(outbox.MarkSending(now_id, kT0));
  EXPECT_TRUE(outbox.Due(kT0, 10).value().empty());
  EXPECT_EQ(outbox.NextDue().value(), kT0 + minutes(10));
}

TEST_F(OutboxStoreTest, LegLifecycle) {
  OutboxStore outbox(*db_);
  auto id = Enqueue(Leg("k"));
  ASSERT_TRUE(outbox.MarkSending(id, kT0));
  ASSERT_TRUE(outbox.Reschedule(id, kT0 + seconds(30), "HTTP 429"));
  auto leg = outbox.Find(id).value();
  EXPECT_EQ(leg->status, LegStatus::kPending);
  EXPECT_EQ(leg->attempts, 1);
  EXPECT_EQ(leg->last_error, "HTTP 429");
  EXPECT_TRUE(outbox.Due(kT0 + seconds(29), 10).value().empty());
  EXPECT_EQ(outbox.Due(kT0 + seconds(30), 10).value().size(), 1u);
  ASSERT_TRUE(outbox.MarkSending(id, kT0 + seconds(30)));
  ASSERT_TRUE(outbox.MarkDelivered(id, kT0 + seconds(31)));
  leg = outbox.Find(id).value();
  EXPECT_EQ(leg->status, LegStatus::kDelivered);
  EXPECT_EQ(leg->attempts, 2);
  EXPECT_EQ(leg->finished_at, kT0 + seconds(31));
  EXPECT_EQ(Counts().delivered, 1);
}

TEST_F(OutboxStoreTest, ACrashWhileSendingLeavesTheLegToBeSentAgain) {
  OutboxStore outbox(*db_);
  auto sending = Enqueue(Leg("sending"));
  auto done = Enqueue(Leg("done"));
  ASSERT_TRUE(outbox.MarkSending(sending, kT0));
  ASSERT_TRUE(outbox.MarkSending(done, kT0));
  ASSERT_TRUE(outbox.MarkDelivered(done, kT0));
  EXPECT_EQ(outbox.RecoverInFlight(kT0 + minutes(1)).value(), 1);
  auto due = outbox.Due(kT0 + minutes(1), 10).value();
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0].key, "sending");
  EXPECT_NE(due[0].last_error.find("interrupted"), std::string::npos);
}

TEST_F(OutboxStoreTest, QueuingJoinsTheCallersTransaction) {
  {
    auto tx = Transaction::Begin(*db_);
    ASSERT_TRUE(tx);
    Enqueue(Leg("rolled-back"));
    ASSERT_TRUE(NotifyGroupStore(*db_).Save({"g", "ops-email", "{}", kT0}));
  }  // no commit
  EXPECT_EQ(Counts().pending, 0);
  EXPECT_TRUE(NotifyGroupStore(*db_).LoadAll().value().empty());
}

TEST_F(OutboxStoreTest, PruneDropsOnlyOldFinishedLegs) {
  OutboxStore outbox(*db_);
  auto old_done = Enqueue(Leg("old"));
  ASSERT_TRUE(outbox.MarkFailed(old_done, kT0, "HTTP 400"));
  Enqueue(Leg("pending"));
  EXPECT_EQ(outbox.Prune(kT0 + minutes(1)).value(), 1);
  auto c = Counts();
  EXPECT_EQ(c.failed, 0);
  EXPECT_EQ(c.pending, 1);
}

TEST(NotifyGroupStoreTest, SaveReplacesAndDeleteRemoves) {
  testing::TempDir dir;
  auto db = OpenStore(dir.File("state")).value();
  NotifyGroupStore groups(*db);
  ASSERT_TRUE(groups.Save({"g1", "ops", "{\"a\":1}", kT0}));
  ASSERT_TRUE(groups.Save({"g1", "ops", "{\"a\":2}", std::nullopt}));
  ASSERT_TRUE(groups.Save({"g2", "chat", "{}", kT0}));
  auto all = groups.LoadAll().value();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].state, "{\"a\":2}");
  EXPECT_FALSE(all[0].next_due);
  ASSERT_TRUE(groups.Delete("g1"));
  all = groups.LoadAll().value();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].key, "g2");
  EXPECT_EQ(all[0].next_due, kT0);
}

TEST_F(OutboxStoreTest, AClockJumpMovesOnlyUnfinishedLegs) {
  OutboxStore outbox(*db_);
  auto pending = Enqueue(Leg("pending"));
  auto sending = Enqueue(Leg("sending"));
  auto delivered = Enqueue(Leg("delivered"));
  ASSERT_TRUE(outbox.Reschedule(pending, kT0 + minutes(10), "HTTP 500"));
  ASSERT_TRUE(outbox.MarkSending(sending, kT0));
  ASSERT_TRUE(outbox.MarkDelivered(delivered, kT0));

  ASSERT_TRUE(outbox.ShiftUnfinished(-std::chrono::hours(1)));

  auto p = outbox.Find(pending).value().value();
  EXPECT_EQ(p.next_attempt_at, kT0 + minutes(10) - std::chrono::hours(1));
  EXPECT_EQ(p.created_at, kT0 - std::chrono::hours(1));
  EXPECT_EQ(outbox.Find(sending).value().value().created_at, kT0 - std::chrono::hours(1));
  auto d = outbox.Find(delivered).value().value();
  EXPECT_EQ(d.created_at, kT0);
  EXPECT_EQ(d.next_attempt_at, kT0);
}

}  // namespace
}  // namespace sellerwatch::store
