// Digest schedule (DESIGN.md §1.6): weekly local times in an IANA zone, DST-correct; a missed
// digest is sent once on start, only the latest one; a restart never resends. Gaps map to the
// instant the clocks jump, doubled hours to their first occurrence. Fake times only.

#include "digest/schedule.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace sellerwatch::digest {
namespace {

using core::Timestamp;
using namespace std::chrono_literals;
using std::chrono::Saturday;
using std::chrono::Sunday;
using std::chrono::Wednesday;

Timestamp T(const std::string& rfc3339) {
  auto t = core::ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Timestamp{});
}

std::string Show(std::optional<Timestamp> t) {
  return t ? core::FormatRfc3339(*t) : std::string("none");
}

config::DigestConfig Digest(std::vector<config::WeeklyTime> schedule, std::string zone) {
  return {std::move(schedule), std::move(zone), {"ops-mail"}};
}

const auto kBerlinSat = Digest({{Saturday, 9h}}, "Europe/Berlin");
const auto kBerlinSun0230 = Digest({{Sunday, 2h + 30min}}, "Europe/Berlin");
const auto kNewYorkSat = Digest({{Saturday, 9h}}, "America/New_York");
const auto kNewYorkSun0230 = Digest({{Sunday, 2h + 30min}}, "America/New_York");
const auto kNewYorkSun0130 = Digest({{Sunday, 1h + 30min}}, "America/New_York");
const auto kShanghaiSat = Digest({{Saturday, 9h}}, "Asia/Shanghai");
// Listed out of order on purpose: the slots are merged across entries.
const auto kBerlinSatAndWed = Digest({{Saturday, 9h}, {Wednesday, 18h}}, "Europe/Berlin");

struct SlotCase {
  std::string name;
  config::DigestConfig digest;
  std::string at;
  std::optional<std::string> expected;  // UTC
};

void PrintTo(const SlotCase& c, std::ostream* os) { *os << c.name; }

