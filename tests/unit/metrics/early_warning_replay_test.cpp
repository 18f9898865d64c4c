// The early-warning replay of issue 16 (bench/early_warning): first the simulator itself (its
// draws, the odds a healthy shop delivers, determinism), then the default forecast model on some
// of the benchmark's shops, so a regression of the model fails CI and not only the benchmark:
// late-shipment drifts warned before they cross, the ODR forecast counting the defects still to
// come for young orders, and a healthy shop without a false critical forecast.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <variant>
#include <vector>

#include "early_warning/draws.hpp"
#include "early_warning/replay.hpp"
#include "early_warning/shop.hpp"
#include "metrics/metrics_engine.hpp"

namespace sellerwatch::bench::early_warning {
namespace {

const metrics::ForecastModel kDefault{};

// ---- The simulator itself ----

TEST(EarlyWarningReplayTest, DrawsMatchTheirMeans) {
  Draws draws(7);
  double poisson = 0;
  int hits = 0;
  constexpr int kN = 20000;
  for (int i = 0; i < kN; ++i) {
    poisson += draws.Poisson(20);
    hits += draws.Bernoulli(0.04) ? 1 : 0;
  }
  EXPECT_NEAR(poisson / kN, 20, 0.15);  // sd of the mean: sqrt(20 / 20000) = 0.03
  EXPECT_NEAR(static_cast<double>(hits) / kN, 0.04, 0.006);
}

// A healthy shop delivers each event's versions in time order, and its late shipments and
// seller cancels sit at the healthy odds (1.5 % and 0.75 %: half of Amazon's warn levels).
TEST(EarlyWarningReplayTest, HealthyShopDeliversOrdersAtTheirOdds) {
  const ShopScenario scenario{.orders_per_day = 100, .seed = 3};
  const core::Timestamp start{};
  SyntheticShop shop(scenario, "shop", start);
  std::map<std::string, core::Order> orders;  // the latest version of each
  core::Timestamp last = start;
  for (const core::Event& e : shop.ChangesBefore(start + 70 * core::kDay)) {
    EXPECT_LE(last, core::UpdatedAtOf(e)) << core::IdOf(e);
    last = core::UpdatedAtOf(e);
    if (const auto* o = std::get_if<core::Order>(&e)) orders[o->id] = *o;
  }
  // Orders placed in the first 50 days have all shipped or been cancelled by day 70.
  int placed = 0;
  int late = 0;
  int seller_cancels = 0;
  for (const auto& [id, o] : orders) {
    if (o.purchased_at >= start + 50 * core::kDay) continue;
    ++placed;
    if (o.seller_cancelled()) ++seller_cancels;
    if (!o.cancelled()) {
      ASSERT_TRUE(o.shipped_at.has_value()) << id;
      if (*o.shipped_at > *o.ship_by) ++late;
    }
  }
  EXPECT_NEAR(placed, 5000, 300);  // Poisson(100) a day for 50 days: sd 71
  EXPECT_NEAR(static_cast<double>(late) / placed, 0.015, 0.005);              // sd 0.0017
  EXPECT_NEAR(static_cast<double>(seller_cancels) / placed, 0.0075, 0.0035);  // sd 0.0012
}

TEST(EarlyWarningReplayTest, ReplayIsDeterministic) {
  const ShopScenario scenario{.orders_per_day = 5, .drift = Drift::kSellerCancel, .seed = 11};
  const ShopResult a = ReplayShop(scenario, std::span(&kDefault, 1));
  const ShopResult b = ReplayShop(scenario, std::span(&kDefault, 1));
  EXPECT_EQ(a.crossing_day, b.crossing_day);
  EXPECT_EQ(a.first_warning, b.first_warning);
  EXPECT_EQ(a.noise_crossings, b.noise_crossings);
}

// ---- The default model on the benchmark's shops ----

// Every late-shipment drift of a shop of 20 or 100 orders a day is warned before its 10-day rate
// crosses 4 % (the benchmark's seeds; a 5-orders-a-day shop crosses with its second late order).
TEST(EarlyWarningReplayTest, LateShipmentDriftsAreWarnedBeforeTheyCross) {
  for (double size : {20.0, 100.0}) {
    for (std::uint64_t s = 0; s < 5; ++s) {
      const std::uint64_t seed = 1000 * static_cast<std::uint64_t>(size) + 100 + s;
      const ShopScenario scenario{
          .orders_per_day = size, .drift = Drift::kLateShipment, .seed = seed};
      const ShopResult r = ReplayShop(scenario, std::span(&kDefault, 1));
      ASSERT_TRUE(r.crossing_day.has_value()) << "seed " << seed << " never crossed 4 %";
      EXPECT_GE(*r.Lead(0), 1) << "seed " << seed;
      EXPECT_EQ(r.critical_below_critical, 0) << "seed " << seed;
    }
  }
}

// The ODR's defects come weeks after the order: the forecast must count what the young orders in
// the window still owe. On each 100-orders-a-day defect drift it says "critical within 7 days"
// before the window crosses 1 %, and not earlier than 10 days before (it comes true).
TEST(EarlyWarningReplayTest, TheDefectForecastCountsDefectsStillToCome) {
  for (std::uint64_t seed = 100300; seed < 100305; ++seed) {
    const ShopScenario scenario{.orders_per_day = 100, .drift = Drift::kOrderDefect, .seed = seed};
    const ShopResult r = ReplayShop(scenario, std::span(&kDefault, 1));
    ASSERT_TRUE(r.crossing_day.has_value()) << "seed " << seed;
    ASSERT_TRUE(r.first_forecast[0].has_value()) << "seed " << seed;
    EXPECT_LT(*r.first_forecast[0], *r.crossing_day) << "seed " << seed;
    EXPECT_LE(*r.crossing_day - *r.first_forecast[0], kComeTrueDays) << "seed " << seed;
  }
}

TEST(EarlyWarningReplayTest, HealthyShopGetsNoFalseCriticalForecast) {
  const ShopScenario scenario{.orders_per_day = 20, .drift = Drift::kNone, .seed = 20500};
  const ShopResult r = ReplayShop(scenario, std::span(&kDefault, 1));
  EXPECT_EQ(r.false_alarms[0], 0) << r.critical_forecasts[0]
                                  << " critical forecasts in the quarter";
  EXPECT_EQ(r.critical_below_critical, 0);
}

}  // namespace
}  // namespace sellerwatch::bench::early_warning
