// The Post-Order cancellation search and how a cancellation is joined to its Fulfillment order
// (legacyOrderId, else orderId) to say who cancelled.

#include "sources/ebay/cancellation_mapping.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fakes/temp_dir.hpp"
#include "sources/ebay/order_mapping.hpp"

namespace sellerwatch::sources::ebay {
namespace {
namespace json = boost::json;
using core::CancelInitiator;

std::string Fixture(const std::string& name) {
  return testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) + "/ebay/" + name);
}

CancellationIndex FixtureIndex() {
  auto page = ParseCancellationSearch(Fixture("postorder_cancellation_search_SYNTHETIC.json"));
  EXPECT_TRUE(page) << page.error().message;
  CancellationIndex index;
  for (auto& c : page->cancellations) index.Add(c);
  return index;
}

// A cancelled Fulfillment order with the given ids and (getOrder's) cancelRequests.
json::object Cancelled(std::string_view order_id, std::string_view legacy_id,
                       std::string_view requests = "[]") {
  std::string legacy =
      legacy_id.empty() ? std::string() : fmt::format(R"("legacyOrderId":"{}",)", legacy_id);
  return json::parse(fmt::format(R"({{"orderId":"{}",{}"creationDate":"2026-01-10T09:00:00Z",
      "lastModifiedDate":"2026-01-11T10:00:00Z","orderFulfillmentStatus":"NOT_STARTED",
      "cancelStatus":{{"cancelState":"CANCELED","cancelledDate":"2026-01-11T10:00:00Z",
      "cancelRequests":{}}}}})",
                                 order_id, legacy, requests))
      .as_object();
}

TEST(EbayCancellationSearch, FixtureFieldByField) {
  auto page = ParseCancellationSearch(Fixture("postorder_cancellation_search_SYNTHETIC.json"));
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->total_pages, 1);
  ASSERT_EQ(page->cancellations.size(), 3u);
  struct Expect {
    const char* id;
    const char* legacy;
    CancelInitiator requestor;
    const char* status;
  };
  const Expect expected[] = {
      {"5000000001", "110000000001-2000000000001", CancelInitiator::kBuyer,
       "CANCEL_CLOSED_WITH_REFUND"},
      {"5000000002", "110000000002-2000000000002", CancelInitiator::kSeller,
       "CANCEL_CLOSED_WITH_REFUND"},
      {"5000000003", "110000000003-2000000000003", CancelInitiator::kBuyer, "CANCEL_REQUESTED"},
  };
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(page->cancellations[i].cancel_id, expected[i].id);
    EXPECT_EQ(page->cancellations[i].legacy_order_id, expected[i].legacy);
    EXPECT_EQ(page->cancellations[i].requestor, expected[i].requestor);
    EXPECT_EQ(page->cancellations[i].status, expected[i].status);
  }
}

TEST(EbayCancellationSearch, RequestorTypesAndBrokenAnswers) {
  auto page = ParseCancellationSearch(R"({"cancellations":[
      {"cancelId":"1","legacyOrderId":"A","requestorType":"UNKNOWN"},
      {"cancelId":"2","legacyOrderId":"B"},
      {"cancelId":"3","legacyOrderId":"C","requestorType":"SELLER"}],
      "paginationOutput":{"totalPages":4}})");
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->total_pages, 4);
  EXPECT_EQ(page->cancellations[0].requestor, CancelInitiator::kUnknown);
  EXPECT_EQ(page->cancellations[1].requestor, CancelInitiator::kUnknown);  // absent
  EXPECT_EQ(page->cancellations[2].requestor, CancelInitiator::kSeller);
  auto empty = ParseCancellationSearch(R"({"total":0,"paginationOutput":{"totalPages":0}})");
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->cancellations.empty());
  EXPECT_EQ(empty->total_pages, 1);
  EXPECT_FALSE(ParseCancellationSearch(R"({"cancellations":{}})"));
  auto orphan = ParseCancellationSearch(R"({"cancellations":[{"cancelId":"7"}]})");
  ASSERT_FALSE(orphan);
  EXPECT_NE(orphan.error().message.find("cancellation '7' has no legacyOrderId"),
            std::string::npos);
  EXPECT_FALSE(ParseCancellationSearch("{\"cancellations\":[{"));
}

