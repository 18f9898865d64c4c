#include <gtest/gtest.h>

#include <map>

#include "core/event_json.hpp"
#include "metrics/account_events.hpp"
#include "metrics/window_metrics.hpp"
#include "sources/simulator/simulated_world.hpp"
#include "sources/simulator/simulator_source.hpp"

namespace sellerwatch::sources::simulator {
namespace {

using namespace std::chrono_literals;

const core::Timestamp kAnchor = *core::ParseRfc3339("2026-11-23T12:00:00Z");

WorldParams Demo(bool deteriorating, int orders_per_day = 10, std::uint64_t seed = 42) {
  return WorldParams{"shop", seed, orders_per_day, deteriorating, 5s};
}

// The latest version of every event, as the store's upsert rule keeps them.
using Snapshot = std::map<std::string, std::string>;
void Apply(Snapshot& s, const std::vector<core::Event>& events) {
  for (const auto& e : events) {
    std::string key = std::string(core::Name(core::TypeOf(e))) + "/" + core::IdOf(e);
    s[key] = core::EncodeEvent(e);
  }
}

double Rate(const std::vector<core::Event>& events, std::string_view metric, core::Timestamp at) {
  auto v = metrics::ComputeMetric(metric, metrics::AccountEvents::From(events), at);
  return v && v->value ? *v->value : -1;
}

TEST(SimulatorTest, SameSeedSameShop) {
  Snapshot a, b;
  Apply(a, EventsChangedBetween(Demo(true), kAnchor, std::nullopt, kAnchor + 30s));
  Apply(b, EventsChangedBetween(Demo(true), kAnchor, std::nullopt, kAnchor + 30s));
  EXPECT_EQ(a, b);
  EXPECT_GT(a.size(), 500u);  // 65 days of history at 10 orders a day, plus follow-ups
  Snapshot c;
  Apply(c, EventsChangedBetween(Demo(true, 10, 43), kAnchor, std::nullopt, kAnchor + 30s));
  EXPECT_NE(a, c);
}

TEST(SimulatorTest, IncrementalPollsAddUpToOneFullRead) {
  Snapshot incremental;
  std::optional<core::Timestamp> after;
  for (auto t = kAnchor; t <= kAnchor + 75s; t += 700ms) {
    Apply(incremental, EventsChangedBetween(Demo(true), kAnchor, after, t));
    after = t;
  }
  Snapshot full;
  Apply(full, EventsChangedBetween(Demo(true), kAnchor, std::nullopt, *after));
  EXPECT_EQ(incremental, full);
}

TEST(SimulatorTest, DeterioratingShopCrossesCriticalWithinAMinute) {
  auto at_start = EventsChangedBetween(Demo(true), kAnchor, std::nullopt, kAnchor);
  // Healthy when the demo starts (Amazon preset warn levels)...
  EXPECT_LT(Rate(at_start, "cancellation_rate", kAnchor), 0.015);
  EXPECT_LT(Rate(at_start, "late_shipment_rate_10d", kAnchor), 0.03);
  EXPECT_LT(Rate(at_start, "order_defect_rate", kAnchor), 0.0075);
  // ...and past the critical levels a minute later.
  auto later = kAnchor + 60s;
  auto at_minute = EventsChangedBetween(Demo(true), kAnchor, std::nullopt, later);
  EXPECT_GE(Rate(at_minute, "cancellation_rate", later), 0.025);
  EXPECT_GE(Rate(at_minute, "late_shipment_rate_10d", later), 0.04);
  EXPECT_GE(Rate(at_minute, "order_defect_rate", later), 0.0075);
}

TEST(SimulatorTest, SteadyShopStaysHealthy) {
  auto later = kAnchor + 10min;
  auto events = EventsChangedBetween(Demo(false, 25, 7), kAnchor, std::nullopt, later);
  EXPECT_LT(Rate(events, "cancellation_rate", later), 0.015);
  EXPECT_LT(Rate(events, "late_shipment_rate_10d", later), 0.03);
  EXPECT_LT(Rate(events, "late_shipment_rate_30d", later), 0.03);
  EXPECT_LT(Rate(events, "order_defect_rate", later), 0.0075);
  EXPECT_GT(Rate(events, "valid_tracking_rate", later), 0.97);
  EXPECT_GT(Rate(events, "response_within_24h_rate", later), 0.95);
}

TEST(SimulatorTest, BuyerCancellationsAreNotTheSellers) {
  // The scripted 'B' incident cancels an order at the buyer's request.
  auto events = EventsChangedBetween(Demo(true), kAnchor, std::nullopt, kAnchor + 75s);
  int buyer = 0, seller = 0;
  for (const auto& e : events) {
    if (const auto* o = std::get_if<core::Order>(&e); o && o->cancelled()) {
      (o->seller_cancelled() ? seller : buyer)++;
    }
  }
  EXPECT_GT(buyer, 0);
  EXPECT_GT(seller, 0);
}

TEST(SimulatorSourceTest, CursorContinuesTheSameShopAfterARestart) {
  Settings settings;
  settings.seed = 42;
  settings.orders_per_day = 10;
  settings.scenario = "deteriorating";
  SimulatorSource first("shop", settings);
  auto batch1 = first.Read(std::nullopt, kAnchor);
  ASSERT_TRUE(batch1);
  ASSERT_TRUE(batch1->cursor);
  // A new instance (a restarted daemon) given the stored cursor picks up where it stopped.
  SimulatorSource second("shop", settings);
  auto batch2 = second.Read(batch1->cursor, kAnchor + 12s);
  ASSERT_TRUE(batch2);
  EXPECT_FALSE(batch2->events.empty());
  EXPECT_LT(batch2->events.size(), 20u);                   // only what changed in those 12 s
  auto none = second.Read(batch2->cursor, kAnchor + 11s);  // clock went back
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->events.empty());
  EXPECT_FALSE(second.Read(std::string("not json"), kAnchor));
}

}  // namespace
}  // namespace sellerwatch::sources::simulator
