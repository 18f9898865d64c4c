// Forecasts of rate metrics: the projection itself on hand-computed tables, the engine's
// ForecastRate on hand-built histories (including known exits that make a rate rise although
// nothing new happens), and ForecastRate against a brute-force forecast built on the reference
// formulas for every rate metric on random histories.

#include "metrics/forecast.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <ostream>
#include <random>
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
  double bad_per_day;            // a constant inflow
  double total_per_day;
  int window_days;
  Direction direction;
  std::optional<double> warn;
  std::optional<double> critical;
  std::vector<std::optional<double>> projected;
  std::optional<int> warn_in_days;
  std::optional<int> critical_in_days;
  std::optional<double> warn_probability;  // within 7 days (or the horizon, when shorter)
  std::optional<double> critical_probability;
};

void PrintTo(const ProjectionCase& c, std::ostream* os) { *os << c.name; }

std::vector<RateParts> Same(RateParts p, int days) { return std::vector<RateParts>(days, p); }

// Probabilities by hand: bad arrivals by day d are Poisson(d · rate); the window is over a level
// once they reach the count `needed` that day. With needed constant at n up to day d,
// P = P(Poisson(d · rate) >= n); later days add the paths that reach a higher need only then.
std::vector<ProjectionCase> ProjectionCases() {
  return {
      // 100 good orders leave tomorrow, nothing comes in: 1 / 150 today, 1 / 50 = 2 % from day 1,
      // over both levels whatever arrives (needed <= 0): probability 1.
      {"KnownExitsAloneRaiseTheRate",
       Same({1, 50}, 3),
       0,
       0,
       60,
       Direction::kAbove,
       0.0075,
       0.01,
       {0.02, 0.02, 0.02},
       1,
       1,
       1.0,
       1.0},
      // (2 + 0.5 d) / (200 + 10 d) expected. Warn 1.5 % needs 2 bad arrivals up to day 6
      // (ceil(0.015 · 290 − 2) = 2), 3 on days 7-8: P(by day 6) = 1 − e^−3 (1 + 3) = 0.8009 >=
      // 80 % first on day 6 (day 5: 1 − e^−2.5 · 3.5 = 0.7127); by day 7 it adds
      // P(X6 = 1) P(Y >= 2) + P(X6 = 0) P(Y >= 3) with Y ~ Poisson(0.5): 0.8150. Critical 2 % needs
      // 3 up to day 5, 4 from day 6: 0.5420 by day 7, never 80 % within 8 days.
      {"HalfABadOrderADayWarnsOnDay6AtEightyPercent",
       Same({2, 200}, 8),
       0.5,
       10,
       60,
       Direction::kAbove,
       0.015,
       0.02,
       {2.5 / 210, 3.0 / 220, 3.5 / 230, 4.0 / 240, 4.5 / 250, 5.0 / 260, 5.5 / 270, 6.0 / 280},
       6,
       std::nullopt,
       0.8150410265382995,
       0.5420063514281694},
      // 10 late of 100 today; the 8 late ones leave tomorrow and nothing comes in: 2 / 92 from
      // day 1, under both levels, and with no arrivals it cannot get back over them.
      {"KnownExitsOfBadOrdersLowerTheRate",
       Same({2, 92}, 3),
       0,
       0,
       10,
       Direction::kAbove,
       0.05,
       0.08,
       {2.0 / 92, 2.0 / 92, 2.0 / 92},
       std::nullopt,
       std::nullopt,
       0.0,
       0.0},
      {"NeverCrosses",
       Same({0, 600}, 4),
       0,
       10,
       60,
       Direction::kAbove,
       0.0075,
       0.01,
       {0.0, 0.0, 0.0, 0.0},
       std::nullopt,
       std::nullopt,
       0.0,
       0.0},
      // A floor is met at exactly the threshold: 95 / 100 is not under 95 %, but under 97 %.
      {"BelowMetricAtItsFloorIsNotBreached",
       Same({95, 100}, 2),
       0,
       0,
       30,
       Direction::kBelow,
       0.97,
       0.95,
       {0.95, 0.95},
       1,
       std::nullopt,
       1.0,
       0.0},
      // An above-metric at exactly its threshold is breached: 1 / 100 >= 1 %.
      {"AboveMetricAtItsThresholdIsBreached",
       Same({1, 100}, 1),
       0,
       0,
       60,
       Direction::kAbove,
       std::nullopt,
       0.01,
       {0.01},
       std::nullopt,
       1,
       std::nullopt,
       1.0},
      {"NoEventsNoProjection",
       Same({0, 0}, 2),
       0,
       0,
       60,
       Direction::kAbove,
       0.0075,
       0.01,
       {std::nullopt, std::nullopt},
       std::nullopt,
       std::nullopt,
       std::nullopt,
       std::nullopt},
      // A 7-day window holds at most 7 days of inflow: day 9 = (0 + 7 · 1) / (0 + 7 · 10). Warn
      // 5 % needs 4 arrivals every day (ceil(0.05 · 70) = 4): P(Poisson(6) >= 4) = 0.8488 on
      // day 6, 0.9182 on day 7, and no more after it; critical 10 % needs 7: 0.5503 at most.
      {"ShortWindowHoldsAtMostItsLengthOfInflow",
       {{0, 60}, {0, 50}, {0, 40}, {0, 30}, {0, 20}, {0, 10}, {0, 0}, {0, 0}, {0, 0}},
       1,
       10,
       7,
       Direction::kAbove,
       0.05,
       0.1,
       {1.0 / 70, 2.0 / 70, 3.0 / 70, 4.0 / 70, 5.0 / 70, 6.0 / 70, 7.0 / 70, 7.0 / 70, 7.0 / 70},
       6,
       std::nullopt,
       0.9182345837552781,
       0.5502889441513015},
  };
}

