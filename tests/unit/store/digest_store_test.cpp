#include "store/digest_store.hpp"

#include <gtest/gtest.h>

#include "fakes/temp_dir.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::store {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const core::Timestamp kSlot = core::FromUnixMillis(1'795'852'800'000);  // 2026-11-28T08:00Z

TEST(DigestStoreTest, UnknownReceiverHasNoSlot) {
  testing::TempDir dir;
  auto db = OpenStore(dir.File("state")).value();
  DigestStore digests(*db);
  EXPECT_EQ(digests.LastSlot("ops-mail").value(), std::nullopt);
}

TEST(DigestStoreTest, RoundTripSurvivesReopen) {
  testing::TempDir dir;
  {
    auto db = OpenStore(dir.File("state")).value();
    ASSERT_TRUE(DigestStore(*db).MarkSent("ops-mail", kSlot, kSlot + minutes(1)));
  }
  auto db = OpenStore(dir.File("state")).value();
  EXPECT_EQ(DigestStore(*db).LastSlot("ops-mail").value(), kSlot);
}

TEST(DigestStoreTest, MarkSentReplacesTheRecord) {
  testing::TempDir dir;
  auto db = OpenStore(dir.File("state")).value();
  DigestStore digests(*db);
  ASSERT_TRUE(digests.MarkSent("ops-mail", kSlot, kSlot + minutes(1)));
  ASSERT_TRUE(digests.MarkSent("ops-mail", kSlot + hours(24 * 7), kSlot + hours(24 * 7)));
  EXPECT_EQ(digests.LastSlot("ops-mail").value(), kSlot + hours(24 * 7));
  auto count = db->Cached("SELECT count(*), max(sent_at) FROM digests_sent").value();
  ASSERT_TRUE(count->Step().value());
  EXPECT_EQ(count->Int(0), 1);
  EXPECT_EQ(count->Int(1), core::ToUnixMillis(kSlot + hours(24 * 7)));
  count->Reset();
}

TEST(DigestStoreTest, RecordsArePerReceiver) {
  testing::TempDir dir;
  auto db = OpenStore(dir.File("state")).value();
  DigestStore digests(*db);
  ASSERT_TRUE(digests.MarkSent("ops-mail", kSlot, kSlot));
  ASSERT_TRUE(digests.MarkSent("team-slack", kSlot - hours(24 * 7), kSlot));
  EXPECT_EQ(digests.LastSlot("ops-mail").value(), kSlot);
  EXPECT_EQ(digests.LastSlot("team-slack").value(), kSlot - hours(24 * 7));
  EXPECT_EQ(digests.LastSlot("other").value(), std::nullopt);
}

TEST(DigestStoreTest, MarkSentJoinsTheCallersTransaction) {
  testing::TempDir dir;
  auto db = OpenStore(dir.File("state")).value();
  DigestStore digests(*db);
  {
    auto tx = Transaction::Begin(*db).value();
    ASSERT_TRUE(digests.MarkSent("ops-mail", kSlot, kSlot));
    // Destroyed without Commit(): rolled back.
  }
  EXPECT_EQ(digests.LastSlot("ops-mail").value(), std::nullopt);
  auto tx = Transaction::Begin(*db).value();
  ASSERT_TRUE(digests.MarkSent("ops-mail", kSlot, kSlot));
  ASSERT_TRUE(tx.Commit());
  EXPECT_EQ(digests.LastSlot("ops-mail").value(), kSlot);
}

}  // namespace
}  // namespace sellerwatch::store
