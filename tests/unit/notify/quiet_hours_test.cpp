// Quiet hours (DESIGN.md §1.2, §1.5): a daily local range in an IANA zone, overnight allowed,
// DST-correct. Gaps map to the instant the clocks jump; doubled hours start a window at their
// first reading and end one at their second, so the quiet night is 9 h on the spring-forward
// night and 11 h on the fall-back night (22:00–08:00).

#include "notify/quiet_hours.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sellerwatch::notify {
namespace {

using core::Severity;
using core::Timestamp;
using namespace std::chrono_literals;

Timestamp T(const std::string& rfc3339) {
  auto t = core::ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Timestamp{});
}

config::QuietHours Quiet(std::chrono::minutes from, std::chrono::minutes to, std::string zone,
                         std::vector<Severity> except = {}) {
  return {from, to, std::move(zone), std::move(except)};
}

struct QuietCase {
  std::string name;
  config::QuietHours quiet;
  std::string now;
  std::optional<std::pair<std::string, std::string>> window;  // expected [start, end) in UTC
};

void PrintTo(const QuietCase& c, std::ostream* os) { *os << c.name; }

const auto kBerlinNight = Quiet(22h, 8h, "Europe/Berlin");
const auto kNewYorkNight = Quiet(22h, 8h, "America/New_York");

