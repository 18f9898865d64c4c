#include "rules/kind_verdicts.hpp"

#include <gtest/gtest.h>

namespace sellerwatch::rules {
namespace {

using namespace std::chrono_literals;
using core::Severity;

config::EffectiveRule Trend(std::optional<double> warn, std::optional<double> critical,
                            int min_count = 3) {
  config::EffectiveRule r;
  r.name = "negative_feedback_trend";
  r.metric = "negative_feedback_count_7d";
  r.kind = config::RuleKind::kTrend;
  r.warn = warn;
  r.critical = critical;
  r.baseline = 28 * core::kDay;
  r.min_count = min_count;
  return r;
}

struct TrendCase {
  const char* name;
  double current, baseline_total;
  std::optional<Severity> breached;
  bool clear;
};

TEST(TrendVerdictTest, ComparesWithTheWeeklyAverage) {
  // warn 2x, critical 3x; the baseline is 28 days = 4 weeks.
  const TrendCase cases[] = {
      // 8 in 4 weeks = 2 a week; 4 = 2x → warn; 6 = 3x → critical.
      {"at warn", 4, 8, Severity::kWarning, false},
      {"at critical", 6, 8, Severity::kCritical, false},
      {"under the clear level", 3, 8, std::nullopt, true},  // 3 < 0.9 x 4 = 3.6
      {"normal week", 2, 8, std::nullopt, true},
      // 2x of 0.5 a week is 1, but min_count 3 holds it back.
      {"spike below min_count", 2, 2, std::nullopt, true},
      {"spike at min_count", 3, 2, Severity::kCritical, false},  // 3 >= 3 x 0.5
      // From zero, min_count alone decides.
      {"zero baseline", 3, 0, Severity::kCritical, false},
      {"zero baseline, too few", 2, 0, std::nullopt, true},
  };
  for (const auto& c : cases) {
    auto v = EvaluateTrend(Trend(2, 3), TrendInput{c.current, c.baseline_total, 7 * core::kDay});
    EXPECT_EQ(v.breached, c.breached) << c.name;
    EXPECT_FALSE(v.insufficient_data) << c.name;
    EXPECT_EQ(v.clear, c.clear) << c.name;
  }
}

TEST(TrendVerdictTest, HysteresisBandKeepsItFromClearing) {
  // 12 in 4 weeks = 3 a week; warn 2x = 6; clear under 0.9 x 6 = 5.4.
  auto v = EvaluateTrend(Trend(2, std::nullopt), TrendInput{5.5, 12, 7 * core::kDay});
  EXPECT_FALSE(v.breached);
  EXPECT_FALSE(v.clear);
  v = EvaluateTrend(Trend(2, std::nullopt), TrendInput{5, 12, 7 * core::kDay});
  EXPECT_TRUE(v.clear);
}

config::EffectiveRule ForecastRule(core::Duration within) {
  config::EffectiveRule r;
  r.kind = config::RuleKind::kForecast;
  r.metric = "order_defect_rate";
  r.within = within;
  return r;
}

TEST(ForecastVerdictTest, FiresOnACrossingWithinTheHorizon) {
  struct Case {
    const char* name;
    std::optional<int> warn_in, critical_in;
    std::optional<Severity> now;
    std::optional<Severity> breached;
  };
  const Case cases[] = {
      {"critical in 5 of 7 days", 3, 5, std::nullopt, Severity::kCritical},
      {"critical on day 7 exactly", std::nullopt, 7, std::nullopt, Severity::kCritical},
      {"critical on day 8", 2, 8, std::nullopt, Severity::kWarning},
      {"nothing within", 9, 12, std::nullopt, std::nullopt},
      {"no crossing at all", std::nullopt, std::nullopt, std::nullopt, std::nullopt},
      // Already warn now: only the critical crossing is news.
      {"warn now, critical in 3", 1, 3, Severity::kWarning, Severity::kCritical},
      {"warn now, critical later", 1, 10, Severity::kWarning, std::nullopt},
      {"critical now", 1, 1, Severity::kCritical, std::nullopt},
  };
  for (const auto& c : cases) {
    metrics::Forecast f;
    f.warn_in_days = c.warn_in;
    f.critical_in_days = c.critical_in;
    Verdict now;
    now.breached = c.now;
    auto v = EvaluateForecast(ForecastRule(7 * core::kDay), f, now);
    EXPECT_EQ(v.breached, c.breached) << c.name;
    EXPECT_EQ(v.clear, !c.breached.has_value()) << c.name;
  }
}

TEST(ForecastVerdictTest, WithinRoundsUpToWholeDays) {
  metrics::Forecast f;
  f.critical_in_days = 2;
  EXPECT_EQ(EvaluateForecast(ForecastRule(36h), f, Verdict{}).breached, Severity::kCritical);
  EXPECT_FALSE(EvaluateForecast(ForecastRule(24h), f, Verdict{}).breached);
}

TEST(AtRiskVerdictTest, CountsItems) {
  config::EffectiveRule r;
  r.kind = config::RuleKind::kAtRisk;
  r.warn = 1;
  r.critical = 5;
  EXPECT_FALSE(EvaluateAtRisk(r, 0).breached);
  EXPECT_TRUE(EvaluateAtRisk(r, 0).clear);
  EXPECT_EQ(EvaluateAtRisk(r, 1).breached, Severity::kWarning);
  EXPECT_EQ(EvaluateAtRisk(r, 4).breached, Severity::kWarning);
  EXPECT_EQ(EvaluateAtRisk(r, 5).breached, Severity::kCritical);
  EXPECT_FALSE(EvaluateAtRisk(r, 5).clear);
}

}  // namespace
}  // namespace sellerwatch::rules

namespace sellerwatch::rules {
namespace {

TEST(StatusChangeVerdictTest, ListedValuesFireOthersClear) {
  config::EffectiveRule r;
  r.kind = config::RuleKind::kStatusChange;
  r.metric = "platform.account_status";
  r.critical_values = {"AT_RISK", "DEACTIVATED"};
  r.warn_values = {"WARNED"};
  struct Case {
    std::optional<std::string> value;
    std::optional<core::Severity> breached;
    bool clear, insufficient;
  };
  const Case cases[] = {
      {"NORMAL", std::nullopt, true, false},
      {"AT_RISK", core::Severity::kCritical, false, false},
      {"deactivated", core::Severity::kCritical, false, false},  // case does not matter
      {"WARNED", core::Severity::kWarning, false, false},
      {std::nullopt, std::nullopt, false, true},  // nothing reported yet
  };
  for (const auto& c : cases) {
    auto v = EvaluateStatusChange(r, c.value);
    EXPECT_EQ(v.breached, c.breached) << c.value.value_or("none");
    EXPECT_EQ(v.clear, c.clear) << c.value.value_or("none");
    EXPECT_EQ(v.insufficient_data, c.insufficient) << c.value.value_or("none");
  }
}

}  // namespace
}  // namespace sellerwatch::rules
