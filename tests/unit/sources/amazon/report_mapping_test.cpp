#include "sources/amazon/report_mapping.hpp"

#include <gtest/gtest.h>

#include <map>

#include "fakes/sp_api_server.hpp"
#include "fakes/temp_dir.hpp"

namespace sellerwatch::sources::amazon {
namespace {

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

std::map<std::string, std::string> Values(const MappedReport& r) {
  std::map<std::string, std::string> out;
  for (const auto& e : r.events) {
    const auto& p = std::get<core::PlatformValue>(e.event);
    out[p.id] = p.value;
  }
  return out;
}

TEST(PerformanceReportMapping, OfficialExampleValues) {
  auto now = T("2026-11-20T06:00:00Z");
  std::string text = testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) +
                                       "/amazon/seller_performance_report_v2_example.json");
  auto r = MapPerformanceReport(text, "acme-us", {"ATVPDKIKX0DER"}, now);
  ASSERT_TRUE(r) << r.error().message;
  auto v = Values(*r);
  EXPECT_EQ(v["platform.account_status"], "AT_RISK");
  EXPECT_EQ(v.count("platform.account_status.A2EUQ1WTGCTBG2"), 0u);  // not configured
  EXPECT_EQ(v["platform.order_defect_rate.mfn.rate"], "0.009");
  EXPECT_EQ(v["platform.order_defect_rate.mfn.target"], "0.01");
  EXPECT_EQ(v["platform.order_defect_rate.mfn.status"], "GOOD");
  EXPECT_EQ(v["platform.order_defect_rate.afn.rate"], "0.009");
  EXPECT_EQ(v["platform.late_shipment_rate.rate"], "0.03203973037");
  EXPECT_EQ(v["platform.late_shipment_rate.target"], "0.04");
  // The example's "prefulfillmentCancelRate" under the schema's name.
  EXPECT_EQ(v["platform.pre_fulfillment_cancellation_rate.rate"], "0.005");
  EXPECT_EQ(v["platform.pre_fulfillment_cancellation_rate.target"], "0.01");
  EXPECT_EQ(v["platform.valid_tracking_rate.rate"], "0.9529");
  EXPECT_EQ(v["platform.on_time_delivery_rate.rate"], "0.9529");
  EXPECT_EQ(v["platform.unit_on_time_delivery_rate.rate"], "0.8848");
  EXPECT_EQ(v["platform.invoice_defect_rate.rate"], "0.03499611");
  EXPECT_EQ(v["platform.ahr_status"], "WARNED");
  EXPECT_EQ(v["platform.listing_policy_violations.count"], "86");
  EXPECT_EQ(v["platform.listing_policy_violations.status"], "BAD");
  EXPECT_EQ(v["platform.product_safety_customer_complaints.count"], "165");
  EXPECT_EQ(v["platform.received_intellectual_property_complaints.count"], "75");
  EXPECT_EQ(v["platform.document_requests.count"], "8");
  EXPECT_EQ(v["platform.warning.spamming_seller_messaging"], "BAD");
  for (const auto& e : r->events) {
    const auto& p = std::get<core::PlatformValue>(e.event);
    EXPECT_EQ(p.account, "acme-us");
    EXPECT_EQ(p.reported_at, now);
  }
}

TEST(PerformanceReportMapping, SchemaSpellingsAndOtherMarketplacesSuffixed) {
  std::string text = R"({"accountStatuses":[{"marketplaceId":"M1","status":"NORMAL"},
      {"marketplaceId":"M2","status":"DEACTIVATED"}],
    "performanceMetrics":[{"marketplaceId":"M1","accountHealthRating":
      {"accountHealthRatingStatus":"GREAT","ahrScore":245},
      "policyViolationWarnings":{"warningsCount":3},
      "warningStates":[{"warningType":"spammingSellerMessaging","status":"GOOD"}],
      "preFulfillmentCancellationRate":{"rate":0.02,"targetValue":0.025,"status":"GOOD"}}]})";
  auto r = MapPerformanceReport(text, "a", {"M1", "M2"}, T("2026-11-20T06:00:00Z"));
  ASSERT_TRUE(r) << r.error().message;
  auto v = Values(*r);
  EXPECT_EQ(v["platform.account_status"], "NORMAL");
  EXPECT_EQ(v["platform.account_status.M2"], "DEACTIVATED");
  EXPECT_EQ(v["platform.ahr_status"], "GREAT");
  EXPECT_EQ(v["platform.ahr_score"], "245");
  EXPECT_EQ(v["platform.policy_violation_warnings.count"], "3");
  EXPECT_EQ(v["platform.warning.spamming_seller_messaging"], "GOOD");
  EXPECT_EQ(v["platform.pre_fulfillment_cancellation_rate.rate"], "0.02");
}

TEST(PerformanceReportMapping, MalformedOrForeignReportsAreErrors) {
  auto now = T("2026-11-20T06:00:00Z");
  EXPECT_FALSE(MapPerformanceReport("{\"accountStatuses\":[", "a", {"M1"}, now));
  auto foreign = MapPerformanceReport(
      R"({"accountStatuses":[{"marketplaceId":"M9","status":"NORMAL"}]})", "a", {"M1"}, now);
  ASSERT_FALSE(foreign);
  EXPECT_NE(foreign.error().message.find("M1"), std::string::npos);
}

TEST(Gunzip, RoundTripTruncationAndCap) {
  std::string text(200000, 'x');
  text += "\tend\n";
  std::string gz = testing::Gzip(text);
  auto back = Gunzip(gz, 1 << 20);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, text);
  EXPECT_FALSE(Gunzip(gz.substr(0, gz.size() / 2), 1 << 20));
  EXPECT_FALSE(Gunzip("not gzip at all", 1 << 20));
  EXPECT_FALSE(Gunzip(gz, 1000));
}

}  // namespace
}  // namespace sellerwatch::sources::amazon
