#include "core/time_text.hpp"

#include <gtest/gtest.h>

#include "core/local_time.hpp"

namespace sellerwatch::core {
namespace {

struct Case {
  std::string text;
  std::string format;
  std::string zone;
  std::optional<std::string> expected;  // RFC 3339, or nullopt: refused
};

TEST(TimeText, Table) {
  const Case cases[] = {
      {"2026-11-01T10:00:00Z", "", "Europe/Berlin", "2026-11-01T10:00:00Z"},
      {"2026-11-01T10:00:00+02:00", "auto", "UTC", "2026-11-01T08:00:00Z"},
      {"2026-11-01 10:00:00", "", "Europe/Berlin", "2026-11-01T09:00:00Z"},  // CET
      {"2026-07-01 10:00", "", "Europe/Berlin", "2026-07-01T08:00:00Z"},     // CEST
      {"2026-11-01", "", "America/New_York", "2026-11-01T04:00:00Z"},        // EDT midnight
      {"2026-11-01T10:00:00", "", "", "2026-11-01T10:00:00Z"},               // no zone: UTC
      {"1793527200", "unix", "", "2026-11-01T10:00:00Z"},
      {"1793527200.5", "unix", "", "2026-11-01T10:00:00.500Z"},
      {"1793527200500", "unix_ms", "", "2026-11-01T10:00:00.500Z"},
      {"01.11.2026 10:30", "%d.%m.%Y %H:%M", "Europe/Berlin", "2026-11-01T09:30:00Z"},
      {"11/01/2026 10:30 +0000", "%m/%d/%Y %H:%M %z", "Europe/Berlin", "2026-11-01T10:30:00Z"},
      // The doubled hour when clocks fall back takes the earlier instant.
      {"2026-10-25 02:30", "", "Europe/Berlin", "2026-10-25T00:30:00Z"},
      {"yesterday", "", "UTC", std::nullopt},
      {"2026-11-01 10:00:00 trailing", "", "UTC", std::nullopt},
      {"01.11.2026", "%d.%m.%Y %H:%M", "UTC", std::nullopt},
      {"12ab", "unix", "", std::nullopt},
      {"", "unix", "", std::nullopt},
  };
  for (const auto& c : cases) {
    auto format = TimeFormat::Parse(c.format);
    ASSERT_TRUE(format) << c.format;
    auto t = ParseTimeText(c.text, *format, c.zone.empty() ? nullptr : FindZone(c.zone));
    if (c.expected) {
      ASSERT_TRUE(t) << c.text;
      EXPECT_EQ(FormatRfc3339(*t), *c.expected) << c.text;
    } else {
      EXPECT_FALSE(t) << c.text;
    }
  }
}

TEST(TimeText, FormatNames) {
  EXPECT_EQ(TimeFormat::Parse("")->kind, TimeFormat::Kind::kAuto);
  EXPECT_EQ(TimeFormat::Parse("unix_ms")->kind, TimeFormat::Kind::kUnixMs);
  EXPECT_EQ(TimeFormat::Parse("%Y")->pattern, "%Y");
  EXPECT_FALSE(TimeFormat::Parse("dd.mm.yyyy"));
}

}  // namespace
}  // namespace sellerwatch::core
