#include "store/alert_history_store.hpp"

#include <gtest/gtest.h>

#include "fakes/temp_dir.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::store {
namespace {

const core::Timestamp kT = core::FromUnixMillis(1'795'852'800'000);

TEST(AlertHistoryStoreTest, RecordsAndReadsSinceInOrderAndPrunes) {
  testing::TempDir dir;
  auto db = OpenStore(dir.File("state")).value();
  AlertHistoryStore history(*db);
  AlertHistoryEntry fired{
      "shop", "odr", "order_defect_rate", core::AlertState::kFiring, core::Severity::kCritical,
      kT,     0.02};
  AlertHistoryEntry resolved{"shop",
                             "odr",
                             "order_defect_rate",
                             core::AlertState::kResolved,
                             core::Severity::kCritical,
                             kT + core::kDay,
                             std::nullopt};
  AlertHistoryEntry old = fired;
  old.at = kT - 30 * core::kDay;
  AlertHistoryEntry other = fired;
  other.account = "other";
  for (const auto& e : {resolved, fired, old, other}) ASSERT_TRUE(history.Record(e));
  EXPECT_EQ(history.Since("shop", kT - core::kDay).value(),
            (std::vector<AlertHistoryEntry>{fired, resolved}));
  EXPECT_EQ(history.Since("shop", kT - 60 * core::kDay).value().size(), 3u);
  EXPECT_EQ(history.Prune(kT - core::kDay).value(), 1);
  EXPECT_EQ(history.Since("shop", kT - 60 * core::kDay).value().size(), 2u);
}

TEST(AlertHistoryStoreTest, AClockJumpMovesOnlyTheFiringEntriesOfAlertsStillFiring) {
  testing::TempDir dir;
  auto db = OpenStore(dir.File("state")).value();
  AlertHistoryStore history(*db);
  auto entry = [](std::string account, core::AlertState state, core::Timestamp at) {
    return AlertHistoryEntry{std::move(account),        "odr", "order_defect_rate", state,
                             core::Severity::kCritical, at,    std::nullopt};
  };
  const auto kFiring = core::AlertState::kFiring;
  const auto kResolved = core::AlertState::kResolved;
  // "open" fired twice (resolved in between) and still fires; "closed" fired and resolved.
  for (const auto& e :
       {entry("open", kFiring, kT), entry("open", kResolved, kT + std::chrono::hours(1)),
        entry("open", kFiring, kT + std::chrono::hours(2)), entry("closed", kFiring, kT),
        entry("closed", kResolved, kT + std::chrono::hours(1))}) {
    ASSERT_TRUE(history.Record(e));
  }
  ASSERT_TRUE(history.ShiftOpen(-std::chrono::minutes(30)));
  auto open = history.Since("open", kT - core::kDay).value();
  ASSERT_EQ(open.size(), 3u);
  EXPECT_EQ(open[0].at, kT);
  EXPECT_EQ(open[1].at, kT + std::chrono::hours(1));
  EXPECT_EQ(open[2].at, kT + std::chrono::minutes(90));  // the open one, moved
  auto closed = history.Since("closed", kT - core::kDay).value();
  EXPECT_EQ(closed[0].at, kT);
  EXPECT_EQ(closed[1].at, kT + std::chrono::hours(1));
}

}  // namespace
}  // namespace sellerwatch::store