std::vector<SlotCase> NextSlotCases() {
  return {
      // Europe/Berlin: spring forward 2026-03-29 02:00 CET → 03:00 CEST.
      {"BerlinSatBeforeSpringForward", kBerlinSat, "2026-03-27T12:00:00Z", "2026-03-28T08:00:00Z"},
      {"BerlinSatAfterSpringForward", kBerlinSat, "2026-03-28T08:00:00Z", "2026-04-04T07:00:00Z"},
      {"BerlinSlotInGapRunsAtJump", kBerlinSun0230, "2026-03-22T12:00:00Z", "2026-03-29T01:00:00Z"},
      {"BerlinJustBeforeJump", kBerlinSun0230, "2026-03-29T00:59:59.999Z", "2026-03-29T01:00:00Z"},
      {"BerlinAfterGapSlotNextWeek", kBerlinSun0230, "2026-03-29T01:00:00Z",
       "2026-04-05T00:30:00Z"},
      // Fall back 2026-10-25 03:00 CEST → 02:00 CET: the doubled 02:30 runs once, at its first.
      {"BerlinSatBeforeFallBack", kBerlinSat, "2026-10-20T00:00:00Z", "2026-10-24T07:00:00Z"},
      {"BerlinSatAfterFallBack", kBerlinSat, "2026-10-24T07:00:00Z", "2026-10-31T08:00:00Z"},
      {"BerlinDoubledSlotFirstOccurrence", kBerlinSun0230, "2026-10-20T00:00:00Z",
       "2026-10-25T00:30:00Z"},
      {"BerlinDoubledSlotNotAgainAtSecond", kBerlinSun0230, "2026-10-25T00:30:00Z",
       "2026-11-01T01:30:00Z"},
      // America/New_York: spring forward 2026-03-08 02:00 EST → 03:00 EDT,
      // fall back 2026-11-01 02:00 EDT → 01:00 EST.
      {"NewYorkSatBeforeSpringForward", kNewYorkSat, "2026-03-02T00:00:00Z",
       "2026-03-07T14:00:00Z"},
      {"NewYorkSatAfterSpringForward", kNewYorkSat, "2026-03-07T14:00:00Z", "2026-03-14T13:00:00Z"},
      {"NewYorkSlotInGapRunsAtJump", kNewYorkSun0230, "2026-03-02T00:00:00Z",
       "2026-03-08T07:00:00Z"},
      {"NewYorkAfterGapSlotNextWeek", kNewYorkSun0230, "2026-03-08T07:00:00Z",
       "2026-03-15T06:30:00Z"},
      {"NewYorkSatBeforeFallBack", kNewYorkSat, "2026-10-26T00:00:00Z", "2026-10-31T13:00:00Z"},
      {"NewYorkSatAfterFallBack", kNewYorkSat, "2026-10-31T13:00:00Z", "2026-11-07T14:00:00Z"},
      {"NewYorkDoubledSlotFirstOccurrence", kNewYorkSun0130, "2026-10-26T00:00:00Z",
       "2026-11-01T05:30:00Z"},
      {"NewYorkDoubledSlotNotAgainAtSecond", kNewYorkSun0130, "2026-11-01T05:30:00Z",
       "2026-11-08T06:30:00Z"},
      // Local Saturday 22:00 in New York is Sunday in UTC.
      {"NewYorkLocalDayDiffersFromUtc", Digest({{Saturday, 22h}}, "America/New_York"),
       "2026-11-29T02:59:00Z", "2026-11-29T03:00:00Z"},
      // Asia/Shanghai: no DST, +08:00 all year, so the slot stays at 01:00Z.
      {"ShanghaiMarch", kShanghaiSat, "2026-03-27T00:00:00Z", "2026-03-28T01:00:00Z"},
      {"ShanghaiApril", kShanghaiSat, "2026-03-28T01:00:00Z", "2026-04-04T01:00:00Z"},
      {"ShanghaiOctober", kShanghaiSat, "2026-10-20T00:00:00Z", "2026-10-24T01:00:00Z"},
      {"ShanghaiNovember", kShanghaiSat, "2026-10-24T01:00:00Z", "2026-10-31T01:00:00Z"},
      {"ShanghaiNewYorkFallBackWeek", kShanghaiSat, "2026-11-01T00:00:00Z", "2026-11-07T01:00:00Z"},
      // Local Saturday 07:00 in Shanghai is Friday 23:00 UTC.
      {"ShanghaiLocalDayDiffersFromUtc", Digest({{Saturday, 7h}}, "Asia/Shanghai"),
       "2026-11-27T22:00:00Z", "2026-11-27T23:00:00Z"},
      // Several entries: Wed 18:00 and Sat 09:00 Berlin (CET in late November).
      {"TwoEntriesWednesdayFirst", kBerlinSatAndWed, "2026-11-23T21:00:00Z",
       "2026-11-25T17:00:00Z"},
      {"TwoEntriesThenSaturday", kBerlinSatAndWed, "2026-11-25T17:00:00Z", "2026-11-28T08:00:00Z"},
      {"TwoEntriesThenWednesdayAgain", kBerlinSatAndWed, "2026-11-28T08:00:00Z",
       "2026-12-02T17:00:00Z"},
      // Other shapes.
      {"StrictlyAfter", kBerlinSat, "2026-11-28T08:00:00Z", "2026-12-05T08:00:00Z"},
      {"SameDayLater", kBerlinSat, "2026-11-28T07:59:59.999Z", "2026-11-28T08:00:00Z"},
      {"EmptyZoneIsUtc", Digest({{Saturday, 9h}}, ""), "2026-11-23T00:00:00Z",
       "2026-11-28T09:00:00Z"},
      {"UnknownZoneIsUtc", Digest({{Saturday, 9h}}, "Mars/Olympus"), "2026-11-23T00:00:00Z",
       "2026-11-28T09:00:00Z"},
      {"EmptyScheduleHasNoSlot", Digest({}, "Europe/Berlin"), "2026-11-23T00:00:00Z", std::nullopt},
  };
}

std::vector<SlotCase> LatestSlotCases() {
  return {
      {"AtSlotIsInclusive", kBerlinSat, "2026-11-28T08:00:00Z", "2026-11-28T08:00:00Z"},
      {"JustBeforeSlotIsLastWeek", kBerlinSat, "2026-11-28T07:59:59.999Z", "2026-11-21T08:00:00Z"},
      {"SixDaysLater", kBerlinSat, "2026-12-04T23:00:00Z", "2026-11-28T08:00:00Z"},
      {"BerlinGapSlotAtJump", kBerlinSun0230, "2026-03-30T00:00:00Z", "2026-03-29T01:00:00Z"},
      {"BerlinDoubledSlotFirstOccurrence", kBerlinSun0230, "2026-10-25T01:45:00Z",
       "2026-10-25T00:30:00Z"},
      {"BerlinAcrossSpringForward", kBerlinSat, "2026-04-03T00:00:00Z", "2026-03-28T08:00:00Z"},
      {"NewYorkGapSlotAtJump", kNewYorkSun0230, "2026-03-08T07:00:00Z", "2026-03-08T07:00:00Z"},
      {"NewYorkAcrossFallBack", kNewYorkSat, "2026-11-06T00:00:00Z", "2026-10-31T13:00:00Z"},
      {"ShanghaiFixed", kShanghaiSat, "2026-03-29T12:00:00Z", "2026-03-28T01:00:00Z"},
      {"TwoEntries", kBerlinSatAndWed, "2026-11-27T00:00:00Z", "2026-11-25T17:00:00Z"},
      {"EmptySchedule", Digest({}, "UTC"), "2026-11-27T00:00:00Z", std::nullopt},
  };
}

