// The Shopify order mapper against the fixtures in tests/data/shopify/, field by field, plus the
// cancel-reason, status and handling-time tables.

#include "sources/shopify/order_mapping.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <map>

#include "fakes/temp_dir.hpp"

namespace sellerwatch::sources::shopify {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;
using core::CancelInitiator;
using core::OrderStatus;

constexpr core::Duration k48h = 48h;

json::object Fixture(const std::string& name) {
  return json::parse(testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) + "/shopify/" + name))
      .as_object();
}

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

std::map<std::string, core::Order> Orders(const OrdersPage& page) {
  std::map<std::string, core::Order> out;
  for (const auto& e : page.orders) {
    const auto& o = std::get<core::Order>(e.event);
    EXPECT_EQ(out.count(o.id), 0u) << o.id;
    out[o.id] = o;
  }
  return out;
}

// One expected order: every field the mapper sets.
struct Expected {
  std::string id;
  OrderStatus status;
  std::string purchased_at;
  std::string updated_at;
  std::optional<std::string> ship_by;
  std::optional<std::string> shipped_at;
  std::optional<bool> tracking_valid;
  std::optional<std::string> delivered_at;
  std::optional<std::string> cancelled_at;
  std::optional<CancelInitiator> initiator;
};

std::optional<core::Timestamp> OptT(const std::optional<std::string>& s) {
  return s ? std::optional(T(*s)) : std::nullopt;
}

void ExpectOrder(const core::Order& o, const Expected& e) {
  SCOPED_TRACE("order " + e.id);
  EXPECT_EQ(o.account, "shop");
  EXPECT_EQ(o.id, e.id);
  EXPECT_EQ(o.status, e.status);
  EXPECT_EQ(o.fulfillment, core::Fulfillment::kMerchant);
  EXPECT_EQ(o.purchased_at, T(e.purchased_at));
  EXPECT_EQ(o.updated_at, T(e.updated_at));
  EXPECT_EQ(o.ship_by, OptT(e.ship_by));
  EXPECT_EQ(o.shipped_at, OptT(e.shipped_at));
  EXPECT_EQ(o.tracking_valid, e.tracking_valid);
  EXPECT_FALSE(o.deliver_by.has_value());  // Shopify promises no delivery date
  EXPECT_EQ(o.delivered_at, OptT(e.delivered_at));
  EXPECT_EQ(o.cancelled_at, OptT(e.cancelled_at));
  EXPECT_EQ(o.cancel_initiator, e.initiator);
}

TEST(ShopifyOrderMapping, FixturePageFieldByField) {
  auto page = MapOrdersPage(Fixture("graphql_orders_query_response_SYNTHETIC.json"), "shop", k48h);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_TRUE(page->has_next_page);
  EXPECT_EQ(page->end_cursor, "eyJsYXN0X2lkIjoxMDAzLCJsYXN0X3ZhbHVlIjoiMjAyNi0wMS0xMiJ9");
  EXPECT_EQ(page->newest, T("2026-01-13T15:30:00Z"));
  EXPECT_EQ(page->test_orders, 0u);
  auto orders = Orders(*page);
  ASSERT_EQ(orders.size(), 3u);
  const Expected table[] = {
      // Fulfilled 31 h after it was placed, tracked, delivered.
      {"1001",
       OrderStatus::kDelivered,
       "2026-01-10T09:00:00Z",
       "2026-01-13T15:30:00Z",
       "2026-01-12T09:00:00Z",
       "2026-01-11T16:00:00Z",
       true,
       "2026-01-13T15:30:00Z",
       {},
       {}},
      // Cancelled for lack of inventory: the merchant's fault.
      {"1002",
       OrderStatus::kCancelled,
       "2026-01-11T10:00:00Z",
       "2026-01-12T08:00:00Z",
       "2026-01-13T10:00:00Z",
       {},
       {},
       {},
       "2026-01-12T08:00:00Z",
       CancelInitiator::kSeller},
      // Not fulfilled yet.
      {"1003",
       OrderStatus::kUnshipped,
       "2026-01-12T11:00:00Z",
       "2026-01-12T11:00:05Z",
       "2026-01-14T11:00:00Z",
       {},
       {},
       {},
       {},
       {}},
  };
  for (const auto& e : table) ExpectOrder(orders.at(e.id), e);
  EXPECT_TRUE(orders.at("1002").seller_cancelled());
  // The canonical payload round-trips.
  auto decoded = core::DecodeEvent(page->orders[0].payload);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(std::get<core::Order>(*decoded).ship_by, orders.at("1001").ship_by);
}

