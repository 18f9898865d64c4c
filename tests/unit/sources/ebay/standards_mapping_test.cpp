// getSellerStandardsProfile and getCustomerServiceMetric → platform values, both value shapes,
// percent → fraction, and the projection.

#include "sources/ebay/standards_mapping.hpp"

#include <gtest/gtest.h>

#include <map>

#include "fakes/temp_dir.hpp"

namespace sellerwatch::sources::ebay {
namespace {

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

std::string Fixture(const std::string& name) {
  return testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) + "/ebay/" + name);
}

std::map<std::string, std::string> Values(const std::vector<core::ParsedEvent>& events,
                                          core::Timestamp now) {
  std::map<std::string, std::string> out;
  for (const auto& e : events) {
    const auto& p = std::get<core::PlatformValue>(e.event);
    EXPECT_EQ(p.account, "shop");
    EXPECT_EQ(p.reported_at, now);
    EXPECT_EQ(p.updated_at, now);
    EXPECT_EQ(out.count(p.id), 0u) << "twice: " << p.id;
    out[p.id] = p.value;
  }
  return out;
}

TEST(EbayPercent, ToFractionExactly) {
  struct Case {
    const char* in;
    std::optional<std::string> out;
  };
  for (const auto& [in, out] : std::vector<Case>{{"0.14", "0.0014"},
                                                 {"0.50", "0.005"},
                                                 {"3.00", "0.03"},
                                                 {"1.06", "0.0106"},
                                                 {"100", "1"},
                                                 {"250", "2.5"},
                                                 {"0", "0"},
                                                 {"0.6", "0.006"},
                                                 {"12.345", "0.12345"},
                                                 {"-1.5", "-0.015"},
                                                 {"", std::nullopt},
                                                 {"1e3", std::nullopt},
                                                 {"1.", std::nullopt},
                                                 {"abc", std::nullopt}}) {
    EXPECT_EQ(PercentToFraction(in), out) << in;
  }
}

TEST(EbayStandardsProfile, CurrentFixtureWithValueObjects) {
  auto now = T("2026-11-20T06:00:00Z");
  auto r = MapStandardsProfile(Fixture("seller_standards_profile_example.json"), Cycle::kCurrent,
                               "shop", now);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->level, "TOP_RATED");
  std::map<std::string, std::string> expected = {
      {"platform.standards_level", "TOP_RATED"},
      {"platform.min_txn_count", "720"},
      {"platform.min_txn_count.threshold", "100"},  // a lower bound
      {"platform.min_txn_count.level", "TOP_RATED"},
      {"platform.defective_transaction_rate", "0.0014"},  // eBay's 0.14 %
      {"platform.defective_transaction_rate.threshold", "0.005"},
      {"platform.defective_transaction_rate.level", "TOP_RATED"},
      {"platform.shipping_miss_rate", "0.0091"},
      {"platform.shipping_miss_rate.threshold", "0.03"},
      {"platform.shipping_miss_rate.level", "TOP_RATED"},
  };
  EXPECT_EQ(Values(r->events, now), expected);
}

TEST(EbayStandardsProfile, ProjectedWithBareNumbers) {
  auto now = T("2026-11-20T06:00:00Z");
  auto r = MapStandardsProfile(R"({"standardsLevel":"ABOVE_STANDARD","program":"PROGRAM_US",
      "cycle":{"cycleType":"PROJECTED"},"metrics":[
        {"metricKey":"DEFECTIVE_TRANSACTION_RATE","type":"RATE","value":0.6,
         "thresholdUpperBound":0.5,"level":"ABOVE_STANDARD"},
        {"metricKey":"CLAIMS_SAF_RATE","type":"RATE","value":"0.10",
         "thresholdUpperBound":{"value":"0.30"}},
        {"metricKey":"MIN_GMV","type":"NUMBER","value":{"value":"1500.00","currency":"USD"}},
        {"metricKey":"","value":1},
        {"name":"no key","value":1},
        {"metricKey":"NO_VALUE","type":"RATE"},
        7]})",
                               Cycle::kProjected, "shop", now);
  ASSERT_TRUE(r) << r.error().message;
  std::map<std::string, std::string> expected = {
      {"platform.standards_level_projected", "ABOVE_STANDARD"},
      {"platform.defective_transaction_rate_projected", "0.006"},
      {"platform.defective_transaction_rate_projected.threshold", "0.005"},
      {"platform.defective_transaction_rate_projected.level", "ABOVE_STANDARD"},
      {"platform.claims_saf_rate_projected", "0.001"},
      {"platform.claims_saf_rate_projected.threshold", "0.003"},
      {"platform.min_gmv_projected", "1500.00"},
  };
  EXPECT_EQ(Values(r->events, now), expected);
}