class ForecastProjectionTest : public ::testing::TestWithParam<ProjectionCase> {};

void ExpectProbability(std::optional<double> got, std::optional<double> want) {
  ASSERT_EQ(got.has_value(), want.has_value());
  if (want) {
    EXPECT_NEAR(*got, *want, 1e-9);
  }
}

TEST_P(ForecastProjectionTest, Projects) {
  const ProjectionCase& c = GetParam();
  Inflow inflow;
  inflow.bad_per_day.assign(c.known.size(), c.bad_per_day);
  inflow.total_per_day = c.total_per_day;
  Forecast f =
      ProjectRate(c.known, inflow, c.window_days, c.direction, c.warn, c.critical, ForecastModel{});
  ASSERT_EQ(f.projected.size(), c.projected.size());
  for (std::size_t i = 0; i < c.projected.size(); ++i) {
    ASSERT_EQ(f.projected[i].has_value(), c.projected[i].has_value()) << "day " << i + 1;
    if (c.projected[i]) {
      EXPECT_NEAR(*f.projected[i], *c.projected[i], 1e-12) << "day " << i + 1;
    }
  }
  EXPECT_EQ(f.warn_in_days, c.warn_in_days);
  EXPECT_EQ(f.critical_in_days, c.critical_in_days);
  ExpectProbability(f.warn_probability, c.warn_probability);
  ExpectProbability(f.critical_probability, c.critical_probability);
}

INSTANTIATE_TEST_SUITE_P(Cases, ForecastProjectionTest, ::testing::ValuesIn(ProjectionCases()),
                         [](const auto& info) { return info.param.name; });

TEST(PoissonTailTest, HandComputed) {
  EXPECT_DOUBLE_EQ(PoissonTail(2, 0), 1.0);
  EXPECT_NEAR(PoissonTail(2, 1), 1 - std::exp(-2.0), 1e-12);
  EXPECT_NEAR(PoissonTail(2, 3), 1 - std::exp(-2.0) * (1 + 2 + 2), 1e-12);  // 0.3233
  EXPECT_DOUBLE_EQ(PoissonTail(0, 1), 0.0);
  EXPECT_DOUBLE_EQ(PoissonTail(0, 0), 1.0);
}

