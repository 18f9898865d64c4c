// The Mute stage (DESIGN.md §1.5, §3.3): silences (equality matchers, active on
// [starts_at, ends_at)), inhibition (a firing critical inhibits warnings with the same account
// and metric), quiet hours (defer until they end; `except` passes). Precedence: silence,
// inhibition, quiet hours.

#include "notify/mute.hpp"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace sellerwatch::notify {
namespace {

using core::AlertState;
using core::Severity;
using core::Timestamp;
using namespace std::chrono_literals;

Timestamp T(const std::string& rfc3339) {
  auto t = core::ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Timestamp{});
}

core::Alert A(const std::string& account, const std::string& rule, const std::string& metric,
              Severity severity, AlertState state = AlertState::kFiring) {
  core::Alert a;
  a.labels = {{"account", account},
              {"rule", rule},
              {"metric", metric},
              {"marketplace", "amazon"},
              {"severity", std::string(core::Name(severity))}};
  a.severity = severity;
  a.state = state;
  return a;
}

Silence S(std::string id, core::Labels matchers, const std::string& from, const std::string& to) {
  return {std::move(id), std::move(matchers), T(from), T(to), "ops@example.com", "maintenance"};
}

config::RouteConfig Plain() { return {}; }

config::RouteConfig QuietRoute(std::vector<Severity> except = {}) {
  config::RouteConfig r;
  r.quiet_hours = config::QuietHours{22h, 8h, "Europe/Berlin", std::move(except)};
  return r;
}

const core::Alert kOdrWarn = A("acme", "odr_warn", "order_defect_rate", Severity::kWarning);
const core::Alert kOdrCrit = A("acme", "odr_crit", "order_defect_rate", Severity::kCritical);

struct MuteCase {
  std::string name;
  core::Alert alert;
  config::RouteConfig route;
  std::vector<Silence> silences;
  std::vector<core::Alert> firing;
  std::string now;
  MuteVerdict expected;
};

void PrintTo(const MuteCase& c, std::ostream* os) { *os << c.name; }

const std::string kNoon = "2026-01-15T12:00:00Z";
const std::string kNight = "2026-01-15T23:00:00Z";  // 00:00 in Berlin