TEST(EbayStandardsProfile, BrokenAnswersAreErrors) {
  auto now = T("2026-11-20T06:00:00Z");
  auto none = MapStandardsProfile(R"({"program":"PROGRAM_US","metrics":[]})", Cycle::kProjected,
                                  "shop", now);
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().kind, core::ErrorKind::kData);
  EXPECT_NE(none.error().message.find("PROJECTED: answer has no standardsLevel"), std::string::npos)
      << none.error().message;
  auto broken = MapStandardsProfile(R"({"standardsLevel":)", Cycle::kCurrent, "shop", now);
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("malformed JSON"), std::string::npos);
}

TEST(EbayCustomerServiceMetric, FixtureAndDimensionsByValueOrName) {
  auto now = T("2026-11-20T06:00:00Z");
  auto inr = MapCustomerServiceMetric(Fixture("customer_service_metric_SYNTHETIC.json"),
                                      "ITEM_NOT_RECEIVED", "shop", now);
  ASSERT_TRUE(inr) << inr.error().message;
  std::map<std::string, std::string> expected = {
      {"platform.item_not_received.domestic.transaction_count", "850"},
      {"platform.item_not_received.domestic.count", "9"},
      {"platform.item_not_received.domestic.rate", "0.0106"},
      {"platform.item_not_received.domestic.rating", "HIGH"},
  };
  EXPECT_EQ(Values(*inr, now), expected);

  auto inad = MapCustomerServiceMetric(R"({"dimensionMetrics":[
      {"dimension":{"dimensionKey":"LISTING_CATEGORY","name":"Clothing, Shoes & Accessories"},
       "metrics":[{"metricKey":"RATE","value":"0.20","benchmark":{"rating":"VERY HIGH"}}]},
      {"dimension":{},"metrics":[{"metricKey":"RATE","value":"1"}]}]})",
                                       "ITEM_NOT_AS_DESCRIBED", "shop", now);
  ASSERT_TRUE(inad) << inad.error().message;
  std::map<std::string, std::string> by_name = {
      {"platform.item_not_as_described.clothing_shoes_accessories.rate", "0.002"},
      {"platform.item_not_as_described.clothing_shoes_accessories.rating", "VERY HIGH"},
  };
  EXPECT_EQ(Values(*inad, now), by_name);

  // A seller eBay has not rated: no content, or no dimensions.
  for (const char* body : {"", R"({"marketplaceId":"EBAY_US"})", R"({"dimensionMetrics":[]})"}) {
    auto r = MapCustomerServiceMetric(body, "ITEM_NOT_RECEIVED", "shop", now);
    ASSERT_TRUE(r) << body;
    EXPECT_TRUE(r->empty());
  }
  EXPECT_FALSE(MapCustomerServiceMetric(R"({"dimensionMetrics":7})", "X", "shop", now));
  EXPECT_FALSE(MapCustomerServiceMetric("{", "X", "shop", now));
}

TEST(EbayProjection, DropsRisesKeeps) {
  auto now = T("2026-11-20T06:00:00Z");
  struct Case {
    const char* current;
    const char* projected;
    std::optional<std::string> value;
  };
  for (const auto& [current, projected, value] : std::vector<Case>{
           {"TOP_RATED", "ABOVE_STANDARD", "DROPS"},
           {"TOP_RATED", "BELOW_STANDARD", "DROPS"},
           {"ABOVE_STANDARD", "BELOW_STANDARD", "DROPS"},
           {"ABOVE_STANDARD", "ABOVE_STANDARD", "KEEPS"},
           {"TOP_RATED", "TOP_RATED", "KEEPS"},
           {"BELOW_STANDARD", "ABOVE_STANDARD", "RISES"},
           {"ABOVE_STANDARD", "TOP_RATED", "RISES"},
           {"NEW_LEVEL", "TOP_RATED", std::nullopt},
           {"TOP_RATED", "", std::nullopt},
       }) {
    auto e = MapProjection(current, projected, "shop", now);
    ASSERT_EQ(e.has_value(), value.has_value()) << current << " → " << projected;
    if (!e) continue;
    const auto& p = std::get<core::PlatformValue>(e->event);
    EXPECT_EQ(p.id, "platform.standards_projection");
    EXPECT_EQ(p.value, *value) << current << " → " << projected;
  }
}

}  // namespace
}  // namespace sellerwatch::sources::ebay