TEST(CrossingProbabilitiesTest, KnownExitsLowerTheNeedAndAnEmptyWindowCannotCross) {
  // Rate 1 a day. Day 1 needs 3, day 2 needs 1 (old good orders left), day 3 has no window,
  // day 4 is over whatever arrives.
  const std::vector<double> rate = {1, 1, 1, 1};
  const std::vector<std::optional<long>> needed = {3, 1, std::nullopt, 0};
  auto p = CrossingProbabilities(rate, needed);
  ASSERT_EQ(p.size(), 4u);
  EXPECT_NEAR(p[0], PoissonTail(1, 3), 1e-12);
  EXPECT_NEAR(p[1], PoissonTail(2, 1), 1e-12);  // any arrival by day 2
  EXPECT_NEAR(p[2], p[1], 1e-12);
  EXPECT_NEAR(p[3], 1.0, 1e-12);
}

TEST(CrossingProbabilitiesTest, ACountOnceReachedStaysReachedForALaterHigherNeed) {
  // Needs 1 on day 1, then 2: P = P(X1 >= 1) + P(X1 = 0) P(Y >= 2).
  const std::vector<double> rate = {0.5, 0.5};
  auto p = CrossingProbabilities(rate, std::vector<std::optional<long>>{1, 2});
  const double x1_zero = std::exp(-0.5);
  EXPECT_NEAR(p[1], (1 - x1_zero) + x1_zero * PoissonTail(0.5, 2), 1e-12);
}

// The plain first-passage walk over every count 0..cap, for comparison with the banded one.
std::vector<double> PlainCrossing(const std::vector<double>& rate,
                                  const std::vector<std::optional<long>>& needed) {
  long cap = 1;
  for (const auto& n : needed)
    if (n) cap = std::max(cap, *n);
  std::vector<double> state(static_cast<std::size_t>(cap) + 1, 0.0), out;
  state[0] = 1;
  double crossed = 0;
  for (std::size_t d = 0; d < rate.size(); ++d) {
    // pmf[k] = P(K = k); tail[k] = P(K >= k).
    std::vector<double> pmf(static_cast<std::size_t>(cap) + 1), tail(pmf.size());
    pmf[0] = std::exp(-rate[d]);
    for (long k = 1; k <= cap; ++k) pmf[k] = pmf[k - 1] * rate[d] / static_cast<double>(k);
    double below = 0;
    for (long k = 0; k <= cap; ++k) {
      tail[k] = 1 - below;
      below += pmf[k];
    }
    std::vector<double> next(state.size(), 0.0);
    for (long x = 0; x <= cap; ++x) {
      if (x == cap) {
        next[static_cast<std::size_t>(cap)] += state[static_cast<std::size_t>(cap)];
        break;
      }
      for (long k = 0; x + k <= cap; ++k) {
        // P(K = k), or P(K >= k) for the step onto cap.
        const double pk = x + k < cap ? pmf[k] : tail[k];
        next[static_cast<std::size_t>(x + k)] += state[static_cast<std::size_t>(x)] * pk;
      }
    }
    state = next;
    if (needed[d]) {
      for (long x = std::max(*needed[d], 0L); x <= cap; ++x) {
        crossed += state[static_cast<std::size_t>(x)];
        state[static_cast<std::size_t>(x)] = 0;
      }
    }
    out.push_back(crossed);
  }
  return out;
}

