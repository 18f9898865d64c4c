// US Pacific wall-clock times as AliExpress writes them, converted with the tz database,
// including both 2026 daylight-saving switch days (8 March: 02:00 PST → 03:00 PDT; 1 November:
// 02:00 PDT → 01:00 PST).

#include "sources/aliexpress/pacific_time.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace sellerwatch::sources::aliexpress {
namespace {

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

TEST(AliExpressPacificTime, WinterAndSummerOffsets) {
  EXPECT_EQ(ParsePacific("2026-01-15 10:00:00"), T("2026-01-15T18:00:00Z"));  // PST, UTC-8
  EXPECT_EQ(ParsePacific("2026-07-01 10:00:00"), T("2026-07-01T17:00:00Z"));  // PDT, UTC-7
  EXPECT_EQ(ParsePacific("2026-12-31 23:59:59"), T("2027-01-01T07:59:59Z"));
  EXPECT_EQ(FormatPacific(T("2026-01-15T18:00:00.999Z")), "2026-01-15 10:00:00");
  EXPECT_EQ(FormatPacific(T("2026-07-01T17:00:00Z")), "2026-07-01 10:00:00");
}

TEST(AliExpressPacificTime, SpringForwardDay) {
  struct Case {
    const char* pacific;
    const char* utc;
  };
  for (const auto& c : std::vector<Case>{
           {"2026-03-08 00:00:00", "2026-03-08T08:00:00Z"},
           {"2026-03-08 01:59:59", "2026-03-08T09:59:59Z"},  // the last PST second
           {"2026-03-08 03:00:00", "2026-03-08T10:00:00Z"},  // the first PDT second
           {"2026-03-08 02:30:00", "2026-03-08T10:00:00Z"},  // skipped: the instant of the jump
           {"2026-03-08 12:00:00", "2026-03-08T19:00:00Z"},
           {"2026-03-09 00:00:00", "2026-03-09T07:00:00Z"},
       }) {
    EXPECT_EQ(ParsePacific(c.pacific), T(c.utc)) << c.pacific;
  }
  EXPECT_EQ(FormatPacific(T("2026-03-08T09:59:59Z")), "2026-03-08 01:59:59");
  EXPECT_EQ(FormatPacific(T("2026-03-08T10:00:00Z")), "2026-03-08 03:00:00");
  // A day of 23 hours: midnight to midnight.
  EXPECT_EQ(*ParsePacific("2026-03-09 00:00:00") - *ParsePacific("2026-03-08 00:00:00"),
            std::chrono::hours(23));
}

TEST(AliExpressPacificTime, FallBackDay) {
  EXPECT_EQ(ParsePacific("2026-11-01 00:59:59"), T("2026-11-01T07:59:59Z"));
  // 01:xx happens twice; a reading means the first (PDT).
  EXPECT_EQ(ParsePacific("2026-11-01 01:30:00"), T("2026-11-01T08:30:00Z"));
  EXPECT_EQ(ParsePacific("2026-11-01 02:00:00"), T("2026-11-01T10:00:00Z"));  // PST
  EXPECT_EQ(ParsePacific("2026-11-01 12:00:00"), T("2026-11-01T20:00:00Z"));
  EXPECT_EQ(FormatPacific(T("2026-11-01T08:30:00Z")), "2026-11-01 01:30:00");  // PDT
  EXPECT_EQ(FormatPacific(T("2026-11-01T09:30:00Z")), "2026-11-01 01:30:00");  // PST
  EXPECT_EQ(*ParsePacific("2026-11-02 00:00:00") - *ParsePacific("2026-11-01 00:00:00"),
            std::chrono::hours(25));
}

TEST(AliExpressPacificTime, QueryWindowsStartBeforeTheDoubledHour) {
  EXPECT_EQ(PacificWindowStart(T("2026-11-01T06:30:00Z")), "2026-10-31 23:30:00");
  // Inside the doubled hour, either occurrence: two hours earlier, before it.
  EXPECT_EQ(PacificWindowStart(T("2026-11-01T08:30:00Z")), "2026-10-31 23:30:00");
  EXPECT_EQ(PacificWindowStart(T("2026-11-01T09:30:00Z")), "2026-11-01 00:30:00");
  EXPECT_EQ(PacificWindowStart(T("2026-11-01T10:30:00Z")), "2026-11-01 02:30:00");
  EXPECT_EQ(PacificWindowStart(T("2026-03-08T10:00:00Z")), "2026-03-08 03:00:00");
}

TEST(AliExpressPacificTime, AnythingElseIsRefused) {
  for (const char* bad :
       {"", "1", "2026-03-02T10:30:00", "2026-03-02 10:30", "2026-02-30 10:00:00",
        "2026-03-02 24:00:00", "2026-03-02 10:60:00", "2026-3-2 10:30:00", "2026-03-02 10:30:00Z",
        // signs: from_chars reads them (found by the aliexpress fuzz target)
        "-026-03-08 02:30:00", "2026-03-08 +2:30:00", "+026-03-08 02:30:00"}) {
    EXPECT_FALSE(ParsePacific(bad).has_value()) << bad;
  }
}

TEST(AliExpressPacificTime, FieldsOfARecord) {
  auto o = boost::json::parse(R"({"a":"2026-01-15 10:00:00","b":null,"c":"","d":"1","e":5})")
               .as_object();
  EXPECT_EQ(*PacificAt(o, "a", "order 1"), T("2026-01-15T18:00:00Z"));
  EXPECT_FALSE(PacificAt(o, "b", "order 1")->has_value());
  EXPECT_FALSE(PacificAt(o, "c", "order 1")->has_value());
  EXPECT_FALSE(PacificAt(o, "missing", "order 1")->has_value());
  auto bad = PacificAt(o, "d", "order 1");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, core::ErrorKind::kData);
  EXPECT_EQ(bad.error().message,
            "order 1: field 'd': expected a US Pacific time \"yyyy-MM-dd HH:mm:ss\", got \"1\"");
  EXPECT_FALSE(PacificAt(o, "e", "order 1"));
}

}  // namespace
}  // namespace sellerwatch::sources::aliexpress