auto CaseName = [](const ::testing::TestParamInfo<SlotCase>& info) { return info.param.name; };

class DigestNextSlotTest : public ::testing::TestWithParam<SlotCase> {};

TEST_P(DigestNextSlotTest, Slot) {
  const SlotCase& c = GetParam();
  EXPECT_EQ(Show(NextSlot(c.digest, T(c.at))), c.expected.value_or("none"));
}

INSTANTIATE_TEST_SUITE_P(DigestSchedule, DigestNextSlotTest, ::testing::ValuesIn(NextSlotCases()),
                         CaseName);

class DigestLatestSlotTest : public ::testing::TestWithParam<SlotCase> {};

TEST_P(DigestLatestSlotTest, Slot) {
  const SlotCase& c = GetParam();
  EXPECT_EQ(Show(LatestSlotAtOrBefore(c.digest, T(c.at))), c.expected.value_or("none"));
}

INSTANTIATE_TEST_SUITE_P(DigestSchedule, DigestLatestSlotTest,
                         ::testing::ValuesIn(LatestSlotCases()), CaseName);

// ------------------------------------------------------------------------------------ Due

struct DueCase {
  std::string name;
  config::DigestConfig digest;
  std::optional<std::string> last_slot_sent;
  std::string now;
  std::optional<std::string> send;  // expected send_slot
  std::string next_check;
};

void PrintTo(const DueCase& c, std::ostream* os) { *os << c.name; }

std::vector<DueCase> DueCases() {
  // Berlin Sat 09:00 in November is 08:00Z: Nov 7, 14, 21, 28, Dec 5.
  return {
      {"BeforeSlotWaits", kBerlinSat, "2026-11-21T08:00:00Z", "2026-11-28T07:59:59.999Z",
       std::nullopt, "2026-11-28T08:00:00Z"},
      {"AtSlotSends", kBerlinSat, "2026-11-21T08:00:00Z", "2026-11-28T08:00:00Z",
       "2026-11-28T08:00:00Z", "2026-12-05T08:00:00Z"},
      {"DownOverSlotSendsOnStart", kBerlinSat, "2026-11-21T08:00:00Z", "2026-11-30T12:00:00Z",
       "2026-11-28T08:00:00Z", "2026-12-05T08:00:00Z"},
      {"DownOverSlotAfterMarkSentNothing", kBerlinSat, "2026-11-28T08:00:00Z",
       "2026-11-30T12:00:00Z", std::nullopt, "2026-12-05T08:00:00Z"},
      {"DownThreeWeeksOnlyLatest", kBerlinSat, "2026-11-07T08:00:00Z", "2026-12-04T20:00:00Z",
       "2026-11-28T08:00:00Z", "2026-12-05T08:00:00Z"},
      {"DownThreeWeeksAfterMarkSentNothing", kBerlinSat, "2026-11-28T08:00:00Z",
       "2026-12-04T20:00:00Z", std::nullopt, "2026-12-05T08:00:00Z"},
      {"RestartRightAfterSendingNothing", kBerlinSat, "2026-11-28T08:00:00Z",
       "2026-11-28T08:02:00Z", std::nullopt, "2026-12-05T08:00:00Z"},
      // No record yet: within kFirstStartGrace (24 h, inclusive) the slot is sent, later not.
      {"FirstStartShortlyAfterSlotSends", kBerlinSat, std::nullopt, "2026-11-28T09:00:00Z",
       "2026-11-28T08:00:00Z", "2026-12-05T08:00:00Z"},
      {"FirstStartAtGraceEdgeSends", kBerlinSat, std::nullopt, "2026-11-29T08:00:00Z",
       "2026-11-28T08:00:00Z", "2026-12-05T08:00:00Z"},
      {"FirstStartPastGraceSkips", kBerlinSat, std::nullopt, "2026-11-29T08:00:00.001Z",
       std::nullopt, "2026-12-05T08:00:00Z"},
      {"FirstStartMidweekSkips", kBerlinSat, std::nullopt, "2026-12-01T10:00:00Z", std::nullopt,
       "2026-12-05T08:00:00Z"},
      // A record newer than any due slot (clock set back): nothing until a newer slot.
      {"RecordAheadOfClockNothing", kBerlinSat, "2026-12-05T08:00:00Z", "2026-12-01T10:00:00Z",
       std::nullopt, "2026-12-05T08:00:00Z"},
      // Several entries: the Saturday slot after a served Wednesday one.
      {"TwoEntriesSaturdayAfterWednesday", kBerlinSatAndWed, "2026-11-25T17:00:00Z",
       "2026-11-28T10:00:00Z", "2026-11-28T08:00:00Z", "2026-12-02T17:00:00Z"},
      {"TwoEntriesDownOverBothOnlyLatest", kBerlinSatAndWed, "2026-11-21T08:00:00Z",
       "2026-11-29T10:00:00Z", "2026-11-28T08:00:00Z", "2026-12-02T17:00:00Z"},
      // DST: the missed slot in the spring-forward gap is the jump instant, sent once.
      {"DownOverGapSlotSendsIt", kBerlinSun0230, "2026-03-22T01:30:00Z", "2026-03-29T06:00:00Z",
       "2026-03-29T01:00:00Z", "2026-04-05T00:30:00Z"},
      {"GapSlotAfterMarkSentNothing", kBerlinSun0230, "2026-03-29T01:00:00Z",
       "2026-03-29T06:00:00Z", std::nullopt, "2026-04-05T00:30:00Z"},
      // Fall back: served at the first 01:30; the second 01:30 is not a slot.
      {"DoubledHourSecondReadingNothing", kNewYorkSun0130, "2026-11-01T05:30:00Z",
       "2026-11-01T06:30:00Z", std::nullopt, "2026-11-08T06:30:00Z"},
      {"ShanghaiCatchUp", kShanghaiSat, "2026-03-21T01:00:00Z", "2026-03-29T00:00:00Z",
       "2026-03-28T01:00:00Z", "2026-04-04T01:00:00Z"},
      {"EmptyScheduleNeverSends", Digest({}, "UTC"), std::nullopt, "2026-11-28T09:00:00Z",
       std::nullopt, "2026-11-29T09:00:00Z"},
  };
}