TEST(CrossingProbabilitiesTest, TheBandedWalkMatchesThePlainOne) {
  // Large shops: counts in the hundreds, where only a band around the mean is walked.
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 20; ++trial) {
    const double pace = std::uniform_real_distribution<double>(0.5, 40)(rng);
    std::vector<double> rate(10);
    std::vector<std::optional<long>> needed(10);
    long need = static_cast<long>(pace * std::uniform_real_distribution<double>(2, 12)(rng));
    for (std::size_t d = 0; d < rate.size(); ++d) {
      rate[d] = d == 3 ? 0 : pace * std::uniform_real_distribution<double>(0.5, 1.5)(rng);
      need += std::uniform_int_distribution<long>(-3, 8)(rng);
      if (d != 5) needed[d] = need;
    }
    const auto banded = CrossingProbabilities(rate, needed);
    const auto plain = PlainCrossing(rate, needed);
    for (std::size_t d = 0; d < rate.size(); ++d) {
      EXPECT_NEAR(banded[d], plain[d], 1e-12) << "trial " << trial << " day " << d;
    }
  }
}

TEST(EstimateInflowTest, NoHistoryNoInflow) {
  Inflow in = EstimateInflow({}, Direction::kAbove, ForecastModel{}, 3);
  EXPECT_EQ(in.bad_per_day, (std::vector<double>{0, 0, 0}));
  EXPECT_EQ(in.total_per_day, 0);
  std::vector<RateParts> zeros(28);
  in = EstimateInflow(zeros, Direction::kAbove, ForecastModel{}, 2);
  EXPECT_EQ(in.bad_per_day, (std::vector<double>{0, 0}));
}

TEST(EstimateInflowTest, ASteadyHistoryIsItsOwnPace) {
  std::vector<RateParts> daily(28, RateParts{1, 100});
  Inflow in = EstimateInflow(daily, Direction::kAbove, ForecastModel{}, 2);
  EXPECT_NEAR(in.total_per_day, 100, 1e-9);
  EXPECT_NEAR(in.bad_per_day[0], 1, 1e-9);
  EXPECT_NEAR(in.recent_bad_per_day, 1, 1e-9);
  EXPECT_NEAR(in.baseline_bad_per_day, 1, 1e-9);
  // A "below" metric's bad events are the complement: 99 good of 100 → 1 bad a day.
  daily.assign(28, RateParts{99, 100});
  in = EstimateInflow(daily, Direction::kBelow, ForecastModel{}, 1);
  EXPECT_NEAR(in.bad_per_day[0], 1, 1e-9);
}

TEST(EstimateInflowTest, OneBadDayOfASmallShopIsShrunkTowardsItsBaseline) {
  // 10 orders a day for 28 days, none bad but yesterday's 2. Weights 2^(−j/7):
  // W = Σ w = (1 − 2^−4) / (1 − 2^(−1/7)); the baseline (2 / 280) counts as 7 days of orders
  // (70): fraction = (2 + 70 · 2/280) / (10 W + 70).
  std::vector<RateParts> daily(28, RateParts{0, 10});
  daily[0] = {2, 10};
  Inflow in = EstimateInflow(daily, Direction::kAbove, ForecastModel{}, 1);
  const double w = (1 - std::pow(2.0, -4)) / (1 - std::pow(2.0, -1.0 / 7));
  EXPECT_NEAR(in.bad_per_day[0], 10 * (2 + 0.5) / (10 * w + 70), 1e-9);  // 0.148 a day
  EXPECT_NEAR(in.recent_bad_per_day, 2 / w, 1e-9);
  EXPECT_NEAR(in.baseline_bad_per_day, 2.0 / 28, 1e-12);
}

