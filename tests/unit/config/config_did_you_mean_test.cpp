#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/did_you_mean.hpp"
#include "config/time_of_day.hpp"
#include "config/time_zones.hpp"
#include "config/urls.hpp"

namespace sellerwatch::config {
namespace {

using namespace std::chrono_literals;

TEST(ConfigDidYouMeanTest, EditDistance) {
  EXPECT_EQ(EditDistance("", ""), 0u);
  EXPECT_EQ(EditDistance("abc", ""), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting"), 3u);
  EXPECT_EQ(EditDistance("reciever", "receiver"), 1u);  // a transposition is one edit
  EXPECT_EQ(EditDistance("reciever", "receivers"), 2u);
  EXPECT_EQ(EditDistance("ops-slak", "ops-slack"), 1u);
}

TEST(ConfigDidYouMeanTest, SuggestsOnlyCloseCandidates) {
  std::vector<std::string> keys = {"daemon", "accounts", "rules", "routes", "receivers", "digest"};
  EXPECT_EQ(DidYouMean("reciever", keys), "; did you mean 'receivers'?");
  EXPECT_EQ(DidYouMean("acounts", keys), "; did you mean 'accounts'?");
  EXPECT_EQ(DidYouMean("xyzzy", keys), "");
  EXPECT_EQ(DidYouMean("rules", keys), "") << "an exact match is not a suggestion";
  EXPECT_EQ(SuggestionLimit("ab"), 2u);
  EXPECT_EQ(SuggestionLimit("order_defect_rate"), 5u);
  // Ties go to the first candidate.
  std::vector<std::string> tie = {"cat", "car"};
  EXPECT_EQ(ClosestMatch("caz", tie), "cat");
}

TEST(ConfigDidYouMeanTest, TimeZones) {
  EXPECT_TRUE(IsKnownTimeZone("UTC"));
  EXPECT_TRUE(IsKnownTimeZone("Europe/Berlin"));
  EXPECT_TRUE(IsKnownTimeZone("America/Los_Angeles"));
  EXPECT_FALSE(IsKnownTimeZone("Europe/Berln"));
  EXPECT_FALSE(IsKnownTimeZone(""));
  EXPECT_EQ(SuggestTimeZone("Europe/Berln"), "Europe/Berlin");
  EXPECT_EQ(SuggestTimeZone("asia/shanghai"), "Asia/Shanghai");
  EXPECT_EQ(SuggestTimeZone("Nowhere/At/All/Really"), std::nullopt);
}

TEST(ConfigDidYouMeanTest, TimesOfDay) {
  EXPECT_EQ(ParseTimeOfDay("22:00"), 22h);
  EXPECT_EQ(ParseTimeOfDay("7:05"), 7h + 5min);
  EXPECT_EQ(ParseTimeOfDay("24:00"), std::nullopt);
  EXPECT_EQ(ParseTimeOfDay("24:00", true), 24h);
  EXPECT_EQ(ParseTimeOfDay("24:01", true), std::nullopt);
  EXPECT_EQ(ParseTimeOfDay("12:60"), std::nullopt);
  EXPECT_EQ(ParseTimeOfDay("1200"), std::nullopt);
  EXPECT_EQ(ParseTimeOfDay("12:0"), std::nullopt);
  auto sat = ParseWeeklyTime("Sat 09:00");
  ASSERT_TRUE(sat);
  EXPECT_EQ(sat->day, std::chrono::Saturday);
  EXPECT_EQ(sat->time_of_day, 9h);
  EXPECT_EQ(ParseWeeklyTime("SUNDAY 23:59")->day, std::chrono::Sunday);
  EXPECT_EQ(ParseWeeklyTime("wed  6:30")->time_of_day, 6h + 30min);
  EXPECT_FALSE(ParseWeeklyTime("Sat"));
  EXPECT_FALSE(ParseWeeklyTime("Sa 09:00"));
  EXPECT_FALSE(ParseWeeklyTime("Sat 9am"));
}

TEST(ConfigDidYouMeanTest, Urls) {
  EXPECT_EQ(CheckUrl("https://hooks.slack.com/services/x", {"http", "https"}), std::nullopt);
  EXPECT_EQ(CheckUrl("http://127.0.0.1:9093", {"http", "https"}), std::nullopt);
  EXPECT_TRUE(CheckUrl("hooks.slack.com/x", {"http", "https"}));
  EXPECT_TRUE(CheckUrl("ftp://x", {"http", "https"}));
  EXPECT_TRUE(CheckUrl("https://", {"http", "https"}));
  EXPECT_TRUE(CheckUrl("https://a b", {"http", "https"}));
  EXPECT_EQ(UrlScheme("SMTPS://mail"), "smtps");
}

}  // namespace
}  // namespace sellerwatch::config