TEST(ShopifyOrderMapping, SecondFixturePageFieldByField) {
  auto page = MapOrdersPage(Fixture("graphql_orders_more_SYNTHETIC.json"), "shop", k48h);
  ASSERT_TRUE(page) << page.error().message;
  EXPECT_FALSE(page->has_next_page);
  EXPECT_EQ(page->test_orders, 1u);
  EXPECT_EQ(page->newest, T("2026-01-12T10:05:00Z"));
  auto orders = Orders(*page);
  ASSERT_EQ(orders.size(), 4u);
  EXPECT_EQ(orders.count("1005"), 0u) << "test orders are not kept";
  const Expected table[] = {
      // Cancelled at the customer's request: the buyer's, not counted against the seller.
      {"1004",
       OrderStatus::kCancelled,
       "2026-01-09T12:00:00Z",
       "2026-01-09T14:00:00Z",
       "2026-01-11T12:00:00Z",
       {},
       {},
       {},
       "2026-01-09T14:00:00Z",
       CancelInitiator::kBuyer},
      // processedAt (not createdAt) is the purchase; fulfilled 74 h later: late against 48 h.
      {"1006",
       OrderStatus::kShipped,
       "2026-01-09T08:00:00Z",
       "2026-01-12T10:05:00Z",
       "2026-01-11T08:00:00Z",
       "2026-01-12T10:00:00Z",
       true,
       {},
       {},
       {}},
      {"1007",
       OrderStatus::kCancelled,
       "2026-01-10T20:00:00Z",
       "2026-01-10T20:30:00Z",
       "2026-01-12T20:00:00Z",
       {},
       {},
       {},
       "2026-01-10T20:30:00Z",
       CancelInitiator::kPlatform},
      // The cancelled fulfillment (earlier, with tracking) is ignored.
      {"1008",
       OrderStatus::kShipped,
       "2026-01-11T12:00:00Z",
       "2026-01-12T09:00:00Z",
       "2026-01-13T12:00:00Z",
       "2026-01-12T09:00:00Z",
       false,
       {},
       {},
       {}},
  };
  for (const auto& e : table) ExpectOrder(orders.at(e.id), e);
  EXPECT_FALSE(orders.at("1004").seller_cancelled());
  EXPECT_FALSE(orders.at("1007").seller_cancelled());
}

TEST(ShopifyOrderMapping, CancelReasonTable) {
  const std::pair<const char*, CancelInitiator> table[] = {
      {"CUSTOMER", CancelInitiator::kBuyer},   {"INVENTORY", CancelInitiator::kSeller},
      {"STAFF", CancelInitiator::kSeller},     {"OTHER", CancelInitiator::kSeller},
      {"DECLINED", CancelInitiator::kSeller},  {"FRAUD", CancelInitiator::kPlatform},
      {"", CancelInitiator::kUnknown},         {"SOMETHING_NEW", CancelInitiator::kUnknown},
      {"customer", CancelInitiator::kUnknown},  // the GraphQL enum is upper case
  };
  for (const auto& [reason, who] : table) EXPECT_EQ(CancelInitiatorOf(reason), who) << reason;
}

// The fixture's order #1001 with `edit` applied, mapped with `handling`.
core::Result<core::Order> Edited(const std::function<void(json::object& node)>& edit,
                                 core::Duration handling = k48h) {
  json::object doc = Fixture("graphql_orders_query_response_SYNTHETIC.json");
  json::object& node = doc.at("data").at("orders").at("edges").as_array()[0].at("node").as_object();
  edit(node);
  return MapOrder(node, "shop", handling);
}

