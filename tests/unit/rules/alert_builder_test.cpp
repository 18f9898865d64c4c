// The alert a seller receives (DESIGN.md §1.5): labels account, marketplace, rule, metric,
// severity plus the account's labels; annotations summary, value, threshold, headroom, window
// and a "what to do" hint; starts_at / ends_at.

#include "rules/alert_builder.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "rules/alert_state_machine.hpp"

namespace sellerwatch::rules {
namespace {

using namespace std::chrono_literals;
using core::AlertState;
using core::Direction;
using core::Severity;

const core::Timestamp kT0 =
    core::Timestamp(std::chrono::sys_days(std::chrono::year(2026) / std::chrono::November / 1));

constexpr auto kNone = std::nullopt;

std::string Str(std::optional<core::Timestamp> t) { return t ? core::FormatRfc3339(*t) : "none"; }

config::AccountConfig Account() {
  config::AccountConfig a;
  a.id = "shop-eu";
  a.marketplace = "amazon";
  a.labels = {{"team", "ops"}, {"region", "eu"}};
  return a;
}

config::EffectiveRule Rule(std::string name, std::string metric, Direction direction,
                           std::optional<double> warn, std::optional<double> critical,
                           std::optional<double> clear = kNone) {
  config::EffectiveRule r;
  r.name = std::move(name);
  r.metric = std::move(metric);
  r.direction = direction;
  r.warn = warn;
  r.critical = critical;
  r.clear = clear;
  return r;
}

// Amazon ODR preset (warn 0.75 %, critical 1 %) under a rule name that differs from the metric.
config::EffectiveRule Odr(std::optional<double> clear = kNone) {
  return Rule("odr-strict", "order_defect_rate", Direction::kAbove, 0.0075, 0.01, clear);
}
// Valid tracking: warn 97 %, critical 95 %, "below".
config::EffectiveRule Vtr() {
  return Rule("vtr", "valid_tracking_rate", Direction::kBelow, 0.97, 0.95);
}
// Reply latency p90: warn 12 h, critical 24 h, in seconds.
config::EffectiveRule P90() {
  return Rule("p90", "response_time_p90", Direction::kAbove, 43200, 86400);
}

metrics::MetricValue Value(const std::string& metric, std::optional<double> numerator,
                           double denominator, std::optional<double> value) {
  return metrics::MetricValue{*core::FindMetric(metric), numerator, denominator, value};
}

store::AlertStateRecord Record(AlertState state, Severity severity, core::Timestamp since,
                               std::optional<core::Timestamp> active_since) {
  store::AlertStateRecord r;
  r.account = "shop-eu";
  r.state = state;
  r.severity = severity;
  r.since = since;
  r.active_since = active_since;
  r.updated_at = since;
  return r;
}

struct BuilderCase {
  std::string name;
  config::EffectiveRule rule;
  metrics::MetricValue value;
  store::AlertStateRecord record;
  std::string severity_label;
  // Expected annotations; kNone: the annotation must be absent.
  std::map<std::string, std::optional<std::string>> annotations;
  core::Timestamp starts_at;
  std::optional<core::Timestamp> ends_at;
};

void PrintTo(const BuilderCase& c, std::ostream* os) { *os << c.name; }

const std::string kOdrHint =
    "answer open claims and contact buyers who left 1-2 star feedback today";
const std::string kVtrHint = "upload carrier tracking numbers with every shipment confirmation";

std::vector<BuilderCase> BuilderCases() {
  return {
      {"FiringCriticalAboveRateBreached",
       Odr(),
       Value("order_defect_rate", 3, 300, 0.01),  // 3 / 300 = 1 %
       Record(AlertState::kFiring, Severity::kCritical, kT0 + 2h, kT0),
       "critical",
       {
           {"summary",
            "shop-eu: Order defect rate (60 days) is 1% (3 of 300), at or above the critical limit "
            "1%"},
           {"value", "1%"},
           {"numerator", "3"},
           {"denominator", "300"},
           {"threshold", "warn 0.75%, critical 1%"},
           // 3 / (300 + g) < 1 % ⇔ g > 3 / 0.01 − 300 = 0 → 1
           {"headroom", "critical 1% breached: 1 more defect-free order needed to recover"},
           {"window", "60 days"},
           {"hint", kOdrHint},
       },
       kT0,
       kNone},
      {"FiringWarningAboveRateWithHeadroom",
       Odr(),
       Value("order_defect_rate", 8, 1000, 0.008),  // 8 / 1000 = 0.8 %
       Record(AlertState::kFiring, Severity::kWarning, kT0, kT0),
       "warning",
       {
           {"summary",
            "shop-eu: Order defect rate (60 days) is 0.8% (8 of 1000), at or above the warning "
            "limit 0.75%"},
           {"value", "0.8%"},
           // (8 + k) / 1000 < 1 % ⇔ k < 2 → 1 allowed, so the 2nd more breaches
           {"headroom", "2 more order defects breach the critical 1%"},
           {"window", "60 days"},
       },
       kT0,
       kNone},
      {"FiringWarningNextDefectBreaches",
       Odr(),
       Value("order_defect_rate", 2, 250, 0.008),  // 2 / 250 = 0.8 %
       Record(AlertState::kFiring, Severity::kWarning, kT0, kT0),
       "warning",
       {
           {"summary",
            "shop-eu: Order defect rate (60 days) is 0.8% (2 of 250), at or above the warning "
            "limit 0.75%"},
           // (2 + k) / 250 < 1 % ⇔ k < 0.5 → 0 allowed: 3 / 250 = 1.2 %
           {"headroom", "the next order defect breaches the critical 1%"},
       },
       kT0,
       kNone},
      {"FiringCriticalBelowRate",
       Vtr(),
       Value("valid_tracking_rate", 90, 100, 0.9),  // 90 / 100 = 90 %
       Record(AlertState::kFiring, Severity::kCritical, kT0, kT0),
       "critical",
       {
           {"summary",
            "shop-eu: Valid tracking rate (30 days) is 90% (90 of 100), below the critical limit "
            "95%"},
           {"value", "90%"},
           {"threshold", "warn 97%, critical 95%"},
           // (90 + g) / (100 + g) ≥ 95 % ⇔ g ≥ (95 − 90) / 0.05 = 100
           {"headroom",
            "critical 95% breached: 100 more shipments with valid tracking needed to recover"},
           {"window", "30 days"},
           {"hint", kVtrHint},
       },
       kT0,
       kNone},
      {"FiringWarningBelowRate",
       Vtr(),
       Value("valid_tracking_rate", 96, 100, 0.96),  // 96 / 100 = 96 %
       Record(AlertState::kFiring, Severity::kWarning, kT0, kT0),
       "warning",
       {
           {"summary",
            "shop-eu: Valid tracking rate (30 days) is 96% (96 of 100), below the warning limit "
            "97%"},
           // 96 / (100 + k) ≥ 95 % ⇔ k ≤ 96 / 0.95 − 100 = 1.05 → 1 allowed, the 2nd breaches
           {"headroom", "2 more shipments without valid tracking breach the critical 95%"},
       },
       kT0,
       kNone},
      {"ResolvedAboveRate",
       Odr(/*clear=*/0.005),
       Value("order_defect_rate", 4, 1000, 0.004),  // 4 / 1000 = 0.4 %
       Record(AlertState::kResolved, Severity::kCritical, kT0 + 5h, kT0),
       "critical",
       {
           {"summary",
            "shop-eu: Order defect rate (60 days) is back to 0.4% (4 of 1000), past the clear "
            "level 0.5%"},
           {"value", "0.4%"},
           {"threshold", "warn 0.75%, critical 1%"},
           // (4 + k) / 1000 < 1 % ⇔ k < 6 → 5 allowed, the 6th breaches
           {"headroom", "6 more order defects breach the critical 1%"},
           {"window", "60 days"},
           {"hint", kOdrHint},
       },
       kT0,
       kT0 + 5h},
      {"ResolvedDefaultClearLevel",
       Rule("odr-loose", "order_defect_rate", Direction::kAbove, 0.01, 0.02),
       Value("order_defect_rate", 5, 1000, 0.005),  // 5 / 1000 = 0.5 %
       Record(AlertState::kResolved, Severity::kWarning, kT0 + 5h, kT0 + 1h),
       "warning",
       {
           // default clear 0.9 × 1 % = 0.9 %
           {"summary",
            "shop-eu: Order defect rate (60 days) is back to 0.5% (5 of 1000), past the clear "
            "level 0.9%"},
           {"threshold", "warn 1%, critical 2%"},
       },
       kT0 + 1h,
       kT0 + 5h},
      {"FiringDurationHasNoHeadroomOrSample",
       P90(),
       Value("response_time_p90", kNone, 12, 90000),  // 90000 s = 25 h over 12 messages
       Record(AlertState::kFiring, Severity::kCritical, kT0, kT0),
       "critical",
       {
           {"summary",
            "shop-eu: Reply time for 9 in 10 messages (30 days) is 25h, at or above the critical "
            "limit 24h"},
           {"value", "25h"},
           {"threshold", "warn 12h, critical 24h"},
           {"numerator", kNone},
           {"denominator", "12"},
           {"headroom", kNone},
           {"window", "30 days"},
           {"hint", "answer the oldest unreplied buyer messages first"},
       },
       kT0,
       kNone},
  };
}

class AlertBuilderTest : public ::testing::TestWithParam<BuilderCase> {};

TEST_P(AlertBuilderTest, Builds) {
  const BuilderCase& c = GetParam();
  core::Alert a = BuildAlert(Account(), c.rule, c.value, c.record);
  EXPECT_EQ(a.labels, (core::Labels{{"account", "shop-eu"},
                                    {"marketplace", "amazon"},
                                    {"rule", c.rule.name},
                                    {"metric", c.rule.metric},
                                    {"severity", c.severity_label},
                                    {"team", "ops"},
                                    {"region", "eu"}}));
  for (const auto& [key, want] : c.annotations) {
    SCOPED_TRACE("annotation " + key);
    auto it = a.annotations.find(key);
    if (want) {
      ASSERT_NE(it, a.annotations.end());
      EXPECT_EQ(it->second, *want);
    } else {
      EXPECT_EQ(it, a.annotations.end()) << it->second;
    }
  }
  EXPECT_EQ(core::Name(a.state), core::Name(c.record.state));
  EXPECT_EQ(core::Name(a.severity), core::Name(c.record.severity));
  EXPECT_EQ(Str(a.starts_at), Str(c.starts_at));
  EXPECT_EQ(Str(a.ends_at), Str(c.ends_at));
}

INSTANTIATE_TEST_SUITE_P(AlertBuilder, AlertBuilderTest, ::testing::ValuesIn(BuilderCases()),
                         [](const ::testing::TestParamInfo<BuilderCase>& info) {
                           return info.param.name;
                         });

TEST(AlertBuilderLabelsTest, AccountLabelsCannotOverrideReservedLabels) {
  config::AccountConfig account = Account();
  account.labels["account"] = "spoof";
  account.labels["severity"] = "info";
  core::Alert a = BuildAlert(account, Odr(), Value("order_defect_rate", 3, 300, 0.01),
                             Record(AlertState::kFiring, Severity::kCritical, kT0, kT0));
  EXPECT_EQ(a.Label("account"), "shop-eu");
  EXPECT_EQ(a.Label("severity"), "critical");
  EXPECT_EQ(a.Label("team"), "ops");
}

// A resolved alert keeps the start of the episode it ends (as Alertmanager's startsAt does),
// when built from the record Advance produced.
TEST(AlertBuilderLifecycleTest, ResolvedAlertKeepsEpisodeStart) {
  config::EffectiveRule rule = Odr();
  store::AlertStateRecord fresh =
      Record(AlertState::kInactive, Severity::kWarning, kT0 - 24h, kNone);
  Step firing = Advance(fresh, Verdict{false, Severity::kCritical, false}, rule, 0.01, kT0);
  ASSERT_TRUE(firing.transition == Transition::kFiring);
  core::Alert fired =
      BuildAlert(Account(), rule, Value("order_defect_rate", 3, 300, 0.01), firing.next);
  EXPECT_EQ(Str(fired.starts_at), Str(kT0));
  EXPECT_FALSE(fired.ends_at.has_value());

  Step resolved = Advance(firing.next, Verdict{false, kNone, true}, rule, 0.004, kT0 + 3h);
  ASSERT_TRUE(resolved.transition == Transition::kResolved);
  core::Alert ended =
      BuildAlert(Account(), rule, Value("order_defect_rate", 4, 1000, 0.004), resolved.next);
  EXPECT_EQ(Str(ended.ends_at), Str(kT0 + 3h));
  EXPECT_EQ(Str(ended.starts_at), Str(kT0)) << "a resolved alert must not start when it ends";
}

TEST(AlertBuilderLifecycleTest, PendingThenFiringStartsWhenConditionBegan) {
  config::EffectiveRule rule = Odr();
  rule.for_ = 2h;
  store::AlertStateRecord fresh =
      Record(AlertState::kInactive, Severity::kWarning, kT0 - 24h, kNone);
  Verdict warn{false, Severity::kWarning, false};
  Step pending = Advance(fresh, warn, rule, 0.008, kT0);
  Step firing = Advance(pending.next, warn, rule, 0.008, kT0 + 2h);
  ASSERT_TRUE(firing.transition == Transition::kFiring);
  core::Alert a =
      BuildAlert(Account(), rule, Value("order_defect_rate", 8, 1000, 0.008), firing.next);
  EXPECT_EQ(Str(a.starts_at), Str(kT0));  // active_since: when the condition began to hold
  EXPECT_EQ(core::Name(a.state), core::Name(AlertState::kFiring));
}

// A preset forecast rule (warning severity on the 4 % line) as the seller reads it: the pace,
// the likelihood, the value now, and the orders to ship first.
TEST(AlertBuilderForecastTest, SaysWhereThePaceLeadsHowLikelyAndWhatToShipFirst) {
  config::EffectiveRule rule =
      Rule("late_shipment_forecast", "late_shipment_rate_10d", Direction::kAbove, 0.04, kNone);
  rule.kind = config::RuleKind::kForecast;
  metrics::Forecast f;
  f.warn_in_days = 5;
  f.warn_probability = 0.854;
  f.recent_bad_per_day = 2.1;
  f.baseline_bad_per_day = 0.6;
  f.denominator_per_day = 20;
  f.leaving_bad = 1;
  f.leaving_total = 140;
  RuleEvaluation ev{
      &rule, Value("late_shipment_rate_10d", 5, 185, 5.0 / 185), {}, f, {}, {}, 0.04, kNone, {}};
  ev.items = {{"o-1", kT0 + 14h}, {"o-2", kT0 + 16h}, {"o-3", kT0 + 20h}};
  auto record = Record(AlertState::kFiring, Severity::kWarning, kT0, kT0);
  core::Alert a = BuildAlert(Account(), ev, record);
  EXPECT_EQ(
      a.annotations.at("summary"),
      "shop-eu: Late shipment rate (10 days): at this pace late shipments reach 4% in about 5 "
      "days, 85% likely within 7 days (now 2.7%); ship these 3 orders first, the first before "
      "Sun 14:00 UTC");
  EXPECT_EQ(a.annotations.at("title"), "Late shipment rate (10 days), forecast");
  EXPECT_EQ(a.annotations.at("forecast"),
            "2.1 late shipments a day lately (usually 0.6) of 20 a day; 1 late shipment of 140 "
            "leave the window within 7 days; reaching 4% within 7 days: 85% likely");
  EXPECT_NE(a.annotations.at("items").find("o-1"), std::string::npos);
  EXPECT_EQ(a.labels.at("severity"), "warning");

  auto resolved = Record(AlertState::kResolved, Severity::kWarning, kT0, kT0);
  ev.items.clear();
  EXPECT_EQ(BuildAlert(Account(), ev, resolved).annotations.at("summary"),
            "shop-eu: Late shipment rate (10 days) is 2.7%; no longer heading for its limit within "
            "7 days");
}

}  // namespace
}  // namespace sellerwatch::rules
