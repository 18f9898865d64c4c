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

}  // namespace
}  // namespace sellerwatch::store
