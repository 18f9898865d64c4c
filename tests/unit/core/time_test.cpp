#include "core/time.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

#include <vector>

#include "core/rate.hpp"

namespace sellerwatch::core {
namespace {

using std::chrono::hours;

TEST(Rfc3339Test, ParsesAndNormalizesToUtc) {
  struct Case {
    const char* text;
    std::optional<std::int64_t> unix_ms;
  };
  const Case cases[] = {
      {"1970-01-01T00:00:00Z", 0},
      {"2026-11-01T10:00:00Z", 1793527200000},
      {"2026-11-01T10:00:00.250Z", 1793527200250},
      {"2026-11-01T10:00:00.1Z", 1793527200100},
      {"2026-11-01T12:00:00+02:00", 1793527200000},  // same instant, other offset
      {"2026-11-01T05:30:00-04:30", 1793527200000},
      {"2026-11-01t10:00:00z", 1793527200000},
      {"2026-11-01 10:00:00Z", 1793527200000},
      {"2026-11-01T10:00:00", std::nullopt},  // no offset: ambiguous
      {"2026-02-30T10:00:00Z", std::nullopt},
      {"2026-11-01T24:00:00Z", std::nullopt},
      {"2026-11-01", std::nullopt},
      {"2026-11-01T10:00:00Zjunk", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& c : cases) {
    auto t = ParseRfc3339(c.text);
    ASSERT_EQ(t.has_value(), c.unix_ms.has_value()) << c.text;
    if (t) {
      EXPECT_EQ(ToUnixMillis(*t), *c.unix_ms) << c.text;
    }
  }
}

TEST(Rfc3339Test, FormatsRoundTrip) {
  EXPECT_EQ(FormatRfc3339(FromUnixMillis(1793527200000)), "2026-11-01T10:00:00Z");
  EXPECT_EQ(FormatRfc3339(FromUnixMillis(1793527200250)), "2026-11-01T10:00:00.250Z");
  auto t = *ParseRfc3339("2026-03-29T01:59:59.999Z");
  EXPECT_EQ(*ParseRfc3339(FormatRfc3339(t)), t);
}

// FormatRfc3339 writes digits by hand; date::format is the reference it must match exactly,
// since stored payloads compare byte for byte.
TEST(Rfc3339Test, FormatsLikeDateFormatAcrossYearsAndSubSeconds) {
  std::vector<std::int64_t> samples = {0,
                                       1,
                                       999,
                                       1000,
                                       -1,
                                       -999,
                                       -1000,
                                       -86'400'001,
                                       1793527200250,
                                       253402300799999 /* 9999-12-31 */,
                                       253402300800000 /* year 10000 */,
                                       -62167219200001};
  for (std::int64_t ms = -5'000'000'000'000; ms < 5'000'000'000'000; ms += 7'777'777'777) {
    samples.push_back(ms);
    samples.push_back(ms - ms % 1000);
  }
  for (std::int64_t ms : samples) {
    const Timestamp t = FromUnixMillis(ms);
    const std::string expected =
        ms % 1000 == 0 ? date::format("%FT%TZ", std::chrono::floor<std::chrono::seconds>(t))
                       : date::format("%FT%TZ", t);
    EXPECT_EQ(FormatRfc3339(t), expected) << ms;
  }
}

TEST(DurationTest, ParsesConfigForms) {
  struct Case {
    const char* text;
    std::optional<std::int64_t> ms;
  };
  const Case cases[] = {
      {"250ms", 250},       {"30s", 30'000},      {"5m", 300'000},       {"12h", 43'200'000},
      {"7d", 604'800'000},  {"1w", 604'800'000},  {"1h30m", 5'400'000},  {"0s", 0},
      {"", std::nullopt},   {"5", std::nullopt},  {"5 m", std::nullopt}, {"-5m", std::nullopt},
      {"5y", std::nullopt}, {"m5", std::nullopt},
  };
  for (const auto& c : cases) {
    auto d = ParseDuration(c.text);
    ASSERT_EQ(d.has_value(), c.ms.has_value()) << c.text;
    if (d) {
      EXPECT_EQ(d->count(), *c.ms) << c.text;
    }
  }
  EXPECT_EQ(FormatDuration(std::chrono::seconds(90)), "1m30s");
  EXPECT_EQ(FormatDuration(hours(48)), "2d");
}

TEST(RateTest, ParsesFractionsAndPercentages) {
  EXPECT_DOUBLE_EQ(*ParseRate("0.7%"), 0.007);
  EXPECT_DOUBLE_EQ(*ParseRate("0.007"), 0.007);
  EXPECT_DOUBLE_EQ(*ParseRate("97%"), 0.97);
  EXPECT_FALSE(ParseRate("120%"));
  EXPECT_FALSE(ParseRate("-1%"));
  EXPECT_FALSE(ParseRate("7 percent"));
  EXPECT_FALSE(ParseRate("%"));
  EXPECT_EQ(FormatPercent(0.0083), "0.83%");
  EXPECT_EQ(FormatPercent(0.01), "1%");
  EXPECT_EQ(FormatPercent(0.025), "2.5%");
}

}  // namespace
}  // namespace sellerwatch::core
