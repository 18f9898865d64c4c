// The early-warning replay of issue 16 on one small drift and one healthy shop, with the default
// forecast model: the late-shipment drift must be forecast at least a week before the 10-day
// window crosses 4 %, and the healthy shop must never be told "critical within 7 days" without
// it coming. The seeds are the benchmark's first of each kind (bench/early_warning_bench.cpp),
// so a regression of the model that the benchmark would show fails here too.

#include <gtest/gtest.h>

#include <span>

#include "early_warning/replay.hpp"
#include "metrics/metrics_engine.hpp"

namespace sellerwatch::bench::early_warning {
namespace {

const metrics::ForecastModel kDefault{};

TEST(EarlyWarningReplayTest, LateShipmentDriftIsForecastAWeekAhead) {
  const ShopScenario scenario{.orders_per_day = 20, .drift = Drift::kLateShipment, .seed = 20100};
  const ShopResult r = ReplayShop(scenario, std::span(&kDefault, 1));
  ASSERT_TRUE(r.crossing_day.has_value()) << "the drift must cross 4 % within its 90 days";
  // Past the ramp's midpoint the window must have had time to move: a crossing on the drift's
  // first days would be noise, not the drift this test is about.
  EXPECT_GE(*r.crossing_day, 10);
  ASSERT_TRUE(r.first_warning[0].has_value()) << "no warning before the crossing";
  EXPECT_GE(*r.Lead(0), 7) << "crossing on drift day " << *r.crossing_day
                           << ", first warning on day " << *r.first_warning[0];
  EXPECT_EQ(r.critical_below_critical, 0);
}

TEST(EarlyWarningReplayTest, HealthyShopGetsNoFalseCriticalForecast) {
  const ShopScenario scenario{.orders_per_day = 20, .drift = Drift::kNone, .seed = 20500};
  const ShopResult r = ReplayShop(scenario, std::span(&kDefault, 1));
  EXPECT_EQ(r.false_alarms[0], 0) << r.critical_forecasts[0] << " critical forecasts";
  EXPECT_EQ(r.critical_below_critical, 0);
}

}  // namespace
}  // namespace sellerwatch::bench::early_warning