TEST(EbayCancellationJoin, TheInitiatorOfEachOrder) {
  CancellationIndex index = FixtureIndex();
  struct Case {
    json::object order;
    CancelInitiator expected;
    const char* why;
  };
  const std::vector<Case> cases = {
      {Cancelled("00-00000-00004", "110000000001-2000000000001"), CancelInitiator::kBuyer,
       "Post-Order requestorType BUYER, joined on legacyOrderId"},
      {Cancelled("00-00000-00002", "110000000002-2000000000002"), CancelInitiator::kSeller,
       "Post-Order requestorType SELLER (out of stock)"},
      {Cancelled("110000000001-2000000000001", ""), CancelInitiator::kBuyer,
       "no legacyOrderId: Post-Order's id matches the orderId"},
      {Cancelled("00-00000-00005", "110000000005-2000000000005"), CancelInitiator::kUnknown,
       "not in Post-Order, no cancelRequests: unknown"},
      {Cancelled("00-00000-00004", "110000000001-2000000000001",
                 R"([{"cancelInitiator":"Seller"}])"),
       CancelInitiator::kBuyer, "Post-Order wins over the order's own cancelRequests"},
      {Cancelled("00-00000-00007", "110000000007-2000000000007",
                 R"([{"cancelInitiator":"Buyer"},{"cancelInitiator":"Seller"}])"),
       CancelInitiator::kBuyer, "not in Post-Order: getOrder's cancelRequests, buyer first"},
  };
  for (const auto& [order, expected, why] : cases) {
    auto o = MapOrder(order, "shop", nullptr, index);
    ASSERT_TRUE(o) << why << ": " << o.error().message;
    EXPECT_EQ(o->status, core::OrderStatus::kCancelled) << why;
    EXPECT_EQ(o->cancel_initiator, expected) << why;
    EXPECT_EQ(o->seller_cancelled(), expected != CancelInitiator::kBuyer) << why;
  }
  // A pending buyer request on an order that is not cancelled changes nothing.
  auto open =
      json::parse(R"({"orderId":"00-00000-00003","legacyOrderId":"110000000003-2000000000003",
      "creationDate":"2026-01-11T20:00:00Z","lastModifiedDate":"2026-01-11T20:00:05Z",
      "orderFulfillmentStatus":"NOT_STARTED","cancelStatus":{"cancelState":"IN_PROGRESS"}})");
  auto o = MapOrder(open.as_object(), "shop", nullptr, index);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->status, core::OrderStatus::kUnshipped);
  EXPECT_FALSE(o->cancel_initiator.has_value());
}

TEST(EbayCancellationJoin, RejectedRequestsDoNotCountAndBuyerWins) {
  CancellationIndex index;
  index.Add({"1", "L-1", CancelInitiator::kBuyer, "CANCEL_REJECTED"});
  index.Add({"2", "L-1", CancelInitiator::kSeller, "CANCEL_CLOSED_WITH_REFUND"});
  index.Add({"3", "L-2", CancelInitiator::kSeller, "CANCEL_CLOSED_WITH_REFUND"});
  index.Add({"4", "L-2", CancelInitiator::kBuyer, "CANCEL_CLOSED_WITH_REFUND"});
  index.Add({"5", "L-3", CancelInitiator::kUnknown, "CANCEL_CLOSED_UNKNOWN_REFUND"});
  index.Add({"6", "L-4", CancelInitiator::kBuyer, "INVALID"});
  index.Add({"2", "L-1", CancelInitiator::kSeller, "CANCEL_CLOSED_WITH_REFUND"});  // repeated
  EXPECT_EQ(index.size(), 6u);
  EXPECT_EQ(index.InitiatorOf("L-1", "x"), CancelInitiator::kSeller);  // the buyer was refused
  EXPECT_EQ(index.InitiatorOf("L-2", "x"), CancelInitiator::kBuyer);
  EXPECT_EQ(index.InitiatorOf("L-3", "x"), CancelInitiator::kUnknown);
  EXPECT_EQ(index.InitiatorOf("L-4", "x"), std::nullopt);  // nothing took effect
  EXPECT_EQ(index.InitiatorOf("", "L-2"), CancelInitiator::kBuyer);
  EXPECT_EQ(index.InitiatorOf("nope", ""), std::nullopt);
}

}  // namespace
}  // namespace sellerwatch::sources::ebay