std::vector<QuietCase> QuietCases() {
  using W = std::pair<std::string, std::string>;
  return {
      // Europe/Berlin, an ordinary winter night: CET (+01:00), 10 h.
      {"BerlinWinterEvening", kBerlinNight, "2026-01-15T21:00:00Z",
       W{"2026-01-15T21:00:00Z", "2026-01-16T07:00:00Z"}},
      {"BerlinWinterJustBefore", kBerlinNight, "2026-01-15T20:59:59.999Z", std::nullopt},
      {"BerlinWinterAfterMidnight", kBerlinNight, "2026-01-16T03:00:00Z",
       W{"2026-01-15T21:00:00Z", "2026-01-16T07:00:00Z"}},
      {"BerlinWinterEndIsExclusive", kBerlinNight, "2026-01-16T07:00:00Z", std::nullopt},
      {"BerlinSummerNight", kBerlinNight, "2026-07-01T23:00:00Z",
       W{"2026-07-01T20:00:00Z", "2026-07-02T06:00:00Z"}},
      {"BerlinDaytime", kBerlinNight, "2026-07-01T12:00:00Z", std::nullopt},
      // Spring forward 2026-03-29 02:00 CET → 03:00 CEST: 22:00 CET to 08:00 CEST is 9 h.
      {"BerlinSpringForwardNightBeforeJump", kBerlinNight, "2026-03-28T23:30:00Z",
       W{"2026-03-28T21:00:00Z", "2026-03-29T06:00:00Z"}},
      {"BerlinSpringForwardNightAfterJump", kBerlinNight, "2026-03-29T05:59:00Z",
       W{"2026-03-28T21:00:00Z", "2026-03-29T06:00:00Z"}},
      {"BerlinSpringForwardMorning", kBerlinNight, "2026-03-29T06:00:00Z", std::nullopt},
      // Fall back 2026-10-25 03:00 CEST → 02:00 CET: 22:00 CEST to 08:00 CET is 11 h.
      {"BerlinFallBackNightFirstTwoOClock", kBerlinNight, "2026-10-25T00:30:00Z",
       W{"2026-10-24T20:00:00Z", "2026-10-25T07:00:00Z"}},
      {"BerlinFallBackNightSecondTwoOClock", kBerlinNight, "2026-10-25T01:30:00Z",
       W{"2026-10-24T20:00:00Z", "2026-10-25T07:00:00Z"}},
      {"BerlinFallBackHourAfterSummerEnd", kBerlinNight, "2026-10-25T06:30:00Z",
       W{"2026-10-24T20:00:00Z", "2026-10-25T07:00:00Z"}},
      {"BerlinFallBackMorning", kBerlinNight, "2026-10-25T07:00:00Z", std::nullopt},
      // Window edges inside the gap or the doubled hour.
      {"BerlinStartInGapStartsAtJump", Quiet(2h + 30min, 6h, "Europe/Berlin"),
       "2026-03-29T01:00:00Z", W{"2026-03-29T01:00:00Z", "2026-03-29T04:00:00Z"}},
      {"BerlinStartInGapNotBeforeJump", Quiet(2h + 30min, 6h, "Europe/Berlin"),
       "2026-03-29T00:59:59Z", std::nullopt},
      {"BerlinStartInDoubledHourTakesFirst", Quiet(2h + 30min, 5h, "Europe/Berlin"),
       "2026-10-25T00:30:00Z", W{"2026-10-25T00:30:00Z", "2026-10-25T04:00:00Z"}},
      {"BerlinEndInDoubledHourTakesSecond", Quiet(0h, 2h + 30min, "Europe/Berlin"),
       "2026-10-25T01:00:00Z", W{"2026-10-24T22:00:00Z", "2026-10-25T01:30:00Z"}},
      {"BerlinRangeInsideGapIsEmpty", Quiet(2h + 10min, 2h + 50min, "Europe/Berlin"),
       "2026-03-29T01:00:00Z", std::nullopt},
      // America/New_York: spring forward 2026-03-08 02:00 EST → 03:00 EDT (9 h night),
      // fall back 2026-11-01 02:00 EDT → 01:00 EST (11 h night).
      {"NewYorkWinterNight", kNewYorkNight, "2026-01-15T04:00:00Z",
       W{"2026-01-15T03:00:00Z", "2026-01-15T13:00:00Z"}},
      {"NewYorkSpringForwardNight", kNewYorkNight, "2026-03-08T07:30:00Z",
       W{"2026-03-08T03:00:00Z", "2026-03-08T12:00:00Z"}},
      {"NewYorkSpringForwardMorning", kNewYorkNight, "2026-03-08T12:00:00Z", std::nullopt},
      {"NewYorkFallBackNight", kNewYorkNight, "2026-11-01T06:30:00Z",
       W{"2026-11-01T02:00:00Z", "2026-11-01T13:00:00Z"}},
      {"NewYorkFallBackLastMinute", kNewYorkNight, "2026-11-01T12:59:00Z",
       W{"2026-11-01T02:00:00Z", "2026-11-01T13:00:00Z"}},
      {"NewYorkFallBackMorning", kNewYorkNight, "2026-11-01T13:00:00Z", std::nullopt},
      {"NewYorkEndInGapEndsAtJump", Quiet(23h, 2h + 30min, "America/New_York"),
       "2026-03-08T06:59:00Z", W{"2026-03-08T04:00:00Z", "2026-03-08T07:00:00Z"}},
      {"NewYorkStartInDoubledHourTakesFirst", Quiet(1h + 30min, 3h, "America/New_York"),
       "2026-11-01T05:30:00Z", W{"2026-11-01T05:30:00Z", "2026-11-01T08:00:00Z"}},
      {"NewYorkDoubledHourSecondReadingInside", Quiet(1h + 30min, 3h, "America/New_York"),
       "2026-11-01T06:45:00Z", W{"2026-11-01T05:30:00Z", "2026-11-01T08:00:00Z"}},
      // Other shapes.
      {"DaytimeRange", Quiet(9h, 17h, "UTC"), "2026-05-05T09:00:00Z",
       W{"2026-05-05T09:00:00Z", "2026-05-05T17:00:00Z"}},
      {"DaytimeRangeOutside", Quiet(9h, 17h, "UTC"), "2026-05-05T17:00:00Z", std::nullopt},
      {"UntilMidnight24", Quiet(20h, 24h, "UTC"), "2026-05-05T23:59:00Z",
       W{"2026-05-05T20:00:00Z", "2026-05-06T00:00:00Z"}},
      {"FromEqualsToIsNeverQuiet", Quiet(8h, 8h, "UTC"), "2026-05-05T08:00:00Z", std::nullopt},
      {"WholeDayIsNeverQuiet", Quiet(0h, 24h, "UTC"), "2026-05-05T08:00:00Z", std::nullopt},
      {"UnknownZoneIsUtc", Quiet(22h, 8h, "Mars/Olympus"), "2026-05-05T22:30:00Z",
       W{"2026-05-05T22:00:00Z", "2026-05-06T08:00:00Z"}},
      {"EmptyZoneIsUtc", Quiet(22h, 8h, ""), "2026-05-06T07:59:00Z",
       W{"2026-05-05T22:00:00Z", "2026-05-06T08:00:00Z"}},
      // Nearly a full day: on the fall-back day Berlin windows touch, and count as one.
      {"TouchingWindowsMerge", Quiet(2h + 30min, 2h, "Europe/Berlin"), "2026-10-25T00:45:00Z",
       W{"2026-10-24T00:30:00Z", "2026-10-26T01:00:00Z"}},
  };
}

class QuietHoursTest : public ::testing::TestWithParam<QuietCase> {};

