#include "sources/amazon/order_mapping.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>

#include "fakes/temp_dir.hpp"

namespace sellerwatch::sources::amazon {
namespace {
namespace json = boost::json;

std::string Fixture(const std::string& name) {
  return testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) + "/amazon/" + name);
}

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

const core::Order& OrderAt(const OrdersPage& page, std::size_t i) {
  return std::get<core::Order>(page.orders.at(i).event);
}

constexpr const char* kSearch = "orders_2026-01-01_searchOrders_200_example.json";

TEST(SearchOrdersMapping, OfficialExampleFieldByField) {
  auto page = MapSearchOrdersPage(Fixture(kSearch), "acme-us");
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->orders.size(), 1u);
  EXPECT_EQ(page->next_token, "2YgYW55IGNhcm5hbCBwbGVhc3VyZS4");
  const core::Order& o = OrderAt(*page, 0);
  EXPECT_EQ(o.account, "acme-us");
  EXPECT_EQ(o.id, "123-4567890-1234567");
  EXPECT_EQ(o.purchased_at, T("2024-12-25T10:30:00Z"));
  EXPECT_EQ(o.updated_at, T("2024-12-25T14:45:00Z"));
  // SHIPPED and its one package DELIVERED.
  EXPECT_EQ(o.status, core::OrderStatus::kDelivered);
  EXPECT_EQ(o.fulfillment, core::Fulfillment::kMerchant);
  EXPECT_EQ(o.ship_by, T("2024-12-27T23:59:59Z"));
  EXPECT_EQ(o.deliver_by, T("2024-12-30T23:59:59Z"));
  EXPECT_EQ(o.shipped_at, T("2024-12-25T14:00:00Z"));
  EXPECT_EQ(o.tracking_valid, true);
  // SP-API gives no delivery time: the last update is its upper bound.
  EXPECT_EQ(o.delivered_at, T("2024-12-25T14:45:00Z"));
  // An item cancellation on a shipped order does not make the order cancelled.
  EXPECT_FALSE(o.cancelled_at.has_value());
  EXPECT_FALSE(o.cancel_initiator.has_value());
  // The canonical payload round-trips.
  auto decoded = core::DecodeEvent(page->orders[0].payload);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(std::get<core::Order>(*decoded).ship_by, o.ship_by);
}

// The example order, cancelled, with its items' cancellation blocks edited by `edit`.
core::Order Cancelled(const std::function<void(json::object& cancellation)>& edit) {
  json::value doc = json::parse(Fixture(kSearch));
  json::object& order = doc.as_object().at("orders").as_array()[0].as_object();
  order.at("fulfillment").as_object()["fulfillmentStatus"] = "CANCELLED";
  order.erase("packages");
  json::object& c = order.at("orderItems").as_array()[0].as_object().at("cancellation").as_object();
  edit(c);
  auto page = MapSearchOrdersPage(json::serialize(doc), "a");
  EXPECT_TRUE(page) << page.error().message;
  return std::get<core::Order>(page->orders.at(0).event);
}

TEST(SearchOrdersMapping, BuyerRequestedCancelIsTheBuyersEvenWhenTheMerchantExecutedIt) {
  core::Order o = Cancelled([](json::object&) {});  // the example: BUYER request, MERCHANT exec
  EXPECT_EQ(o.status, core::OrderStatus::kCancelled);
  EXPECT_EQ(o.cancel_initiator, core::CancelInitiator::kBuyer);
  EXPECT_EQ(o.cancelled_at, T("2024-12-25T14:45:00Z"));
  EXPECT_FALSE(o.seller_cancelled());
  EXPECT_FALSE(o.tracking_valid.has_value());
}

TEST(SearchOrdersMapping, CancelInitiatorFromTheExecutionWithoutABuyerRequest) {
  core::Order seller = Cancelled([](json::object& c) { c.erase("cancellationRequest"); });
  EXPECT_EQ(seller.cancel_initiator, core::CancelInitiator::kSeller);
  EXPECT_TRUE(seller.seller_cancelled());
  core::Order amazon = Cancelled([](json::object& c) {
    c.erase("cancellationRequest");
    c.at("cancellationExecution").as_object()["cancelledBy"] = "AMAZON";
  });
  EXPECT_EQ(amazon.cancel_initiator, core::CancelInitiator::kPlatform);
  core::Order unknown = Cancelled([](json::object& c) { c.clear(); });
  EXPECT_EQ(unknown.cancel_initiator, core::CancelInitiator::kUnknown);
}

