#include "store/metric_history_store.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <vector>

#include "core/metric_catalog.hpp"
#include "core/metric_value.hpp"
#include "fakes/temp_dir.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::store {
namespace {

core::MetricValue Value(std::string_view name, std::optional<double> numerator, double denominator,
                        std::optional<double> value) {
  return core::MetricValue{*core::FindMetric(name), numerator, denominator, value};
}

class MetricHistoryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenStore(dir_.File("state"));
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
  }
  std::vector<MetricHistoryPoint> Load(const std::string& account, std::string_view metric,
                                       std::int64_t from, std::int64_t to) {
    auto points = MetricHistoryStore(*db_).Load(account, metric, from, to);
    EXPECT_TRUE(points) << points.error().message;
    return points ? *points : std::vector<MetricHistoryPoint>{};
  }

  testing::TempDir dir_;
  std::unique_ptr<Db> db_;
};

TEST_F(MetricHistoryStoreTest, DayIsTheUtcDaySinceTheEpoch) {
  using std::chrono::sys_days;
  using namespace std::chrono;
  const core::Timestamp midnight(sys_days(year(2026) / November / 1));
  const std::int64_t day = sys_days(year(2026) / November / 1).time_since_epoch().count();
  EXPECT_EQ(MetricHistoryStore::DayOf(midnight), day);
  EXPECT_EQ(MetricHistoryStore::DayOf(midnight + core::kDay - core::Duration(1)), day);
  EXPECT_EQ(MetricHistoryStore::DayOf(midnight - core::Duration(1)), day - 1);
  EXPECT_EQ(MetricHistoryStore::DayOf(core::FromUnixMillis(-1)), -1);
  EXPECT_EQ(MetricHistoryStore::DayOf(core::FromUnixMillis(0)), 0);
}

TEST_F(MetricHistoryStoreTest, SavesAndLoadsEveryFieldIncludingMissingValues) {
  std::vector<core::MetricValue> values = {
      Value("order_defect_rate", 3, 400, 3.0 / 400),
      Value("cancellation_rate", 0, 0, std::nullopt),
      Value("response_time_p90", std::nullopt, 12, 7200.5),
  };
  ASSERT_TRUE(MetricHistoryStore(*db_).Save("acme", 20000, values));
  EXPECT_EQ(Load("acme", "order_defect_rate", 20000, 20000),
            (std::vector<MetricHistoryPoint>{{20000, 3.0 / 400, 3, 400}}));
  EXPECT_EQ(Load("acme", "cancellation_rate", 20000, 20000),
            (std::vector<MetricHistoryPoint>{{20000, std::nullopt, 0, 0}}));
  EXPECT_EQ(Load("acme", "response_time_p90", 20000, 20000),
            (std::vector<MetricHistoryPoint>{{20000, 7200.5, std::nullopt, 12}}));
}

TEST_F(MetricHistoryStoreTest, TheLastValueOfADayWins) {
  MetricHistoryStore store(*db_);
  std::vector<core::MetricValue> morning = {Value("order_defect_rate", 1, 100, 0.01)};
  std::vector<core::MetricValue> evening = {Value("order_defect_rate", 2, 100, 0.02)};
  ASSERT_TRUE(store.Save("acme", 20000, morning));
  ASSERT_TRUE(store.Save("acme", 20000, evening));
  EXPECT_EQ(Load("acme", "order_defect_rate", 0, 30000),
            (std::vector<MetricHistoryPoint>{{20000, 0.02, 2, 100}}));
}

TEST_F(MetricHistoryStoreTest, LoadsAnInclusiveDayRangeOfOneAccountAndMetricOldestFirst) {
  MetricHistoryStore store(*db_);
  for (std::int64_t day : {20005, 20001, 20003, 20002, 20004}) {
    std::vector<core::MetricValue> v = {Value("order_defect_rate", static_cast<double>(day - 20000),
                                              100, static_cast<double>(day - 20000) / 100),
                                        Value("negative_feedback_rate", 0, 100, 0.0)};
    ASSERT_TRUE(store.Save("acme", day, v));
    ASSERT_TRUE(store.Save("other", day, v));
  }
  std::vector<MetricHistoryPoint> points = Load("acme", "order_defect_rate", 20002, 20004);
  ASSERT_EQ(points.size(), 3u);
  EXPECT_EQ(points[0].day, 20002);
  EXPECT_EQ(points[1].day, 20003);
  EXPECT_EQ(points[2].day, 20004);
  EXPECT_EQ(points[2].numerator, 4.0);
  EXPECT_TRUE(Load("acme", "no_such_metric", 0, 30000).empty());
  EXPECT_TRUE(Load("nobody", "order_defect_rate", 0, 30000).empty());
  EXPECT_TRUE(Load("acme", "order_defect_rate", 20004, 20002).empty());
}

TEST_F(MetricHistoryStoreTest, SaveJoinsTheCallersTransaction) {
  MetricHistoryStore store(*db_);
  std::vector<core::MetricValue> v = {Value("order_defect_rate", 1, 100, 0.01)};
  {
    auto tx = Transaction::Begin(*db_);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(store.Save("acme", 20000, v));
  }  // rolled back
  EXPECT_TRUE(Load("acme", "order_defect_rate", 0, 30000).empty());
  {
    auto tx = Transaction::Begin(*db_);
    ASSERT_TRUE(tx);
    ASSERT_TRUE(store.Save("acme", 20000, v));
    ASSERT_TRUE(tx->Commit());
  }
  EXPECT_EQ(Load("acme", "order_defect_rate", 0, 30000).size(), 1u);
}

TEST_F(MetricHistoryStoreTest, PruneDropsDaysBeforeTheCutoff) {
  MetricHistoryStore store(*db_);
  std::vector<core::MetricValue> v = {Value("order_defect_rate", 1, 100, 0.01)};
  for (std::int64_t day = 20000; day < 20010; ++day) ASSERT_TRUE(store.Save("acme", day, v));
  auto dropped = store.Prune(20004);
  ASSERT_TRUE(dropped);
  EXPECT_EQ(*dropped, 4);
  std::vector<MetricHistoryPoint> left = Load("acme", "order_defect_rate", 0, 30000);
  ASSERT_EQ(left.size(), 6u);
  EXPECT_EQ(left.front().day, 20004);
}

}  // namespace
}  // namespace sellerwatch::store