class DigestDueTest : public ::testing::TestWithParam<DueCase> {};

TEST_P(DigestDueTest, Decision) {
  const DueCase& c = GetParam();
  std::optional<Timestamp> last;
  if (c.last_slot_sent) last = T(*c.last_slot_sent);
  DigestDecision got = Due(c.digest, last, T(c.now));
  EXPECT_EQ(Show(got.send_slot), c.send.value_or("none"));
  EXPECT_EQ(core::FormatRfc3339(got.next_check), c.next_check);
}

INSTANTIATE_TEST_SUITE_P(DigestSchedule, DigestDueTest, ::testing::ValuesIn(DueCases()),
                         [](const ::testing::TestParamInfo<DueCase>& info) {
                           return info.param.name;
                         });

// A daemon that wakes at every next_check for a year, plus restarts at odd times, serves each
// slot exactly once, in order, across both DST changes.
TEST(DigestScheduleTest, YearOfWakeupsServesEverySlotOnce) {
  for (const auto& digest : {kBerlinSatAndWed, kBerlinSun0230, kNewYorkSun0130, kShanghaiSat}) {
    std::vector<Timestamp> expected;
    for (auto t = NextSlot(digest, T("2026-01-01T00:00:00Z")); t && *t < T("2027-01-01T00:00:00Z");
         t = NextSlot(digest, *t)) {
      expected.push_back(*t);
    }
    std::vector<Timestamp> sent;
    Timestamp now = T("2026-01-01T00:00:00Z");
    // The daemon was already running in 2025 and served the last slot of that year.
    std::optional<Timestamp> last = LatestSlotAtOrBefore(digest, now);
    while (now < T("2027-01-01T00:00:00Z")) {
      // A restart 7 minutes after each wake-up must not resend.
      for (Timestamp at : {now, now + 7min}) {
        DigestDecision d = Due(digest, last, at);
        if (d.send_slot) {
          sent.push_back(*d.send_slot);
          last = d.send_slot;
        }
        ASSERT_GT(d.next_check, at);
      }
      now = Due(digest, last, now).next_check;
    }
    EXPECT_EQ(sent, expected) << digest.timezone;
    EXPECT_GE(expected.size(), 52u) << digest.timezone;
  }
}

}  // namespace
}  // namespace sellerwatch::digest
