#include "sources/updated_since.hpp"

#include <gtest/gtest.h>

namespace sellerwatch::sources {
namespace {

using namespace std::chrono_literals;
core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

TEST(UpdatedSince, FirstPollBackfillsLaterPollsOverlap) {
  auto now = T("2026-11-20T10:00:00Z");
  auto first = ReadUpdatedSince(std::nullopt, 5min, 60 * core::kDay, now);
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->stored);
  EXPECT_EQ(first->after, T("2026-09-21T10:00:00Z"));
  auto later = ReadUpdatedSince(std::string("2026-11-20T09:00:00Z"), 5min, 60 * core::kDay, now);
  ASSERT_TRUE(later);
  EXPECT_EQ(later->stored, T("2026-11-20T09:00:00Z"));
  EXPECT_EQ(later->after, T("2026-11-20T08:55:00Z"));
  auto bad = ReadUpdatedSince(std::string("{}"), 5min, 60 * core::kDay, now);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, core::ErrorKind::kInternal);
}

TEST(UpdatedSince, TheCursorNeverPassesNow) {
  auto now = T("2026-11-20T10:00:00Z");
  EXPECT_EQ(UpdatedSinceCursor(T("2026-11-20T09:59:00Z"), now), "2026-11-20T09:59:00Z");
  EXPECT_EQ(UpdatedSinceCursor(T("2026-11-21T00:00:00Z"), now), "2026-11-20T10:00:00Z");
  EXPECT_EQ(UpdatedSinceCursor(std::nullopt, now), std::nullopt);
}

}  // namespace
}  // namespace sellerwatch::sources
