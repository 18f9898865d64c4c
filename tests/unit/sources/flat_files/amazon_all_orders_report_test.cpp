#include "sources/flat_files/amazon_all_orders_report.hpp"

#include <gtest/gtest.h>

#include "core/event_json.hpp"
#include "fakes/temp_dir.hpp"
#include "sources/jsonl_reader.hpp"

namespace sellerwatch::sources::flat_files {
namespace {

std::string Report() {
  return testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) +
                           "/amazon/all_orders_report_SYNTHETIC.txt");
}

// The report's rows, as the normalized JSONL a seller would have written by hand.
std::string EquivalentJsonl() {
  return testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) +
                           "/amazon/all_orders_report_SYNTHETIC.expected.jsonl");
}

TEST(AllOrdersReport, HeaderIsRecognised) {
  EXPECT_TRUE(IsAllOrdersReportHeader(
      "amazon-order-id\tmerchant-order-id\tpurchase-date\tlast-updated-date\torder-status"));
  EXPECT_FALSE(IsAllOrdersReportHeader("Date\tRating\tOrder ID"));
  EXPECT_FALSE(IsAllOrdersReportHeader("amazon-order-id,purchase-date"));
}

TEST(AllOrdersReport, GivesExactlyTheEventsOfTheEquivalentJsonl) {
  auto mapped = MapAllOrdersReport(Report(), "acme-us");
  ASSERT_TRUE(mapped) << mapped.error().message;
  EXPECT_TRUE(mapped->rejected.empty()) << mapped->rejected[0];
  auto expected = ReadJsonl(EquivalentJsonl(), "expected.jsonl", "acme-us", {});
  ASSERT_TRUE(expected.errors.empty()) << expected.errors[0];
  ASSERT_EQ(mapped->events.size(), expected.events.size());
  for (std::size_t i = 0; i < expected.events.size(); ++i) {
    EXPECT_EQ(mapped->events[i].payload, expected.events[i].payload) << "event " << i;
  }
}

TEST(AllOrdersReport, ItemsOfOneOrderAreOneOrderTheLatestRowWinning) {
  auto mapped = MapAllOrdersReport(Report(), "acme-us");
  ASSERT_TRUE(mapped);
  int seen = 0;
  for (const auto& e : mapped->events) {
    const auto& o = std::get<core::Order>(e.event);
    if (o.id == "114-0000004-0000004") {
      ++seen;
      EXPECT_EQ(o.status, core::OrderStatus::kShipped);
    }
  }
  EXPECT_EQ(seen, 1);
}

TEST(AllOrdersReport, CancellationsByWhoAskedAndChannels) {
  auto mapped = MapAllOrdersReport(Report(), "acme-us");
  ASSERT_TRUE(mapped);
  std::map<std::string, core::Order> by_id;
  for (const auto& e : mapped->events) {
    const auto& o = std::get<core::Order>(e.event);
    by_id[o.id] = o;
  }
  const auto& buyer = by_id.at("114-0000002-0000002");
  EXPECT_EQ(buyer.cancel_initiator, core::CancelInitiator::kBuyer);
  EXPECT_FALSE(buyer.seller_cancelled());
  const auto& unknown = by_id.at("114-0000003-0000003");
  EXPECT_EQ(unknown.cancel_initiator, core::CancelInitiator::kUnknown);
  EXPECT_TRUE(unknown.seller_cancelled());  // the report does not say: counts against the seller
  EXPECT_EQ(unknown.cancelled_at, unknown.updated_at);
  EXPECT_EQ(by_id.at("114-0000005-0000005").fulfillment, core::Fulfillment::kPlatform);
  EXPECT_EQ(by_id.at("114-0000006-0000006").status, core::OrderStatus::kDelivered);
  EXPECT_EQ(by_id.at("114-0000007-0000007").status, core::OrderStatus::kPending);
}

TEST(AllOrdersReport, BadRowsNameTheirLineAndAMissingColumnIsAnError) {
  std::string tsv =
      "amazon-order-id\tpurchase-date\tlast-updated-date\torder-status\tfulfillment-channel\n"
      "A-1\t2026-11-01T10:00:00+00:00\t2026-11-01T11:00:00+00:00\tShipped\tMerchant\n"
      "A-2\tyesterday\t2026-11-01T11:00:00+00:00\tShipped\tMerchant\n"
      "A-3\t2026-11-01T10:00:00+00:00\t2026-11-01T11:00:00+00:00\tLost\tMerchant\n"
      "A-4\t2026-11-01T10:00:00+00:00\t2026-11-01T11:00:00+00:00\tShipped\tDrone\n";
  auto mapped = MapAllOrdersReport(tsv, "a");
  ASSERT_TRUE(mapped);
  ASSERT_EQ(mapped->events.size(), 1u);
  ASSERT_EQ(mapped->rejected.size(), 3u);
  EXPECT_NE(mapped->rejected[0].find("line 3: order A-2: purchase-date 'yesterday'"),
            std::string::npos)
      << mapped->rejected[0];
  EXPECT_NE(mapped->rejected[1].find("line 4: order A-3: order-status 'Lost'"), std::string::npos)
      << mapped->rejected[1];
  EXPECT_NE(mapped->rejected[2].find("line 5: order A-4: fulfillment-channel 'Drone'"),
            std::string::npos)
      << mapped->rejected[2];

  auto missing = MapAllOrdersReport("amazon-order-id\tpurchase-date\torder-status\n", "a");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message.find("no 'last-updated-date' column"), std::string::npos)
      << missing.error().message;
}

}  // namespace
}  // namespace sellerwatch::sources::flat_files