TEST_P(QuietHoursTest, Window) {
  const QuietCase& c = GetParam();
  std::optional<QuietWindow> got = ActiveQuietWindow(c.quiet, T(c.now));
  if (!c.window) {
    EXPECT_FALSE(got.has_value()) << core::FormatRfc3339(got->start) << " – "
                                  << core::FormatRfc3339(got->end);
    return;
  }
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(core::FormatRfc3339(got->start), c.window->first);
  EXPECT_EQ(core::FormatRfc3339(got->end), c.window->second);
}

INSTANTIATE_TEST_SUITE_P(QuietHours, QuietHoursTest, ::testing::ValuesIn(QuietCases()),
                         [](const ::testing::TestParamInfo<QuietCase>& info) {
                           return info.param.name;
                         });

TEST(QuietHoursTest, NightLengthFollowsDst) {
  struct Night {
    config::QuietHours quiet;
    std::string inside;
    std::chrono::hours length;
  };
  for (const Night& n : std::vector<Night>{{kBerlinNight, "2026-03-29T00:00:00Z", 9h},
                                           {kBerlinNight, "2026-10-25T00:00:00Z", 11h},
                                           {kBerlinNight, "2026-01-16T00:00:00Z", 10h},
                                           {kNewYorkNight, "2026-03-08T05:00:00Z", 9h},
                                           {kNewYorkNight, "2026-11-01T05:00:00Z", 11h}}) {
    auto w = ActiveQuietWindow(n.quiet, T(n.inside));
    ASSERT_TRUE(w.has_value()) << n.inside;
    EXPECT_EQ(w->end - w->start, n.length) << n.quiet.timezone << " " << n.inside;
  }
}

struct UntilCase {
  std::string name;
  std::optional<config::QuietHours> quiet;
  Severity severity;
  std::string now;
  std::optional<std::string> until;
};

void PrintTo(const UntilCase& c, std::ostream* os) { *os << c.name; }

class QuietUntilTest : public ::testing::TestWithParam<UntilCase> {};

TEST_P(QuietUntilTest, Until) {
  const UntilCase& c = GetParam();
  auto got = QuietUntil(c.quiet, c.severity, T(c.now));
  ASSERT_EQ(got.has_value(), c.until.has_value());
  if (got) {
    EXPECT_EQ(core::FormatRfc3339(*got), *c.until);
  }
}

INSTANTIATE_TEST_SUITE_P(
    QuietHours, QuietUntilTest,
    ::testing::ValuesIn(std::vector<UntilCase>{
        {"NoQuietHours", std::nullopt, Severity::kWarning, "2026-01-15T23:00:00Z", std::nullopt},
        {"WarningDeferred", kBerlinNight, Severity::kWarning, "2026-01-15T23:00:00Z",
         "2026-01-16T07:00:00Z"},
        {"CriticalDeferredWithoutExcept", kBerlinNight, Severity::kCritical, "2026-01-15T23:00:00Z",
         "2026-01-16T07:00:00Z"},
        {"CriticalPassesWithExcept", Quiet(22h, 8h, "Europe/Berlin", {Severity::kCritical}),
         Severity::kCritical, "2026-01-15T23:00:00Z", std::nullopt},
        {"WarningStillDeferredWithExceptCritical",
         Quiet(22h, 8h, "Europe/Berlin", {Severity::kCritical}), Severity::kWarning,
         "2026-01-15T23:00:00Z", "2026-01-16T07:00:00Z"},
        {"OutsideQuietHours", kBerlinNight, Severity::kWarning, "2026-01-15T12:00:00Z",
         std::nullopt},
    }),
    [](const ::testing::TestParamInfo<UntilCase>& info) { return info.param.name; });

TEST(QuietHoursTest, NextQuietStart) {
  struct Case {
    config::QuietHours quiet;
    std::string now;
    std::string expected;
  };
  for (const Case& c : std::vector<Case>{
           {kBerlinNight, "2026-01-15T12:00:00Z", "2026-01-15T21:00:00Z"},
           {kBerlinNight, "2026-01-15T21:00:00Z", "2026-01-16T21:00:00Z"},   // strictly after
           {kBerlinNight, "2026-03-29T12:00:00Z", "2026-03-29T20:00:00Z"},   // now CEST
           {kNewYorkNight, "2026-11-01T12:00:00Z", "2026-11-02T03:00:00Z"},  // now EST
       }) {
    auto got = NextQuietStart(c.quiet, T(c.now));
    ASSERT_TRUE(got.has_value()) << c.now;
    EXPECT_EQ(core::FormatRfc3339(*got), c.expected) << c.now;
  }
  EXPECT_FALSE(NextQuietStart(Quiet(8h, 8h, "UTC"), T("2026-01-15T12:00:00Z")).has_value());
}

}  // namespace
}  // namespace sellerwatch::notify
