// Threshold verdicts (DESIGN.md §1.4 "insufficient data", §1.5 clear level): min_sample for rates,
// warning vs critical, direction "below", and the default clear level with 10 % hysteresis.

#include "rules/threshold_verdict.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sellerwatch::rules {
namespace {

using core::Direction;
using core::MetricUnit;
using core::Severity;

constexpr auto kNone = std::nullopt;

config::EffectiveRule Rule(Direction direction, std::optional<double> warn,
                           std::optional<double> critical, std::optional<double> clear = kNone,
                           int min_sample = 20) {
  config::EffectiveRule r;
  r.name = "rule";
  r.direction = direction;
  r.warn = warn;
  r.critical = critical;
  r.clear = clear;
  r.min_sample = min_sample;
  return r;
}

// Amazon presets: ODR warn 0.75 % / critical 1 %, valid tracking warn 97 % / critical 95 %.
config::EffectiveRule Odr() { return Rule(Direction::kAbove, 0.0075, 0.01); }
config::EffectiveRule Vtr() { return Rule(Direction::kBelow, 0.97, 0.95); }
// eBay Top Rated: at most 0.5 % or 3 defects.
config::EffectiveRule TopRated() {
  auto r = Rule(Direction::kAbove, 0.005, kNone);
  r.allowance = 3;
  return r;
}

struct VerdictCase {
  std::string name;
  std::string metric;
  config::EffectiveRule rule;
  std::optional<double> value;
  double denominator;
  bool insufficient_data;
  std::optional<Severity> breached;
  bool clear;
};

void PrintTo(const VerdictCase& c, std::ostream* os) { *os << c.name; }

std::vector<VerdictCase> VerdictCases() {
  const std::string odr = "order_defect_rate";
  const std::string vtr = "valid_tracking_rate";
  const std::string count = "negative_feedback_count_7d";
  const std::string p90 = "response_time_p90";
  constexpr auto kWarning = Severity::kWarning;
  constexpr auto kCritical = Severity::kCritical;
  return {
      // ---- min_sample (default 20) applies to rates only
      {"RateBelowMinSampleIsInsufficient", odr, Odr(), 0.5, 19, true, kNone, false},
      {"RateAtMinSampleIsJudged", odr, Odr(), 0.05, 20, false, kCritical, false},  // 1 of 20
      {"RateWithoutValueIsInsufficient", odr, Rule(Direction::kAbove, 0.0075, 0.01, kNone, 0),
       kNone, 0, true, kNone, false},
      {"RateMinSampleZeroJudgesSmallSamples", odr, Rule(Direction::kAbove, 0.0075, 0.01, kNone, 0),
       0.2, 5, false, kCritical, false},
      {"RateCustomMinSample", odr, Rule(Direction::kAbove, 0.0075, 0.01, kNone, 500), 0.02, 499,
       true, kNone, false},
      // count: warn 3, critical 5, clear 0.9 × 3 = 2.7; sample of 5 < min_sample 20 is fine
      {"CountIgnoresMinSample", count, Rule(Direction::kAbove, 3, 5), 5, 5, false, kCritical,
       false},
      {"CountUnderClearLevel", count, Rule(Direction::kAbove, 3, 5), 2, 2, false, kNone, true},
      {"CountAtWarn", count, Rule(Direction::kAbove, 3, 5), 3, 3, false, kWarning, false},
      // duration: warn 12 h = 43200 s, critical 24 h = 86400 s; 3 messages < min_sample
      {"DurationIgnoresMinSample", p90, Rule(Direction::kAbove, 43200, 86400), 50000, 3, false,
       kWarning, false},
      // ---- "above": warn 0.75 %, critical 1 %, clear 0.9 × 0.75 % = 0.675 %
      {"AboveUnderClearLevel", odr, Odr(), 0.006, 1000, false, kNone, true},
      {"AboveInHysteresisBand", odr, Odr(), 0.007, 1000, false, kNone, false},
      {"AboveExactlyAtWarn", odr, Odr(), 0.0075, 1000, false, kWarning, false},
      {"AboveBetweenWarnAndCritical", odr, Odr(), 0.008, 1000, false, kWarning, false},
      {"AboveExactlyAtCritical", odr, Odr(), 0.01, 1000, false, kCritical, false},
      {"AboveRatioAtCritical", odr, Odr(), 3.0 / 300, 300, false, kCritical, false},  // 1 %
      {"AboveOverCritical", odr, Odr(), 0.05, 1000, false, kCritical, false},
      // explicit clear 0.5 % wins over the default 0.675 %
      {"AboveExplicitClearWins", odr, Rule(Direction::kAbove, 0.0075, 0.01, 0.005), 0.006, 1000,
       false, kNone, false},
      {"AboveUnderExplicitClear", odr, Rule(Direction::kAbove, 0.0075, 0.01, 0.005), 0.0049, 1000,
       false, kNone, true},
      {"AboveExactlyAtClearIsNotClear", odr, Rule(Direction::kAbove, 0.0075, 0.01, 0.005), 0.005,
       1000, false, kNone, false},
      // critical only: clear 0.9 × 1 % = 0.9 %
      {"AboveCriticalOnlyInBand", odr, Rule(Direction::kAbove, kNone, 0.01), 0.0095, 1000, false,
       kNone, false},
      {"AboveCriticalOnlyClear", odr, Rule(Direction::kAbove, kNone, 0.01), 0.0085, 1000, false,
       kNone, true},
      {"AboveWarnOnlyNeverCritical", odr, Rule(Direction::kAbove, 0.0075, kNone), 0.5, 1000, false,
       kWarning, false},
      {"NoThresholdsNeverBreachesNorClears", odr, Rule(Direction::kAbove, kNone, kNone), 0.5, 1000,
       false, kNone, false},
      // ---- "below": warn 97 %, critical 95 %, clear 1 − 0.9 × (1 − 97 %) = 97.3 %
      {"BelowOverClearLevel", vtr, Vtr(), 0.98, 100, false, kNone, true},
      {"BelowInHysteresisBand", vtr, Vtr(), 0.972, 1000, false, kNone, false},
      {"BelowExactlyAtWarnIsMet", vtr, Vtr(), 0.97, 100, false, kNone, false},
      {"BelowUnderWarn", vtr, Vtr(), 0.9699, 10000, false, kWarning, false},
      {"BelowExactlyAtCriticalIsWarning", vtr, Vtr(), 0.95, 100, false, kWarning, false},
      {"BelowUnderCritical", vtr, Vtr(), 0.9499, 10000, false, kCritical, false},
      {"BelowRatioUnderCritical", vtr, Vtr(), 90.0 / 100, 100, false, kCritical, false},
      {"BelowBelowMinSampleIsInsufficient", vtr, Vtr(), 0.5, 10, true, kNone, false},
      // explicit clear 99 % wins over the default 97.3 %
      {"BelowExplicitClearWins", vtr, Rule(Direction::kBelow, 0.97, 0.95, 0.99), 0.98, 100, false,
       kNone, false},
      {"BelowOverExplicitClear", vtr, Rule(Direction::kBelow, 0.97, 0.95, 0.99), 0.995, 1000, false,
       kNone, true},
      // ---- eBay allowance: 0.5 % or 3 defects; breached only past both
      {"AllowanceCoversThreeDefects", odr, TopRated(), 3.0 / 100, 100, false, kNone, true},
      {"AllowancePassedAtFourDefects", odr, TopRated(), 4.0 / 100, 100, false, kWarning, false},
      {"AllowanceDoesNotExcuseTheRateOnceCountIsPast", odr, TopRated(), 6.0 / 1000, 1000, false,
       kWarning, false},
      {"AllowanceRateUnderLimit", odr, TopRated(), 4.0 / 1000, 1000, false, kNone, true},
  };
}

class ThresholdVerdictTest : public ::testing::TestWithParam<VerdictCase> {};

TEST_P(ThresholdVerdictTest, Evaluates) {
  const VerdictCase& c = GetParam();
  std::optional<core::MetricInfo> info = core::FindMetric(c.metric);
  ASSERT_TRUE(info.has_value()) << c.metric;
  std::optional<double> numerator;
  if (c.value && info->unit == MetricUnit::kRate) numerator = *c.value * c.denominator;
  metrics::MetricValue mv{*info, numerator, c.denominator, c.value};
  Verdict v = EvaluateThreshold(c.rule, mv);
  EXPECT_EQ(v.insufficient_data, c.insufficient_data);
  EXPECT_EQ(v.breached, c.breached);
  EXPECT_EQ(v.clear, c.clear);
}

INSTANTIATE_TEST_SUITE_P(Threshold, ThresholdVerdictTest, ::testing::ValuesIn(VerdictCases()),
                         [](const ::testing::TestParamInfo<VerdictCase>& info) {
                           return info.param.name;
                         });

struct ClearLevelCase {
  std::string name;
  config::EffectiveRule rule;
  MetricUnit unit;
  std::optional<double> expected;
};

void PrintTo(const ClearLevelCase& c, std::ostream* os) { *os << c.name; }

std::vector<ClearLevelCase> ClearLevelCases() {
  constexpr auto kAbove = Direction::kAbove;
  constexpr auto kBelow = Direction::kBelow;
  return {
      {"AboveRateFromWarn", Rule(kAbove, 0.0075, 0.01), MetricUnit::kRate, 0.00675},  // 0.9×0.0075
      {"AboveRateFromCriticalOnly", Rule(kAbove, kNone, 0.01), MetricUnit::kRate,
       0.009},  // 0.9 × 0.01
      {"BelowRateFromWarn", Rule(kBelow, 0.97, 0.95), MetricUnit::kRate,
       0.973},  // 1 − 0.9 × (1 − 0.97) = 1 − 0.027
      {"BelowRateFromCriticalOnly", Rule(kBelow, kNone, 0.95), MetricUnit::kRate,
       0.955},  // 1 − 0.9 × (1 − 0.95) = 1 − 0.045
      {"BelowRateOnTimeDelivery", Rule(kBelow, 0.95, 0.90), MetricUnit::kRate,
       0.955},  // 1 − 0.9 × (1 − 0.95)
      {"AboveDuration", Rule(kAbove, 43200, 86400), MetricUnit::kDuration, 38880},  // 0.9 × 43200 s
      {"AboveCount", Rule(kAbove, 3, 5), MetricUnit::kCount, 2.7},                  // 0.9 × 3
      {"BelowNumber", Rule(kBelow, 100, 50), MetricUnit::kNumber, 110},             // 1.1 × 100
      {"ExplicitClearAbove", Rule(kAbove, 0.0075, 0.01, 0.005), MetricUnit::kRate, 0.005},
      {"ExplicitClearBelow", Rule(kBelow, 0.97, 0.95, 0.99), MetricUnit::kRate, 0.99},
      {"NoThresholds", Rule(kAbove, kNone, kNone), MetricUnit::kRate, kNone},
  };
}

class ThresholdClearLevelTest : public ::testing::TestWithParam<ClearLevelCase> {};

TEST_P(ThresholdClearLevelTest, Computes) {
  const ClearLevelCase& c = GetParam();
  std::optional<double> level = ClearLevel(c.rule, c.unit);
  ASSERT_EQ(level.has_value(), c.expected.has_value());
  if (level) {
    EXPECT_DOUBLE_EQ(*level, *c.expected);
  }
}

INSTANTIATE_TEST_SUITE_P(Threshold, ThresholdClearLevelTest, ::testing::ValuesIn(ClearLevelCases()),
                         [](const ::testing::TestParamInfo<ClearLevelCase>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace sellerwatch::rules
