// Forecasts kept between evaluation passes: reused only for the same account state, rule levels
// and model, within an hour, and forgotten once a pass no longer asks for them.

#include "rules/forecast_cache.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "fakes/event_builders.hpp"

namespace sellerwatch::rules {
namespace {

using namespace std::chrono_literals;

const core::Timestamp kT0 = test::TestNow();

metrics::Forecast Saying(int days) {
  metrics::Forecast f;
  f.critical_in_days = days;
  return f;
}

ForecastQuery Query() {
  ForecastQuery q;
  q.stamp = 7;
  q.metric = "late_shipment_rate_10d";
  q.warn = 0.04;
  return q;
}

TEST(ForecastCacheTest, ReusedForTheSameQueryWithinAnHour) {
  ForecastCache cache;
  EXPECT_EQ(cache.Find("a", "r", Query(), kT0), nullptr);
  cache.Put("a", "r", Query(), kT0, Saying(3));
  const metrics::Forecast* kept = cache.Find("a", "r", Query(), kT0 + 59min);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->critical_in_days, 3);
  EXPECT_EQ(cache.Find("a", "r", Query(), kT0 + 1h), nullptr);  // an hour old
  EXPECT_EQ(cache.Find("a", "r", Query(), kT0 - 1s), nullptr);  // the clock went back
  EXPECT_EQ(cache.Find("b", "r", Query(), kT0), nullptr);       // another account
  EXPECT_EQ(cache.Find("a", "r2", Query(), kT0), nullptr);      // another rule
}

TEST(ForecastCacheTest, AnyChangeOfStateLevelsOrModelAsksAgain) {
  ForecastCache cache;
  cache.Put("a", "r", Query(), kT0, Saying(3));
  auto changed = [&](auto edit) {
    ForecastQuery q = Query();
    edit(q);
    return cache.Find("a", "r", q, kT0) == nullptr;
  };
  EXPECT_TRUE(changed([](ForecastQuery& q) { q.stamp = 8; }));
  EXPECT_TRUE(changed([](ForecastQuery& q) { q.metric = "late_shipment_rate_30d"; }));
  EXPECT_TRUE(changed([](ForecastQuery& q) { q.warn = 0.05; }));
  EXPECT_TRUE(changed([](ForecastQuery& q) { q.critical = 0.05; }));
  EXPECT_TRUE(changed([](ForecastQuery& q) { q.direction = core::Direction::kBelow; }));
  EXPECT_TRUE(changed([](ForecastQuery& q) { q.model.probability = 0.9; }));
  EXPECT_TRUE(changed([](ForecastQuery& q) { q.model.within_days = 3; }));
  EXPECT_FALSE(changed([](ForecastQuery&) {}));
}

TEST(ForecastCacheTest, APassForgetsWhatItDidNotAskFor) {
  ForecastCache cache;
  cache.Put("a", "r", Query(), kT0, Saying(3));
  cache.Put("gone", "r", Query(), kT0, Saying(4));
  cache.EndPass();  // the pass that put them keeps them
  EXPECT_EQ(cache.size(), 2u);
  cache.Find("a", "r", Query(), kT0 + 1min);
  cache.EndPass();  // "gone" was not asked for: its account was removed
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_NE(cache.Find("a", "r", Query(), kT0 + 2min), nullptr);
}

TEST(ChangeStampTest, EveryChangeOfAnAccountGivesANewStamp) {
  metrics::MetricsEngine engine(nullptr);
  EXPECT_EQ(engine.ChangeStamp(test::kTestAccount), 0u);
  engine.LoadAccount(test::kTestAccount, std::vector<core::Event>{test::OrderAt("o1", kT0 - 24h)});
  const auto loaded = engine.ChangeStamp(test::kTestAccount);
  EXPECT_NE(loaded, 0u);
  engine.Apply(std::nullopt, core::Event(test::OrderAt("o2", kT0 - 1h)));
  const auto applied = engine.ChangeStamp(test::kTestAccount);
  EXPECT_NE(applied, loaded);
  const std::string saved = engine.SaveAccount(test::kTestAccount);
  engine.LoadAccount(test::kTestAccount, std::vector<core::Event>{test::OrderAt("o1", kT0 - 24h)});
  EXPECT_NE(engine.ChangeStamp(test::kTestAccount),
            loaded);  // a reload is a new state, not the old one
  ASSERT_TRUE(engine.RestoreAccount(test::kTestAccount, saved));
  EXPECT_NE(engine.ChangeStamp(test::kTestAccount), applied);
  const auto restored = engine.ChangeStamp(test::kTestAccount);
  engine.Prune(kT0);
  EXPECT_NE(engine.ChangeStamp(test::kTestAccount), restored);
}

}  // namespace
}  // namespace sellerwatch::rules
