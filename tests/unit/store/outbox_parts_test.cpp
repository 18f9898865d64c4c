// The outbox keeps how far a notification split into several chat messages got (issue 17):
// the count survives a retry and a restart, and a store from before it starts every leg at 0.

#include <gtest/gtest.h>

#include "core/alert_json.hpp"
#include "fakes/temp_dir.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::store {
namespace {

using std::chrono::minutes;

const core::Timestamp kT0 = core::FromUnixMillis(1'790'000'000'000);

OutboxLeg Leg(std::string key) {
  core::Alert a;
  a.labels = {{"account", "acme-us"}, {"rule", "order_defect_rate"}};
  a.state = core::AlertState::kFiring;
  a.severity = core::Severity::kCritical;
  a.starts_at = kT0 - minutes(5);
  OutboxLeg leg;
  leg.key = std::move(key);
  leg.receiver = "chat";
  leg.notification = {"chat", "route0/chat", kT0, {a}};
  leg.created_at = kT0;
  leg.next_attempt_at = kT0;
  return leg;
}

std::int64_t Enqueue(Db& db, const OutboxLeg& leg) {
  auto id = OutboxStore(db).Enqueue(leg);
  EXPECT_TRUE(id && *id) << (id ? "duplicate" : id.error().message);
  return id && *id ? **id : 0;
}

TEST(OutboxPartsTest, ANewLegHasNoMessagesDelivered) {
  testing::TempDir dir;
  auto db = OpenStore(dir.File("state")).value();
  auto leg = OutboxStore(*db).Find(Enqueue(*db, Leg("k"))).value();
  ASSERT_TRUE(leg);
  EXPECT_EQ(leg->parts_delivered, 0);
  EXPECT_EQ(leg->parts_digest, "");
}

TEST(OutboxPartsTest, TheProgressSurvivesARetryAndARestart) {
  testing::TempDir dir;
  std::int64_t id = 0;
  {
    auto db = OpenStore(dir.File("state")).value();
    OutboxStore outbox(*db);
    id = Enqueue(*db, Leg("k"));
    Enqueue(*db, Leg("other"));
    ASSERT_TRUE(outbox.MarkSending(id, kT0));
    ASSERT_TRUE(outbox.SaveParts(id, 1, "d1"));
    ASSERT_TRUE(outbox.SaveParts(id, 2, "d1"));
    ASSERT_TRUE(outbox.Reschedule(id, kT0 + minutes(1), "message 3 of 4: HTTP 500"));
    auto leg = outbox.Find(id).value();
    EXPECT_EQ(leg->parts_delivered, 2);
    EXPECT_EQ(leg->parts_digest, "d1");
    ASSERT_TRUE(outbox.MarkSending(id, kT0 + minutes(1)));  // the process dies mid-send
  }
  auto db = OpenStore(dir.File("state")).value();
  OutboxStore outbox(*db);
  EXPECT_EQ(outbox.RecoverInFlight(kT0 + minutes(2)).value(), 1);
  auto due = outbox.Due(kT0 + minutes(2), 10).value();
  ASSERT_EQ(due.size(), 2u);
  EXPECT_EQ(due[0].key, "other");
  EXPECT_EQ(due[0].parts_delivered, 0) << "progress belongs to its own leg";
  EXPECT_EQ(due[1].id, id);
  EXPECT_EQ(due[1].parts_delivered, 2);
  EXPECT_EQ(due[1].parts_digest, "d1");
}

// A store of schema 6 (before the progress columns): its legs, pending and finished alike, are
// kept as they were and start at message 1.
TEST(OutboxPartsUpgrade, FromSchemaSixKeepsEveryLegWithNoMessagesDelivered) {
  testing::TempDir dir;
  auto db = Db::Open(StorePath(dir.File(""))).value();
  ASSERT_TRUE(Migrate(*db, 6));
  auto pending = Enqueue(*db, Leg("pending"));
  auto delivered = Enqueue(*db, Leg("delivered"));
  {
    // Through SQL, as a schema-6 sellerwatch would have left them (OutboxStore reads the new
    // columns, which this schema does not have yet).
    ASSERT_TRUE(db->Exec("UPDATE outbox SET attempts = 2, last_error = 'HTTP 500' WHERE id = " +
                         std::to_string(pending)));
    ASSERT_TRUE(db->Exec("UPDATE outbox SET status = 'delivered', finished_at = 1 WHERE id = " +
                         std::to_string(delivered)));
  }

  ASSERT_TRUE(Migrate(*db)) << "upgrade";
  OutboxStore outbox(*db);
  auto p = outbox.Find(pending).value();
  ASSERT_TRUE(p);
  EXPECT_EQ(p->key, "pending");
  EXPECT_EQ(p->status, LegStatus::kPending);
  EXPECT_EQ(p->attempts, 2);
  EXPECT_EQ(p->last_error, "HTTP 500");
  EXPECT_EQ(core::EncodeNotification(p->notification),
            core::EncodeNotification(Leg("x").notification));
  EXPECT_EQ(p->parts_delivered, 0);
  EXPECT_EQ(p->parts_digest, "");
  auto d = outbox.Find(delivered).value();
  ASSERT_TRUE(d);
  EXPECT_EQ(d->status, LegStatus::kDelivered);
  EXPECT_EQ(d->parts_delivered, 0);
  ASSERT_TRUE(outbox.SaveParts(pending, 1, "d"));
  EXPECT_EQ(outbox.Find(pending).value()->parts_delivered, 1);
  EXPECT_EQ(outbox.Due(kT0, 10).value().size(), 1u);
}

}  // namespace
}  // namespace sellerwatch::store