TEST(ShopifyOrderMapping, CancelledOrdersTakeTheInitiatorFromTheReason) {
  for (const char* reason : {"CUSTOMER", "INVENTORY", "STAFF", "OTHER", "DECLINED", "FRAUD"}) {
    auto o = Edited([&](json::object& n) {
      n["cancelledAt"] = "2026-01-10T10:00:00Z";
      n["cancelReason"] = reason;
    });
    ASSERT_TRUE(o) << o.error().message;
    EXPECT_EQ(o->status, OrderStatus::kCancelled) << reason;
    EXPECT_EQ(o->cancelled_at, T("2026-01-10T10:00:00Z"));
    EXPECT_EQ(o->cancel_initiator, CancelInitiatorOf(reason));
    EXPECT_EQ(o->seller_cancelled(),
              std::string_view(reason) != "CUSTOMER" && std::string_view(reason) != "FRAUD")
        << reason;
  }
  auto no_reason = Edited([](json::object& n) { n["cancelledAt"] = "2026-01-10T10:00:00Z"; });
  ASSERT_TRUE(no_reason);
  EXPECT_EQ(no_reason->cancel_initiator, CancelInitiator::kUnknown);
  EXPECT_TRUE(no_reason->seller_cancelled());
}

TEST(ShopifyOrderMapping, StatusTable) {
  struct Row {
    const char* display;
    bool keep_fulfillments;
    OrderStatus status;
    bool has_ship_by;
  };
  const Row table[] = {
      {"FULFILLED", true, OrderStatus::kDelivered, true},
      {"PARTIALLY_FULFILLED", true, OrderStatus::kUnshipped, true},
      {"UNFULFILLED", false, OrderStatus::kUnshipped, true},
      {"IN_PROGRESS", false, OrderStatus::kUnshipped, true},
      {"ON_HOLD", false, OrderStatus::kUnshipped, true},
      {"OPEN", false, OrderStatus::kUnshipped, true},
      {"PENDING_FULFILLMENT", false, OrderStatus::kUnshipped, true},
      {"REQUEST_DECLINED", false, OrderStatus::kUnshipped, true},
      {"A_NEW_STATUS", false, OrderStatus::kUnshipped, true},
      {"SCHEDULED", false, OrderStatus::kPending, false},
      {"RESTOCKED", false, OrderStatus::kPending, false},
      {"RESTOCKED", true, OrderStatus::kShipped, true},
  };
  for (const auto& row : table) {
    auto o = Edited([&](json::object& n) {
      n["displayFulfillmentStatus"] = row.display;
      if (!row.keep_fulfillments) n["fulfillments"] = json::array();
    });
    ASSERT_TRUE(o) << o.error().message;
    EXPECT_EQ(o->status, row.status) << row.display << " " << row.keep_fulfillments;
    EXPECT_EQ(o->ship_by.has_value(), row.has_ship_by) << row.display;
    EXPECT_EQ(o->shipped_at.has_value(), row.keep_fulfillments) << row.display;
  }
}

TEST(ShopifyOrderMapping, DeliveryNeedsEveryFulfillmentDelivered) {
  auto in_transit = Edited([](json::object& n) {
    json::object& f = n.at("fulfillments").as_array()[0].as_object();
    f["displayStatus"] = "IN_TRANSIT";
    f["deliveredAt"] = nullptr;
  });
  ASSERT_TRUE(in_transit);
  EXPECT_EQ(in_transit->status, OrderStatus::kShipped);
  EXPECT_FALSE(in_transit->delivered_at.has_value());
  // DELIVERED without a date: the order's last update is the upper bound.
  auto undated = Edited([](json::object& n) {
    n.at("fulfillments").as_array()[0].as_object()["deliveredAt"] = nullptr;
  });
  ASSERT_TRUE(undated);
  EXPECT_EQ(undated->status, OrderStatus::kDelivered);
  EXPECT_EQ(undated->delivered_at, T("2026-01-13T15:30:00Z"));
  // A second fulfillment still on its way.
  auto split = Edited([](json::object& n) {
    json::array& list = n.at("fulfillments").as_array();
    json::value second = list[0];
    second.as_object()["createdAt"] = "2026-01-11T12:00:00Z";
    second.as_object()["displayStatus"] = "IN_TRANSIT";
    second.as_object()["deliveredAt"] = nullptr;
    second.as_object()["trackingInfo"] = json::array();
    list.push_back(second);
  });
  ASSERT_TRUE(split);
  EXPECT_EQ(split->status, OrderStatus::kShipped);
  EXPECT_EQ(split->shipped_at, T("2026-01-11T12:00:00Z"));  // the earliest fulfillment
  EXPECT_EQ(split->tracking_valid, true);                   // any tracking number
}