std::vector<MuteCase> MuteCases() {
  const auto silenced = [](std::string id, std::string until) {
    return MuteVerdict{MuteKind::kSilenced, std::move(id), T(until)};
  };
  return {
      {"NothingApplies", kOdrWarn, Plain(), {}, {}, kNoon, {}},
      // Silences
      {"SilenceByAccount",
       kOdrWarn,
       Plain(),
       {S("s1", {{"account", "acme"}}, "2026-01-15T00:00:00Z", "2026-01-16T00:00:00Z")},
       {},
       kNoon,
       silenced("s1", "2026-01-16T00:00:00Z")},
      {"SilenceByAccountAndRule",
       kOdrWarn,
       Plain(),
       {S("s1", {{"account", "acme"}, {"rule", "odr_warn"}}, "2026-01-15T00:00:00Z",
          "2026-01-16T00:00:00Z")},
       {},
       kNoon,
       silenced("s1", "2026-01-16T00:00:00Z")},
      {"SilenceOtherRuleDoesNotMatch",
       kOdrWarn,
       Plain(),
       {S("s1", {{"account", "acme"}, {"rule", "late"}}, "2026-01-15T00:00:00Z",
          "2026-01-16T00:00:00Z")},
       {},
       kNoon,
       {}},
      {"SilenceOnMissingLabelDoesNotMatch",
       kOdrWarn,
       Plain(),
       {S("s1", {{"team", "eu"}}, "2026-01-15T00:00:00Z", "2026-01-16T00:00:00Z")},
       {},
       kNoon,
       {}},
      {"SilenceWithoutMatchersMatchesNothing",
       kOdrWarn,
       Plain(),
       {S("s1", {}, "2026-01-15T00:00:00Z", "2026-01-16T00:00:00Z")},
       {},
       kNoon,
       {}},
      {"SilenceStartsAtIsInclusive",
       kOdrWarn,
       Plain(),
       {S("s1", {{"account", "acme"}}, kNoon, "2026-01-16T00:00:00Z")},
       {},
       kNoon,
       silenced("s1", "2026-01-16T00:00:00Z")},
      {"SilenceNotYetStarted",
       kOdrWarn,
       Plain(),
       {S("s1", {{"account", "acme"}}, "2026-01-15T12:00:00.001Z", "2026-01-16T00:00:00Z")},
       {},
       kNoon,
       {}},
      {"SilenceEndsAtIsExclusive",
       kOdrWarn,
       Plain(),
       {S("s1", {{"account", "acme"}}, "2026-01-15T00:00:00Z", kNoon)},
       {},
       kNoon,
       {}},
      {"LongestMatchingSilenceReported",
       kOdrWarn,
       Plain(),
       {S("short", {{"account", "acme"}}, "2026-01-15T00:00:00Z", "2026-01-15T13:00:00Z"),
        S("long", {{"rule", "odr_warn"}}, "2026-01-15T00:00:00Z", "2026-01-15T18:00:00Z"),
        S("other", {{"account", "zeta"}}, "2026-01-15T00:00:00Z", "2026-01-20T00:00:00Z")},
       {},
       kNoon,
       silenced("long", "2026-01-15T18:00:00Z")},
      {"SilenceAppliesToCriticalToo",
       kOdrCrit,
       Plain(),
       {S("s1", {{"account", "acme"}}, "2026-01-15T00:00:00Z", "2026-01-16T00:00:00Z")},
       {},
       kNoon,
       silenced("s1", "2026-01-16T00:00:00Z")},
      // Inhibition
      {"CriticalInhibitsWarningSameMetric",
       kOdrWarn,
       Plain(),
       {},
       {kOdrCrit},
       kNoon,
       {MuteKind::kInhibited, "acme/odr_crit", std::nullopt}},
      {"OtherAccountDoesNotInhibit",
       kOdrWarn,
       Plain(),
       {},
       {A("zeta", "odr_crit", "order_defect_rate", Severity::kCritical)},
       kNoon,
       {}},
      {"OtherMetricDoesNotInhibit",
       kOdrWarn,
       Plain(),
       {},
       {A("acme", "late_crit", "late_shipment_rate_10d", Severity::kCritical)},
       kNoon,
       {}},
      {"ResolvedCriticalDoesNotInhibit",
       kOdrWarn,
       Plain(),
       {},
       {A("acme", "odr_crit", "order_defect_rate", Severity::kCritical, AlertState::kResolved)},
       kNoon,
       {}},
      {"PendingCriticalDoesNotInhibit",
       kOdrWarn,
       Plain(),
       {},
       {A("acme", "odr_crit", "order_defect_rate", Severity::kCritical, AlertState::kPending)},
       kNoon,
       {}},
      {"FiringWarningDoesNotInhibit",
       kOdrWarn,
       Plain(),
       {},
       {A("acme", "odr_other", "order_defect_rate", Severity::kWarning)},
       kNoon,
       {}},
      {"CriticalIsNeverInhibited",
       kOdrCrit,
       Plain(),
       {},
       {A("acme", "odr_x", "order_defect_rate", Severity::kCritical)},
       kNoon,
       {}},
      {"ResolvedWarningIsNotInhibited",
       A("acme", "odr_warn", "order_defect_rate", Severity::kWarning, AlertState::kResolved),
       Plain(),
       {},
       {kOdrCrit},
       kNoon,
       {}},
      {"FlappingWarningIsInhibited",
       A("acme", "odr_warn", "order_defect_rate", Severity::kWarning, AlertState::kFlapping),
       Plain(),
       {},
       {kOdrCrit},
       kNoon,
       {MuteKind::kInhibited, "acme/odr_crit", std::nullopt}},
      {"EmptyMetricNeverInhibits",
       A("acme", "w", "", Severity::kWarning),
       Plain(),
       {},
       {A("acme", "c", "", Severity::kCritical)},
       kNoon,
       {}},
      // Quiet hours
      {"QuietHoursDefer",
       kOdrWarn,
       QuietRoute(),
       {},
       {},
       kNight,
       {MuteKind::kDeferred, "quiet_hours", T("2026-01-16T07:00:00Z")}},
      {"QuietHoursOutside", kOdrWarn, QuietRoute(), {}, {}, kNoon, {}},
      {"QuietHoursExceptCritical", kOdrCrit, QuietRoute({Severity::kCritical}), {}, {}, kNight, {}},
      {"QuietHoursDeferResolvedToo",
       A("acme", "odr_warn", "order_defect_rate", Severity::kWarning, AlertState::kResolved),
       QuietRoute(),
       {},
       {},
       kNight,
       {MuteKind::kDeferred, "quiet_hours", T("2026-01-16T07:00:00Z")}},
      // Precedence
      {"SilenceBeatsInhibition",
       kOdrWarn,
       QuietRoute(),
       {S("s1", {{"account", "acme"}}, "2026-01-15T00:00:00Z", "2026-01-17T00:00:00Z")},
       {kOdrCrit},
       kNight,
       silenced("s1", "2026-01-17T00:00:00Z")},
      {"InhibitionBeatsQuietHours",
       kOdrWarn,
       QuietRoute(),
       {},
       {kOdrCrit},
       kNight,
       {MuteKind::kInhibited, "acme/odr_crit", std::nullopt}},
  };
}

class MuteTest : public ::testing::TestWithParam<MuteCase> {};

TEST_P(MuteTest, Verdict) {
  const MuteCase& c = GetParam();
  MuteContext context{c.silences, c.firing};
  MuteVerdict got = Mute(c.alert, c.route, context, T(c.now));
  EXPECT_EQ(got, c.expected) << Describe(got) << " vs " << Describe(c.expected);
}

INSTANTIATE_TEST_SUITE_P(Mute, MuteTest, ::testing::ValuesIn(MuteCases()),
                         [](const ::testing::TestParamInfo<MuteCase>& info) {
                           return info.param.name;
                         });

TEST(MuteTest, Describe) {
  EXPECT_EQ(Describe({}), "not muted");
  EXPECT_EQ(Describe({MuteKind::kSilenced, "s1", T("2026-01-16T00:00:00Z")}),
            "silenced by s1 until 2026-01-16T00:00:00Z");
  EXPECT_EQ(Describe({MuteKind::kInhibited, "acme/odr_crit", std::nullopt}),
            "inhibited by acme/odr_crit");
  EXPECT_EQ(Describe({MuteKind::kDeferred, "quiet_hours", T("2026-01-16T07:00:00Z")}),
            "deferred by quiet hours until 2026-01-16T07:00:00Z");
}

}  // namespace
}  // namespace sellerwatch::notify