TEST(EstimateInflowTest, ATrendCarriesARisingPaceForward) {
  // The bad fraction rose by 0.1 % a day to 3 % yesterday: the trend projects it on, the
  // weighted level alone stays behind it.
  std::vector<RateParts> daily(28);
  for (std::size_t j = 0; j < daily.size(); ++j) {
    daily[j] = {1000 * (0.03 - 0.001 * static_cast<double>(j)), 1000};
  }
  ForecastModel level;
  level.prior_days = 0;  // no baseline: the line is fitted exactly
  ForecastModel trend = level;
  trend.trend = true;
  const double flat = EstimateInflow(daily, Direction::kAbove, level, 3).bad_per_day[2];
  const auto rising = EstimateInflow(daily, Direction::kAbove, trend, 3).bad_per_day;
  EXPECT_LT(flat, 30);
  // Day t's middle is t − 0.5 days ahead, yesterday's 0.5 days back: 3 % + 0.1 % · t.
  EXPECT_NEAR(rising[0], 31, 1e-9);
  EXPECT_NEAR(rising[1], 32, 1e-9);
  EXPECT_NEAR(rising[2], 33, 1e-9);
  EXPECT_GT(rising[0], flat);
}

TEST(EstimateInflowTest, AYoungDaysFewDefectsAreReadAsYoungAndStillCome) {
  // 100 orders a day at a steady 2 % that settle linearly over 10 days: the days younger than 10
  // hold only their settled share, 2 · (j + 0.5) / 10. Read by exposure, every day says 2 %.
  std::vector<RateParts> daily(20);
  for (std::size_t j = 0; j < daily.size(); ++j) {
    daily[j] = {2 * Settled(static_cast<double>(j) + 0.5, 10), 100};
  }
  Inflow in = EstimateInflow(daily, Direction::kAbove, ForecastModel{}, 2, 10, 60);
  EXPECT_NEAR(in.recent_bad_per_day, 2, 1e-9);
  EXPECT_NEAR(in.baseline_bad_per_day, 2, 1e-9);
  // Day 1: tomorrow's orders bring 100 · 2 % · 0.05; each of days 0-8 owes 100 · 2 % · 0.1 and
  // day 9 (9.5 days old) its last 0.05 — 2 a day in all, as a steady shop must.
  EXPECT_NEAR(in.maturing[0], 9 * 0.2 + 0.1, 1e-9);
  EXPECT_NEAR(in.bad_per_day[0], 2, 1e-9);
  EXPECT_NEAR(in.bad_per_day[1], 2, 1e-9);
  // Read as if everything were in on its day, the young days would pass for good ones.
  EXPECT_LT(EstimateInflow(daily, Direction::kAbove, ForecastModel{}, 1).bad_per_day[0], 1.5);
  // Orders that have left the window owe it nothing.
  Inflow short_window = EstimateInflow(daily, Direction::kAbove, ForecastModel{}, 1, 10, 5);
  EXPECT_NEAR(short_window.maturing[0], 4 * 0.2, 1e-9);  // days 0-3 stay in within 5 days
}

TEST(EstimateInflowTest, APaceReadFromFewOrdersIsLessCertain) {
  // The same 2 % from 10 and from 1,000 orders a day: the pace's standard error relative to it
  // shrinks with the square root of the orders, 10 times here.
  std::vector<RateParts> small(28, RateParts{0.2, 10});
  std::vector<RateParts> large(28, RateParts{20, 1000});
  Inflow s = EstimateInflow(small, Direction::kAbove, ForecastModel{}, 1);
  Inflow l = EstimateInflow(large, Direction::kAbove, ForecastModel{}, 1);
  ASSERT_GT(l.bad_sd_per_day[0], 0);
  EXPECT_NEAR((s.bad_sd_per_day[0] / s.bad_per_day[0]) / (l.bad_sd_per_day[0] / l.bad_per_day[0]),
              10, 1e-9);
  // 20 % from a steady 100 a day over 28 days, all days alike weighted 2^(−j/7), shrunk by
  // 7 days' worth of baseline: var = 0.2 · Σ w² · 100 / (Σ w · 100 + 700)².
  double w = 0, w2 = 0;
  for (int j = 0; j < 28; ++j) {
    w += std::exp2(-j / 7.0);
    w2 += std::exp2(-2 * j / 7.0);
  }
  std::vector<RateParts> steady(28, RateParts{20, 100});
  Inflow in = EstimateInflow(steady, Direction::kAbove, ForecastModel{}, 1);
  EXPECT_NEAR(in.bad_sd_per_day[0], 100 * std::sqrt(0.2 * w2 * 100) / (w * 100 + 700), 1e-9);
}

