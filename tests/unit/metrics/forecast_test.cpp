// Forecasts of rate metrics: the projection itself on hand-computed tables, the engine's
// ForecastRate on hand-built histories (including known exits that make a rate rise although
// nothing new happens), and ForecastRate against a brute-force forecast built on the reference
// formulas for every rate metric on random histories.

#include "metrics/forecast.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "fakes/event_builders.hpp"
#include "metrics/account_events.hpp"
#include "metrics/contribution.hpp"
#include "metrics/metrics_engine.hpp"
#include "metrics/window_metrics.hpp"
#include "unit/metrics/random_history.hpp"

namespace sellerwatch::metrics {
namespace {

using core::Direction;
using test::FeedbackOn;
using test::OrderAt;

const core::Timestamp kNow = test::TestNow();
const std::string kAccount = test::kTestAccount;
constexpr core::Duration kHour = std::chrono::hours(1);
constexpr core::Duration kDay = core::kDay;

// ---- ProjectRate ----

struct ProjectionCase {
  std::string name;
  std::vector<RateParts> known;  // known[d − 1]
  RateParts trailing;
  int trailing_days;
  int window_days;
  Direction direction;
  std::optional<double> warn;
  std::optional<double> critical;
  std::vector<std::optional<double>> projected;
  std::optional<int> warn_in_days;
  std::optional<int> critical_in_days;
};

void PrintTo(const ProjectionCase& c, std::ostream* os) { *os << c.name; }

std::vector<RateParts> Same(RateParts p, int days) { return std::vector<RateParts>(days, p); }

std::vector<ProjectionCase> ProjectionCases() {
  return {
      // 100 good orders leave tomorrow, nothing comes in: 1 / 150 today, 1 / 50 = 2 % from day 1.
      {"KnownExitsAloneRaiseTheRate",
       Same({1, 50}, 3),
       {0, 0},
       14,
       60,
       Direction::kAbove,
       0.0075,
       0.01,
       {0.02, 0.02, 0.02},
       1,
       1},
      // (2 + 0.5 d) / (200 + 10 d): d = 2 → 3 / 220 = 1.36 %, d = 3 → 3.5 / 230 = 1.52 % ≥ 1.5 %;
      // d = 6 → 5 / 260 = 1.92 %, d = 7 → 5.5 / 270 = 2.04 % ≥ 2 %.
      {"InflowCrossesWarnOnDay3CriticalOnDay7",
       Same({2, 200}, 8),
       {7, 140},
       14,
       60,
       Direction::kAbove,
       0.015,
       0.02,
       {2.5 / 210, 3.0 / 220, 3.5 / 230, 4.0 / 240, 4.5 / 250, 5.0 / 260, 5.5 / 270, 6.0 / 280},
       3,
       7},
      {"NeverCrosses",
       Same({0, 600}, 4),
       {0, 140},
       14,
       60,
       Direction::kAbove,
       0.0075,
       0.01,
       {0.0, 0.0, 0.0, 0.0},
       std::nullopt,
       std::nullopt},
      // A floor is met at exactly the threshold: 95 / 100 is not under 95 %, but under 97 %.
      {"BelowMetricAtItsFloorIsNotBreached",
       Same({95, 100}, 2),
       {0, 0},
       14,
       30,
       Direction::kBelow,
       0.97,
       0.95,
       {0.95, 0.95},
       1,
       std::nullopt},
      // An above-metric at exactly its threshold is breached: 1 / 100 ≥ 1 %.
      {"AboveMetricAtItsThresholdIsBreached",
       Same({1, 100}, 1),
       {0, 0},
       14,
       60,
       Direction::kAbove,
       std::nullopt,
       0.01,
       {0.01},
       std::nullopt,
       1},
      {"NoEventsNoProjection",
       Same({0, 0}, 2),
       {0, 0},
       14,
       60,
       Direction::kAbove,
       0.0075,
       0.01,
       {std::nullopt, std::nullopt},
       std::nullopt,
       std::nullopt},
      // A 7-day window holds at most 7 days of inflow: day 9 = (0 + 7 · 1) / (0 + 7 · 10).
      {"ShortWindowHoldsAtMostItsLengthOfInflow",
       {{0, 60}, {0, 50}, {0, 40}, {0, 30}, {0, 20}, {0, 10}, {0, 0}, {0, 0}, {0, 0}},
       {7, 70},
       7,
       7,
       Direction::kAbove,
       0.05,
       0.1,
       {1.0 / 70, 2.0 / 70, 3.0 / 70, 4.0 / 70, 5.0 / 70, 6.0 / 70, 7.0 / 70, 7.0 / 70, 7.0 / 70},
       4,
       7},
  };
}

class ForecastProjectionTest : public ::testing::TestWithParam<ProjectionCase> {};

TEST_P(ForecastProjectionTest, Projects) {
  const ProjectionCase& c = GetParam();
  Forecast f = ProjectRate(c.known, c.trailing, c.trailing_days, c.window_days, c.direction, c.warn,
                           c.critical);
  ASSERT_EQ(f.projected.size(), c.projected.size());
  for (std::size_t i = 0; i < c.projected.size(); ++i) {
    ASSERT_EQ(f.projected[i].has_value(), c.projected[i].has_value()) << "day " << i + 1;
    if (c.projected[i]) {
      EXPECT_DOUBLE_EQ(*f.projected[i], *c.projected[i]) << "day " << i + 1;
    }
  }
  EXPECT_EQ(f.warn_in_days, c.warn_in_days);
  EXPECT_EQ(f.critical_in_days, c.critical_in_days);
}

INSTANTIATE_TEST_SUITE_P(Table, ForecastProjectionTest, ::testing::ValuesIn(ProjectionCases()),
                         [](const ::testing::TestParamInfo<ProjectionCase>& info) {
                           return info.param.name;
                         });

// ---- MetricsEngine::ForecastRate on hand-built histories ----

TEST(ForecastTest, KnownExitsOfOldGoodOrdersMakeTheRateRiseTomorrow) {
  std::vector<core::Event> events;
  // 100 defect-free orders 59.5 days old: they leave the 60-day window within a day.
  for (int i = 0; i < 100; ++i) {
    events.push_back(OrderAt("old" + std::to_string(i), kNow - 59 * kDay - 12 * kHour));
  }
  // 50 orders 30 days old, one with negative feedback; nothing in the last 14 days.
  for (int i = 0; i < 50; ++i)
    events.push_back(OrderAt("mid" + std::to_string(i), kNow - 30 * kDay));
  events.push_back(FeedbackOn("mid0", 1, kNow - 29 * kDay));
  MetricsEngine engine(nullptr);
  engine.LoadAccount(kAccount, events);

  auto odr = engine.Compute(kAccount, kNow)[0];
  ASSERT_EQ(odr.info.name, "order_defect_rate");
  EXPECT_EQ(odr.value, 1.0 / 150);  // 0.67 %: fine today

  auto f =
      engine.ForecastRate(kAccount, "order_defect_rate", Direction::kAbove, 0.0075, 0.01, kNow, 14);
  ASSERT_TRUE(f.has_value());
  ASSERT_EQ(f->projected.size(), 14u);
  for (const auto& p : f->projected) EXPECT_EQ(p, 1.0 / 50);  // 2 % from tomorrow on
  EXPECT_EQ(f->warn_in_days, 1);
  EXPECT_EQ(f->critical_in_days, 1);
}

TEST(ForecastTest, SteadyCleanHistoryNeverCrosses) {
  std::vector<core::Event> events;
  for (int day = 0; day < 60; ++day) {
    for (int i = 0; i < 10; ++i) {
      events.push_back(OrderAt("o" + std::to_string(day) + "-" + std::to_string(i),
                               kNow - day * kDay - (i + 1) * kHour));
    }
  }
  MetricsEngine engine(nullptr);
  engine.LoadAccount(kAccount, events);
  auto f =
      engine.ForecastRate(kAccount, "order_defect_rate", Direction::kAbove, 0.0075, 0.01, kNow);
  ASSERT_TRUE(f.has_value());
  ASSERT_EQ(f->projected.size(), 14u);  // the default horizon
  for (const auto& p : f->projected) EXPECT_EQ(p, 0.0);
  EXPECT_FALSE(f->warn_in_days.has_value());
  EXPECT_FALSE(f->critical_in_days.has_value());
}

TEST(ForecastTest, OnTimeShipmentsLeavingOnDay10CrossCritical) {
  // late_shipment_rate_10d, trailing 10 days (the window is shorter than 14):
  // 10 late orders due 9.5 days ago leave tomorrow, 10 on-time ones due 0.5 days ago on day 10.
  std::vector<core::Event> events;
  for (int i = 0; i < 10; ++i) {
    events.push_back(OrderAt("late" + std::to_string(i), kNow - 11 * kDay)
                         .ShipBy(kNow - 9 * kDay - 12 * kHour));  // never shipped: late
    events.push_back(OrderAt("ok" + std::to_string(i), kNow - 2 * kDay)
                         .ShipBy(kNow - 12 * kHour)
                         .ShippedAt(kNow - kDay));
  }
  MetricsEngine engine(nullptr);
  engine.LoadAccount(kAccount, events);
  auto f = engine.ForecastRate(kAccount, "late_shipment_rate_10d", Direction::kAbove, 0.2, 0.4,
                               kNow, 12);
  ASSERT_TRUE(f.has_value());
  // Inflow per day: 10 late / 10 days, 20 due / 10 days = (1, 2).
  // d = 1..9: (0 + d) / (10 + 2 d); d ≥ 10: the on-time ones have left too: 10 / 20.
  for (int d = 1; d <= 12; ++d) {
    double want = d < 10 ? d / (10.0 + 2 * d) : 0.5;
    ASSERT_TRUE(f->projected[static_cast<std::size_t>(d - 1)].has_value());
    EXPECT_DOUBLE_EQ(*f->projected[static_cast<std::size_t>(d - 1)], want) << "day " << d;
  }
  EXPECT_EQ(f->warn_in_days, 4);       // 4 / 18 = 22 % (3 / 16 = 18.75 % on day 3)
  EXPECT_EQ(f->critical_in_days, 10);  // 50 %; d / (10 + 2 d) < 40 % before
}

TEST(ForecastTest, OnlyRateMetricsOfKnownAccountsHaveForecasts) {
  MetricsEngine engine(nullptr);
  engine.LoadAccount(kAccount, std::vector<core::Event>{OrderAt("a", kNow - kDay)});
  EXPECT_TRUE(engine.ForecastRate(kAccount, "order_defect_rate", Direction::kAbove, 0.1, 0.2, kNow)
                  .has_value());
  EXPECT_FALSE(engine.ForecastRate(kAccount, "response_time_p90", Direction::kAbove, 1, 2, kNow)
                   .has_value());
  EXPECT_FALSE(
      engine.ForecastRate(kAccount, "negative_feedback_count_7d", Direction::kAbove, 1, 2, kNow)
          .has_value());
  EXPECT_FALSE(
      engine.ForecastRate(kAccount, "platform.ahr", Direction::kAbove, 1, 2, kNow).has_value());
  EXPECT_FALSE(engine.ForecastRate(kAccount, "no_such", Direction::kAbove, 1, 2, kNow).has_value());
  EXPECT_FALSE(engine.ForecastRate("nobody", "order_defect_rate", Direction::kAbove, 0.1, 0.2, kNow)
                   .has_value());
  auto none =
      engine.ForecastRate(kAccount, "order_defect_rate", Direction::kAbove, 0.1, 0.2, kNow, 0);
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->projected.empty());
}

// ---- ForecastRate against a brute-force forecast on the reference formulas ----

// Whether an event is still in the window at now + d, i.e. its reference time for `metric` is
// at or after `cut`. Feedback and other claims only mark orders: they stay.
bool StillIn(std::string_view metric, const core::Event& e, core::Timestamp cut) {
  auto in = [cut](std::optional<core::Timestamp> t) { return t && *t >= cut; };
  const bool opened_disputes = metric == "dispute_rate" || metric == "dispute_escalation_rate";
  if (opened_disputes || metric == "seller_responsible_dispute_rate") {
    if (const auto* c = std::get_if<core::Claim>(&e)) {
      return in(opened_disputes ? std::optional(c->opened_at) : c->decided_at);
    }
    if (const auto* o = std::get_if<core::Order>(&e)) {
      return in(opened_disputes ? o->delivered_at : ShippedTimeOf(*o));
    }
    return true;
  }
  if (const auto* o = std::get_if<core::Order>(&e)) {
    if (metric == "late_shipment_rate_10d" || metric == "late_shipment_rate_30d") {
      return in(o->ship_by);
    }
    if (metric == "valid_tracking_rate") return in(ShippedTimeOf(*o));
    if (metric == "on_time_delivery_rate") return in(o->deliver_by);
    return in(o->purchased_at);
  }
  if (const auto* m = std::get_if<core::Message>(&e)) return in(m->received_at);
  return true;
}

RateParts ReferenceParts(std::string_view metric, const std::vector<core::Event>& events,
                         core::Timestamp cut, core::Timestamp now) {
  std::vector<core::Event> kept;
  for (const auto& e : events)
    if (StillIn(metric, e, cut)) kept.push_back(e);
  auto v = ComputeMetric(metric, AccountEvents::From(kept), now);
  return {v->numerator.value_or(0), v->denominator};
}

class ForecastEquivalenceTest : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(ForecastEquivalenceTest, MatchesBruteForceOnReferenceFormulas) {
  test::RandomHistory history(GetParam(), kAccount);
  test::FakeEventStore store;
  for (const auto& v : history.Generate(200)) store.Upsert(v);
  std::vector<core::Event> events = store.Events(kAccount);
  MetricsEngine engine(nullptr);
  engine.LoadAccount(kAccount, events);
  const int horizon = 14;
  for (core::Timestamp now : history.Instants(events, 12)) {
    for (const core::MetricInfo& info : core::AllMetrics()) {
      if (info.unit != core::MetricUnit::kRate || info.window_days == 0) continue;
      const int n = info.window_days;
      const int trailing_days = std::min(14, n);
      const bool above = info.direction == Direction::kAbove;
      const double warn = above ? 0.1 : 0.9;
      const double critical = above ? 0.2 : 0.8;
      std::vector<RateParts> known(horizon);
      for (int d = 1; d < std::min(n, horizon + 1); ++d) {
        known[static_cast<std::size_t>(d - 1)] =
            ReferenceParts(info.name, events, now + (d - n) * kDay, now);
      }
      Forecast want =
          ProjectRate(known, ReferenceParts(info.name, events, now - trailing_days * kDay, now),
                      trailing_days, n, info.direction, warn, critical);
      auto got =
          engine.ForecastRate(kAccount, info.name, info.direction, warn, critical, now, horizon);
      SCOPED_TRACE(std::string(info.name) + " at " + core::FormatRfc3339(now));
      ASSERT_TRUE(got.has_value());
      EXPECT_EQ(got->projected, want.projected);
      EXPECT_EQ(got->warn_in_days, want.warn_in_days);
      EXPECT_EQ(got->critical_in_days, want.critical_in_days);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, ForecastEquivalenceTest, ::testing::Values(7u, 11u, 12345u));

}  // namespace
}  // namespace sellerwatch::metrics
