// How marketplace-reported values are named, ordered and told apart (number or status).

#include "core/platform_display.hpp"

#include <gtest/gtest.h>

namespace sellerwatch::core {
namespace {

TEST(PlatformDisplayTest, NumbersAreWhatJsonCallsANumber) {
  const std::pair<std::string, std::optional<double>> cases[] = {
      {"1000", 1000},          {"0", 0},
      {"0.009", 0.009},        {"-2", -2},
      {"-0.5", -0.5},          {"1e3", 1000},
      {"2.5E-2", 0.025},       {"NORMAL", std::nullopt},
      {"true", std::nullopt},  {"", std::nullopt},
      {"-", std::nullopt},     {"007", std::nullopt},
      {"1.", std::nullopt},    {".5", std::nullopt},
      {"+1", std::nullopt},    {" 1", std::nullopt},
      {"1 ", std::nullopt},    {"1e", std::nullopt},
      {"0x10", std::nullopt},  {"nan", std::nullopt},
      {"inf", std::nullopt},   {"1e999", std::nullopt},
      {"12abc", std::nullopt},
  };
  for (const auto& [text, number] : cases) EXPECT_EQ(PlatformNumber(text), number) << text;
}

TEST(PlatformDisplayTest, KnownNamesReadAsWordsOthersAsThemselves) {
  EXPECT_EQ(PlatformLabel("platform.account_status"), "account status");
  EXPECT_EQ(PlatformLabel("platform.ahr_score"), "AHR score");
  EXPECT_EQ(PlatformLabel("platform.ahr_status"), "AHR status");
  EXPECT_EQ(PlatformLabel("platform.standards_level"), "standards level");
  EXPECT_EQ(PlatformLabel("platform.product_posting_forbidden"), "product posting forbidden");
  // Amazon's further marketplaces.
  EXPECT_EQ(PlatformLabel("platform.account_status.A1PA6795UKMFR9"),
            "account status (A1PA6795UKMFR9)");
  EXPECT_EQ(PlatformLabel("platform.late_shipment_rate.status"), "late_shipment_rate.status");
  EXPECT_EQ(PlatformLabel("platform.account_status.lowercase"), "account_status.lowercase");
}

TEST(PlatformDisplayTest, HeadlineValuesFirstAndProjectedSharesItsLine) {
  const Timestamp t1 = FromUnixMillis(1'700'000'000'000);
  const Timestamp t2 = t1 + std::chrono::hours(1);
  const std::vector<PlatformReport> reports = {
      {"platform.zz_custom", "x", t1},
      {"platform.standards_level_projected", "ABOVE_STANDARD", t2},
      {"platform.ahr_score", "1000", t1},
      {"platform.defective_transaction_rate_projected.threshold", "0.02", t1},
      {"platform.defective_transaction_rate.threshold", "0.03", t1},
      {"platform.standards_level", "TOP_RATED", t1},
      {"platform.account_status", "NORMAL", t1},
      {"platform.claims_saf_rate_projected", "0.001", t1},  // no current twin: a line of its own
  };
  auto lines = PlatformLines(reports);
  ASSERT_EQ(lines.size(), 6u);
  EXPECT_EQ(lines[0].name, "platform.account_status");
  EXPECT_TRUE(lines[0].headline);
  EXPECT_EQ(lines[1].name, "platform.ahr_score");
  EXPECT_EQ(lines[1].label, "AHR score");
  EXPECT_EQ(lines[2].name, "platform.standards_level");
  EXPECT_EQ(lines[2].value, "TOP_RATED");
  EXPECT_EQ(lines[2].projected, "ABOVE_STANDARD");
  EXPECT_EQ(lines[2].reported_at, t2);  // the later of the two
  EXPECT_EQ(lines[3].name, "platform.claims_saf_rate_projected");
  EXPECT_FALSE(lines[3].headline);
  EXPECT_TRUE(lines[3].projected.empty());
  EXPECT_EQ(lines[4].name, "platform.defective_transaction_rate.threshold");
  EXPECT_EQ(lines[4].value, "0.03");
  EXPECT_EQ(lines[4].projected, "0.02");
  EXPECT_EQ(lines[5].name, "platform.zz_custom");
  EXPECT_EQ(lines[5].label, "zz_custom");
  EXPECT_TRUE(PlatformLines({}).empty());
}

}  // namespace
}  // namespace sellerwatch::core