TEST(ForecastTest, KnownExitsOfOldGoodOrdersMakeTheRateRiseTomorrow) {
  std::vector<core::Event> events;
  // 100 defect-free orders 59.5 days old: they leave the 60-day window within a day.
  for (int i = 0; i < 100; ++i) {
    events.push_back(OrderAt("old" + std::to_string(i), kNow - 59 * kDay - 12 * kHour));
  }
  // 50 orders 40 days old, one with negative feedback; nothing since: no pace, and no defect
  // still to come for orders this old (SettleDays: 30).
  for (int i = 0; i < 50; ++i)
    events.push_back(OrderAt("mid" + std::to_string(i), kNow - 40 * kDay));
  events.push_back(FeedbackOn("mid0", 1, kNow - 39 * kDay));
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

TEST(ForecastTest, OnTimeShipmentsLeavingOnDay10MakeCriticalLikely) {
  // late_shipment_rate_10d: 10 late orders due 9.5 days ago leave tomorrow, 10 on-time ones due
  // 0.5 days ago on day 10. A model that weighs the last 10 days alike and ignores any longer
  // baseline takes 1 late and 2 due a day from them.
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
  ForecastModel model;
  model.baseline_days = 10;
  model.half_life_days = 1e9;
  model.prior_days = 0;
  model.probability = 0.65;
  auto f = engine.ForecastRate(kAccount, "late_shipment_rate_10d", Direction::kAbove, 0.2, 0.4,
                               kNow, 12, model);
  ASSERT_TRUE(f.has_value());
  EXPECT_NEAR(f->denominator_per_day, 2, 1e-6);
  EXPECT_NEAR(f->recent_bad_per_day, 1, 1e-6);
  // Expected: d = 1..9: (0 + d) / (10 + 2 d); d >= 10: the on-time ones have left too: 10 / 20.
  for (int d = 1; d <= 12; ++d) {
    double want = d < 10 ? d / (10.0 + 2 * d) : 0.5;
    ASSERT_TRUE(f->projected[static_cast<std::size_t>(d - 1)].has_value());
    EXPECT_NEAR(*f->projected[static_cast<std::size_t>(d - 1)], want, 1e-6) << "day " << d;
  }
  // Arrivals needed for 20 %: 3, 3, 4, 4, 4, 5, 5, 6, 6 on days 1-9, then 4 once the on-time
  // orders have left; for 40 %: 5, 6, 7, 8, 8, 9, 10, 11, 12, then 8. The pace (1 a day) is read
  // from 20 orders: its standard error is 2 · sqrt(0.5 · 20) / 20 = 0.316 a day, and the chance is
  // the 5-point Gauss-Hermite average over paces 1 + z · 0.316. Without that error the chance of
  // 40 % by day 10 would be 0.780 (day 9: 0.274) — the exit, not the pace, makes it likely.
  auto chance = [](const std::vector<std::optional<long>>& needed) {
    const double nodes[] = {-2.8569700138728056, -1.3556261799742659, 0.0, 1.3556261799742659,
                            2.8569700138728056};
    const double weights[] = {0.011257411327720691, 0.22207592200561266, 0.5333333333333333,
                              0.22207592200561266, 0.011257411327720691};
    std::vector<double> out(needed.size(), 0.0);
    for (int k = 0; k < 5; ++k) {
      std::vector<double> rate(needed.size(), 0.0);
      for (std::size_t d = 0; d < 10; ++d)
        rate[d] = std::max(0.0, 1 + nodes[k] * 0.1 * std::sqrt(10.0));
      auto p = CrossingProbabilities(rate, needed);
      for (std::size_t d = 0; d < needed.size(); ++d) out[d] += weights[k] * p[d];
    }
    return out;
  };
  const auto warn = chance({3, 3, 4, 4, 4, 5, 5, 6, 6, 4, 4, 4});
  const auto critical = chance({5, 6, 7, 8, 8, 9, 10, 11, 12, 8, 8, 8});
  auto first_at = [&](const std::vector<double>& p) {
    for (std::size_t d = 0; d < p.size(); ++d) {
      if (p[d] >= model.probability) return static_cast<int>(d) + 1;
    }
    return 0;
  };
  EXPECT_EQ(f->warn_in_days, first_at(warn));
  EXPECT_EQ(f->critical_in_days, first_at(critical));
  EXPECT_EQ(first_at(critical), 10);  // 0.692 (day 9: 0.26)
  ASSERT_TRUE(f->critical_probability.has_value());
  EXPECT_NEAR(*f->critical_probability, critical[6], 1e-7);  // within 7 days
  EXPECT_NEAR(*f->warn_probability, warn[6], 1e-7);
  EXPECT_NEAR(f->leaving_total, 10, 1e-9);  // the late ones leave within 7 days
  EXPECT_NEAR(f->leaving_bad, 10, 1e-9);
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

// The parts of the events with reference times in [cut, now), over a window of `window_days`
// (the metric's own when empty).
RateParts ReferenceParts(std::string_view metric, const std::vector<core::Event>& events,
                         core::Timestamp cut, core::Timestamp now,
                         std::optional<int> window_days = std::nullopt) {
  std::vector<core::Event> kept;
  for (const auto& e : events)
    if (StillIn(metric, e, cut)) kept.push_back(e);
  auto v = ComputeMetric(metric, AccountEvents::From(kept), now, window_days);
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
      const bool above = info.direction == Direction::kAbove;
      const double warn = above ? 0.1 : 0.9;
      const double critical = above ? 0.2 : 0.8;
      std::vector<RateParts> known(horizon);
      for (int d = 1; d < std::min(n, horizon + 1); ++d) {
        known[static_cast<std::size_t>(d - 1)] =
            ReferenceParts(info.name, events, now + (d - n) * kDay, now);
      }
      const ForecastModel model;
      const int settle = SettleDays(info.name);
      const int history_days = std::max(model.baseline_days, settle);
      std::vector<RateParts> daily(static_cast<std::size_t>(history_days));
      for (int j = 0; j < history_days; ++j) {
        RateParts from = ReferenceParts(info.name, events, now - (j + 1) * kDay, now, history_days);
        RateParts to = j == 0
                           ? RateParts{}
                           : ReferenceParts(info.name, events, now - j * kDay, now, history_days);
        daily[static_cast<std::size_t>(j)] = {from.numerator - to.numerator,
                                              from.denominator - to.denominator};
      }
      Forecast want =
          ProjectRate(known, EstimateInflow(daily, info.direction, model, horizon, settle, n), n,
                      info.direction, warn, critical, model);
      auto got =
          engine.ForecastRate(kAccount, info.name, info.direction, warn, critical, now, horizon);
      SCOPED_TRACE(std::string(info.name) + " at " + core::FormatRfc3339(now));
      ASSERT_TRUE(got.has_value());
      EXPECT_EQ(got->projected, want.projected);
      EXPECT_EQ(got->warn_in_days, want.warn_in_days);
      EXPECT_EQ(got->critical_in_days, want.critical_in_days);
      EXPECT_EQ(got->warn_probability, want.warn_probability);
      EXPECT_EQ(got->critical_probability, want.critical_probability);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, ForecastEquivalenceTest, ::testing::Values(7u, 11u, 12345u));

}  // namespace
}  // namespace sellerwatch::metrics