TEST(SearchOrdersMapping, AmazonFulfilledAndUnshippedStatuses) {
  json::value doc = json::parse(Fixture(kSearch));
  json::object& order = doc.as_object().at("orders").as_array()[0].as_object();
  order.at("fulfillment").as_object()["fulfilledBy"] = "AMAZON";
  order.at("fulfillment").as_object()["fulfillmentStatus"] = "PARTIALLY_SHIPPED";
  auto page = MapSearchOrdersPage(json::serialize(doc), "a");
  ASSERT_TRUE(page);
  EXPECT_EQ(OrderAt(*page, 0).fulfillment, core::Fulfillment::kPlatform);
  EXPECT_EQ(OrderAt(*page, 0).status, core::OrderStatus::kUnshipped);
}

TEST(SearchOrdersMapping, BadInputNamesTheOrderAndField) {
  json::value doc = json::parse(Fixture(kSearch));
  doc.as_object().at("orders").as_array()[0].as_object()["createdTime"] = "yesterday";
  auto page = MapSearchOrdersPage(json::serialize(doc), "a");
  ASSERT_FALSE(page);
  EXPECT_EQ(page.error().kind, core::ErrorKind::kData);
  EXPECT_NE(page.error().message.find("123-4567890-1234567"), std::string::npos);
  EXPECT_NE(page.error().message.find("createdTime"), std::string::npos);

  auto broken = MapSearchOrdersPage(R"({"orders":[{"orderId":)", "a");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("malformed JSON"), std::string::npos);
}

TEST(GetOrdersMapping, OfficialExampleFieldByField) {
  auto page = MapGetOrdersPage(Fixture("orders_v0_getOrders_200_example.json"), "acme-us");
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_EQ(page->next_token, "2YgYW55IGNhcm5hbCBwbGVhc3VyZS4");
  ASSERT_EQ(page->orders.size(), 1u);
  const core::Order& o = OrderAt(*page, 0);
  EXPECT_EQ(o.id, "902-3159896-1390916");
  EXPECT_EQ(o.purchased_at, T("2017-01-20T19:49:35Z"));
  EXPECT_EQ(o.updated_at, T("2017-01-20T19:49:35Z"));
  EXPECT_EQ(o.status, core::OrderStatus::kPending);
  EXPECT_EQ(o.fulfillment, core::Fulfillment::kMerchant);
  EXPECT_EQ(o.ship_by, T("2017-01-25T19:49:35Z"));
  EXPECT_FALSE(o.deliver_by.has_value());
}

TEST(GetOrdersMapping, SandboxUnshippedOrders) {
  auto page = MapGetOrdersPage(Fixture("orders_v0_getOrders_200_sandbox_unshipped.json"), "a");
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_FALSE(page->next_token.has_value());
  ASSERT_EQ(page->orders.size(), 2u);
  EXPECT_EQ(OrderAt(*page, 0).id, "902-1845936-5435065");
  EXPECT_EQ(OrderAt(*page, 1).id, "902-8745147-1934268");
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_EQ(OrderAt(*page, i).status, core::OrderStatus::kUnshipped);
    EXPECT_EQ(OrderAt(*page, i).ship_by, T("1970-01-19T04:05:13Z"));
    EXPECT_EQ(OrderAt(*page, i).deliver_by, T("1970-01-19T04:15:17Z"));
  }
}

TEST(GetOrdersMapping, CanceledHasAnUnknownInitiatorAndAfnIsPlatform) {
  std::string body = Fixture("orders_v0_getOrders_200_example.json");
  json::value doc = json::parse(body);
  json::object& o =
      doc.as_object().at("payload").as_object().at("Orders").as_array()[0].as_object();
  o["OrderStatus"] = "Canceled";
  o["FulfillmentChannel"] = "AFN";
  auto page = MapGetOrdersPage(json::serialize(doc), "a");
  ASSERT_TRUE(page);
  EXPECT_EQ(OrderAt(*page, 0).status, core::OrderStatus::kCancelled);
  EXPECT_EQ(OrderAt(*page, 0).cancel_initiator, core::CancelInitiator::kUnknown);
  EXPECT_EQ(OrderAt(*page, 0).fulfillment, core::Fulfillment::kPlatform);
}

TEST(GetOrdersMapping, ErrorAnswerIsAnError) {
  auto page = MapGetOrdersPage(Fixture("orders_v0_getOrders_400_sandbox.json"), "a");
  ASSERT_FALSE(page);
  EXPECT_NE(page.error().message.find("payload"), std::string::npos);
}

}  // namespace
}  // namespace sellerwatch::sources::amazon