TEST(ShopifyOrderMapping, HandlingTimeGivesShipBy) {
  const std::pair<core::Duration, const char*> table[] = {
      {48h, "2026-01-12T09:00:00Z"},
      {24h, "2026-01-11T09:00:00Z"},
      {72h + 30min, "2026-01-13T09:30:00Z"},
  };
  for (const auto& [handling, ship_by] : table) {
    auto o = Edited([](json::object&) {}, handling);
    ASSERT_TRUE(o);
    EXPECT_EQ(o->ship_by, T(ship_by)) << core::FormatDuration(handling);
  }
  // Without processedAt, from createdAt.
  auto created = Edited([](json::object& n) {
    n["processedAt"] = nullptr;
    n["createdAt"] = "2026-01-10T06:00:00Z";
  });
  ASSERT_TRUE(created);
  EXPECT_EQ(created->purchased_at, T("2026-01-10T06:00:00Z"));
  EXPECT_EQ(created->ship_by, T("2026-01-12T06:00:00Z"));
  // An imported order processed before it was created in Shopify: processedAt wins.
  auto imported = Edited([](json::object& n) { n["processedAt"] = "2026-01-08T00:00:00Z"; });
  ASSERT_TRUE(imported);
  EXPECT_EQ(imported->ship_by, T("2026-01-10T00:00:00Z"));
}

TEST(ShopifyOrderMapping, NodesListAndForeignIdsAreRead) {
  json::object doc = Fixture("graphql_orders_query_response_SYNTHETIC.json");
  json::object& orders = doc.at("data").at("orders").as_object();
  json::array nodes;
  for (auto& e : orders.at("edges").as_array()) nodes.push_back(e.at("node"));
  nodes[0].as_object()["id"] = "not-a-gid";
  orders.erase("edges");
  orders["nodes"] = std::move(nodes);
  auto page = MapOrdersPage(doc, "shop", k48h);
  ASSERT_TRUE(page) << page.error().message;
  auto mapped = Orders(*page);
  EXPECT_EQ(mapped.size(), 3u);
  EXPECT_EQ(mapped.count("not-a-gid"), 1u);
}

TEST(ShopifyOrderMapping, BadInputNamesTheOrderAndField) {
  auto bad = Edited([](json::object& n) { n["updatedAt"] = "yesterday"; });
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, core::ErrorKind::kData);
  EXPECT_NE(bad.error().message.find("order 1001"), std::string::npos) << bad.error().message;
  EXPECT_NE(bad.error().message.find("updatedAt"), std::string::npos);
  auto fulfillment = Edited(
      [](json::object& n) { n.at("fulfillments").as_array()[0].as_object().erase("createdAt"); });
  ASSERT_FALSE(fulfillment);
  EXPECT_NE(fulfillment.error().message.find("order 1001 fulfillment"), std::string::npos)
      << fulfillment.error().message;
  auto no_data = MapOrdersPage(Fixture("graphql_throttled_response_example.json"), "shop", k48h);
  ASSERT_FALSE(no_data);
  EXPECT_NE(no_data.error().message.find("data.orders"), std::string::npos);
}

}  // namespace
}  // namespace sellerwatch::sources::shopify
