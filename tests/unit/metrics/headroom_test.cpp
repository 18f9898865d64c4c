// Headroom (DESIGN.md §1.4): how many more bad events a rate takes before its critical threshold
// is breached, or how many good events it needs to recover. "above" rates breach at or over the
// threshold (exactly 1 % is out for a "< 1 %" target); "below" rates breach strictly under it
// (exactly 95 % meets a 95 % floor). Expected counts are hand-computed literals.

#include "metrics/headroom.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sellerwatch::metrics {
namespace {

using core::Direction;

struct HeadroomCase {
  std::string name;
  Direction direction;
  double numerator;
  double denominator;
  double threshold;
  bool has_headroom;  // false: ComputeHeadroom returns nothing
  std::optional<long> bad_events_allowed;
  std::optional<long> good_events_needed;
};

void PrintTo(const HeadroomCase& c, std::ostream* os) {
  *os << c.name << ": " << c.numerator << " / " << c.denominator << " vs " << c.threshold;
}

std::vector<HeadroomCase> HeadroomCases() {
  constexpr Direction kAbove = Direction::kAbove;
  constexpr Direction kBelow = Direction::kBelow;
  constexpr auto kNone = std::nullopt;
  return {
      // ---- "above" rates: numerator counts bad events.
      // DESIGN example: (2 + k) / 300 < 1 % ⇔ k < 1 → k = 0; 3 / 300 = 1 % already breaches.
      {"Above2Of300At1Percent", kAbove, 2, 300, 0.01, true, 0, kNone},
      // k / 300 < 1 % ⇔ k < 3 → at most 2 (2/300 = 0.67 %), the 3rd breaches.
      {"Above0Of300At1Percent", kAbove, 0, 300, 0.01, true, 2, kNone},
      // 3 / 300 = 1 % breaches; 3 / (300 + g) < 1 % ⇔ g > 0 → 1.
      {"Above3Of300At1PercentIsBreached", kAbove, 3, 300, 0.01, true, kNone, 1},
      // k / 99 < 1 % ⇔ k < 0.99 → k = 0: the very next defect (1/99 = 1.01 %) breaches.
      {"Above0Of99At1Percent", kAbove, 0, 99, 0.01, true, 0, kNone},
      // 1 / 99 = 1.01 % ≥ 1 %: already breached (1 + k < 0.99 has no k ≥ 0);
      // 1 / (99 + g) < 1 % ⇔ g > 1 → 2.
      {"Above1Of99At1PercentIsBreached", kAbove, 1, 99, 0.01, true, kNone, 2},
      // 4 / (200 + g) < 1 % ⇔ g > 4 / 0.01 − 200 = 200 → 201.
      {"Above4Of200At1PercentNeeds201", kAbove, 4, 200, 0.01, true, kNone, 201},
      // (1 + k) / 1000 < 0.75 % ⇔ k < 7.5 − 1 = 6.5 → 6 (7/1000 = 0.7 %, 8/1000 = 0.8 %).
      {"Above1Of1000AtThreeQuartersPercent", kAbove, 1, 1000, 0.0075, true, 6, kNone},
      // Floating point: 0.07 * 100 = 7.000000000000001 in double, but (6 + k) / 100 < 7 %
      // ⇔ k < 1 → 0; 7/100 = 7 % breaches.
      {"Above6Of100At7PercentFloatingPoint", kAbove, 6, 100, 0.07, true, 0, kNone},
      // k / 100 < 7 % ⇔ k < 7 → 6.
      {"Above0Of100At7Percent", kAbove, 0, 100, 0.07, true, 6, kNone},
      // Floating point: 7 / 0.07 = 99.99999999999999 in double; 7 / (100 + g) < 7 % ⇔ g > 0 → 1.
      {"Above7Of100At7PercentFloatingPoint", kAbove, 7, 100, 0.07, true, kNone, 1},
      // A 0 % limit: 0 / d = 0 % is already at the limit and can never get under it.
      {"AboveZeroLimitHasNoHeadroom", kAbove, 0, 100, 0.0, false, kNone, kNone},
      {"AboveNoDenominatorHasNoHeadroom", kAbove, 0, 0, 0.01, false, kNone, kNone},

      // ---- "below" rates: numerator counts good events.
      // 95 / 100 = 95 % meets the floor; 95 / (100 + k) ≥ 95 % ⇔ k ≤ 95 / 0.95 − 100 = 0 → 0.
      {"Below95Of100At95Percent", kBelow, 95, 100, 0.95, true, 0, kNone},
      // 97 / (100 + k) ≥ 95 % ⇔ k ≤ 97 / 0.95 − 100 = 2.105 → 2 (97/102 = 95.1 %, 97/103 = 94.2 %).
      {"Below97Of100At95Percent", kBelow, 97, 100, 0.95, true, 2, kNone},
      // (90 + g) / (100 + g) ≥ 95 % ⇔ g ≥ (95 − 90) / 0.05 = 100 (190/200 = 95 %).
      {"Below90Of100At95PercentNeeds100", kBelow, 90, 100, 0.95, true, kNone, 100},
      // (94 + g) / (100 + g) ≥ 95 % ⇔ g ≥ (95 − 94) / 0.05 = 20 (114/120 = 95 %).
      {"Below94Of100At95PercentNeeds20", kBelow, 94, 100, 0.95, true, kNone, 20},
      // (45 + g) / (50 + g) ≥ 97 % ⇔ g ≥ (48.5 − 45) / 0.03 = 116.67 → 117.
      {"Below45Of50At97PercentNeeds117", kBelow, 45, 50, 0.97, true, kNone, 117},
      // Floating point: (0.9 * 100 − 85) / (1 − 0.9) = 50.000000000000014 in double;
      // (85 + g) / (100 + g) ≥ 90 % ⇔ g ≥ 5 / 0.1 = 50 (135/150 = 90 %).
      {"Below85Of100At90PercentFloatingPoint", kBelow, 85, 100, 0.9, true, kNone, 50},
      // A 100 % floor: 100 / (100 + k) ≥ 100 % ⇔ k ≤ 0 → 0.
      {"BelowFullFloorMet", kBelow, 100, 100, 1.0, true, 0, kNone},
      // A 100 % floor once missed is never met again.
      {"BelowFullFloorMissedHasNoHeadroom", kBelow, 99, 100, 1.0, false, kNone, kNone},
      {"BelowNoDenominatorHasNoHeadroom", kBelow, 0, 0, 0.95, false, kNone, kNone},
  };
}

class HeadroomTest : public ::testing::TestWithParam<HeadroomCase> {};

TEST_P(HeadroomTest, Computes) {
  const HeadroomCase& c = GetParam();
  std::optional<Headroom> h = ComputeHeadroom(c.direction, c.numerator, c.denominator, c.threshold);
  ASSERT_EQ(h.has_value(), c.has_headroom);
  if (!h) return;
  EXPECT_EQ(h->bad_events_allowed, c.bad_events_allowed);
  EXPECT_EQ(h->good_events_needed, c.good_events_needed);
  // Exactly one of the two is set, and it agrees with Breached on the current value.
  EXPECT_NE(h->bad_events_allowed.has_value(), h->good_events_needed.has_value());
  EXPECT_EQ(Breached(c.direction, c.numerator / c.denominator, c.threshold),
            h->good_events_needed.has_value());
}

INSTANTIATE_TEST_SUITE_P(Headroom, HeadroomTest, ::testing::ValuesIn(HeadroomCases()),
                         [](const ::testing::TestParamInfo<HeadroomCase>& info) {
                           return info.param.name;
                         });

struct BreachedCase {
  std::string name;
  Direction direction;
  double value;
  double threshold;
  bool breached;
};

void PrintTo(const BreachedCase& c, std::ostream* os) { *os << c.name; }

std::vector<BreachedCase> BreachedCases() {
  constexpr Direction kAbove = Direction::kAbove;
  constexpr Direction kBelow = Direction::kBelow;
  return {
      {"AboveUnder", kAbove, 0.0099, 0.01, false},
      {"AboveExactlyAtBreaches", kAbove, 0.01, 0.01, true},  // "< 1 %": exactly 1 % is out
      {"AboveOver", kAbove, 0.0101, 0.01, true},
      {"AboveRatioAtThreshold", kAbove, 3.0 / 300, 0.01, true},  // 3/300 = 1 %
      // 0.7 * 0.1 = 0.06999999999999999 in double: mathematically 7 %, so breached.
      {"AboveFloatingPointJustUnder", kAbove, 0.7 * 0.1, 0.07, true},
      // 1 − 0.99 = 0.010000000000000009 in double: 1 %.
      {"AboveFloatingPointJustOver", kAbove, 1 - 0.99, 0.01, true},
      {"AboveZeroUnderLimit", kAbove, 0.0, 0.01, false},
      {"BelowOver", kBelow, 0.96, 0.95, false},
      {"BelowExactlyAtIsMet", kBelow, 0.95, 0.95, false},  // a 95 % floor is met at 95 %
      {"BelowRatioAtThreshold", kBelow, 95.0 / 100, 0.95, false},
      // 0.9499999999999999 is 95 % up to rounding: met.
      {"BelowFloatingPointJustUnder", kBelow, 0.9499999999999999, 0.95, false},
      {"BelowUnder", kBelow, 0.9499, 0.95, true},
      {"BelowZero", kBelow, 0.0, 0.95, true},
  };
}

class HeadroomBreachedTest : public ::testing::TestWithParam<BreachedCase> {};

TEST_P(HeadroomBreachedTest, Breached) {
  const BreachedCase& c = GetParam();
  EXPECT_EQ(Breached(c.direction, c.value, c.threshold), c.breached);
}

INSTANTIATE_TEST_SUITE_P(Headroom, HeadroomBreachedTest, ::testing::ValuesIn(BreachedCases()),
                         [](const ::testing::TestParamInfo<BreachedCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace sellerwatch::metrics

namespace sellerwatch::metrics {
namespace {

// eBay's "0.5 % or 3 defects": the count allowance keeps a small seller out of breach.
TEST(HeadroomAllowanceTest, CountAllowanceWidensHeadroom) {
  // 1 defect in 100 orders: 1 % is over 0.5 %, but 2 more defects stay within the 3 allowed.
  auto h = ComputeHeadroom(core::Direction::kAbove, 1, 100, 0.005, 3);
  ASSERT_TRUE(h);
  EXPECT_EQ(h->bad_events_allowed, 2);
  EXPECT_FALSE(h->good_events_needed);
  // 1,000 orders: the rate allows 4 (5 would be 0.5 %), more than the allowance's 2.
  h = ComputeHeadroom(core::Direction::kAbove, 1, 1000, 0.005, 3);
  EXPECT_EQ(h->bad_events_allowed, 3);
  // Past the allowance the rate decides: 4 defects in 100 orders need 701 good orders.
  h = ComputeHeadroom(core::Direction::kAbove, 4, 100, 0.005, 3);
  EXPECT_FALSE(h->bad_events_allowed);
  EXPECT_EQ(h->good_events_needed, 701);
}

TEST(HeadroomAllowanceTest, BreachNeedsBothRateAndCount) {
  EXPECT_FALSE(BreachedWithAllowance(core::Direction::kAbove, 0.03, 3, 0.005, 3));
  EXPECT_TRUE(BreachedWithAllowance(core::Direction::kAbove, 0.04, 4, 0.005, 3));
  EXPECT_FALSE(BreachedWithAllowance(core::Direction::kAbove, 0.004, 4, 0.005, 3));
  // "below" metrics have no allowance
  EXPECT_TRUE(BreachedWithAllowance(core::Direction::kBelow, 0.90, 90, 0.95, 100));
}

}  // namespace
}  // namespace sellerwatch::metrics
