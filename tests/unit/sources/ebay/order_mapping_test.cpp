// getOrders, getShippingFulfillments and the Post-Order join, mapped field by field against the
// fixtures in tests/data/ebay/.

#include "sources/ebay/order_mapping.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fakes/temp_dir.hpp"
#include "sources/ebay/cancellation_mapping.hpp"

namespace sellerwatch::sources::ebay {
namespace {
namespace json = boost::json;
using core::CancelInitiator;
using core::OrderStatus;

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

std::string Fixture(const std::string& name) {
  return testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) + "/ebay/" + name);
}

json::object Order(std::string_view text) { return json::parse(text).as_object(); }

TEST(EbayOrdersPage, FixtureParsesWithItsNewestModification) {
  auto page = ParseOrdersPage(Fixture("fulfillment_getOrders_SYNTHETIC.json"));
  ASSERT_TRUE(page) << page.error().message;
  ASSERT_EQ(page->orders.size(), 3u);
  EXPECT_FALSE(page->next.has_value());
  EXPECT_EQ(page->newest, T("2026-01-11T20:00:05Z"));
  EXPECT_EQ(OrderIdOf(page->orders[0]), "00-00000-00001");
  EXPECT_TRUE(HasShipped(page->orders[0]));
  EXPECT_FALSE(HasShipped(page->orders[1]));
  EXPECT_TRUE(IsCancelled(page->orders[1]));
  EXPECT_FALSE(IsCancelled(page->orders[2]));
  EXPECT_EQ(CreatedAt(page->orders[2]), T("2026-01-11T20:00:00Z"));
}

TEST(EbayOrdersPage, NextAndBrokenAnswers) {
  auto paged =
      ParseOrdersPage(R"({"total":9,"next":"https://api.ebay.com/x?offset=3","orders":[]})");
  ASSERT_TRUE(paged);
  EXPECT_EQ(paged->next, "https://api.ebay.com/x?offset=3");
  EXPECT_FALSE(paged->newest.has_value());
  auto none = ParseOrdersPage(R"({"total":0})");
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->orders.empty());
  struct Case {
    const char* body;
    const char* error;
  };
  for (const auto& [body, error] : std::vector<Case>{
           {R"({"orders":[{"orderId":"1",)", "getOrders: malformed JSON"},
           {R"([1,2])", "getOrders: not a JSON object"},
           {R"({"orders":{}})", "'orders' is not an array"},
           {R"({"errors":[{"errorId":1}]})", "carries errors instead of orders"},
           {R"({"orders":[{"creationDate":"2026-01-01T00:00:00Z"}]})", "without orderId"},
           {R"({"orders":[{"orderId":"7"}]})", "order 7: field 'lastModifiedDate' is missing"},
       }) {
    auto r = ParseOrdersPage(body);
    ASSERT_FALSE(r) << body;
    EXPECT_EQ(r.error().kind, core::ErrorKind::kData);
    EXPECT_NE(r.error().message.find(error), std::string::npos) << r.error().message;
  }
}

TEST(EbayOrderMapping, FixtureOrdersFieldByField) {
  auto page = ParseOrdersPage(Fixture("fulfillment_getOrders_SYNTHETIC.json"));
  ASSERT_TRUE(page);
  auto shipment =
      ParseShippingFulfillments(Fixture("shipping_fulfillments_SYNTHETIC.json"), "00-00000-00001");
  ASSERT_TRUE(shipment) << shipment.error().message;
  CancellationIndex none;

  struct Expect {
    const char* id;
    OrderStatus status;
    const char* purchased;
    const char* updated;
    std::optional<const char*> ship_by, deliver_by, shipped_at, cancelled_at;
    std::optional<bool> tracking;
    std::optional<CancelInitiator> initiator;
  };
  const std::vector<Expect> expected = {
      {"00-00000-00001", OrderStatus::kShipped, "2026-01-10T09:00:00Z", "2026-01-11T15:30:00Z",
       "2026-01-12T07:59:59Z", "2026-01-16T08:00:00Z", "2026-01-11T15:00:00Z", std::nullopt, true,
       std::nullopt},
      // Not in Post-Order (empty index): its own cancelRequests say SELLER.
      {"00-00000-00002", OrderStatus::kCancelled, "2026-01-10T11:00:00Z", "2026-01-11T10:00:00Z",
       "2026-01-12T07:59:59Z", std::nullopt, std::nullopt, "2026-01-11T10:00:00Z", std::nullopt,
       CancelInitiator::kSeller},
      {"00-00000-00003", OrderStatus::kUnshipped, "2026-01-11T20:00:00Z", "2026-01-11T20:00:05Z",
       "2026-01-13T07:59:59Z", std::nullopt, std::nullopt, std::nullopt, std::nullopt,
       std::nullopt},
  };
  auto opt = [](std::optional<const char*> s) {
    return s ? std::optional<core::Timestamp>(T(*s)) : std::nullopt;
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const Expect& e = expected[i];
    SCOPED_TRACE(e.id);
    auto o =
        MapOrder(page->orders[i], "shop", HasShipped(page->orders[i]) ? &*shipment : nullptr, none);
    ASSERT_TRUE(o) << o.error().message;
    EXPECT_EQ(o->account, "shop");
    EXPECT_EQ(o->id, e.id);
    EXPECT_EQ(o->status, e.status);
    EXPECT_EQ(o->fulfillment, core::Fulfillment::kMerchant);
    EXPECT_EQ(o->purchased_at, T(e.purchased));
    EXPECT_EQ(o->updated_at, T(e.updated));
    EXPECT_EQ(o->ship_by, opt(e.ship_by));
    EXPECT_EQ(o->deliver_by, opt(e.deliver_by));
    EXPECT_EQ(o->shipped_at, opt(e.shipped_at));
    EXPECT_EQ(o->tracking_valid, e.tracking);
    EXPECT_EQ(o->cancelled_at, opt(e.cancelled_at));
    EXPECT_EQ(o->cancel_initiator, e.initiator);
    EXPECT_FALSE(o->delivered_at.has_value());  // eBay reports no delivery
  }
}

TEST(EbayOrderMapping, StatusTable) {
  struct Case {
    const char* fulfillment;
    const char* cancel_state;
    OrderStatus status;
  };
  for (const auto& [fulfillment, cancel_state, status] : std::vector<Case>{
           {"NOT_STARTED", "NONE_REQUESTED", OrderStatus::kUnshipped},
           {"IN_PROGRESS", "NONE_REQUESTED", OrderStatus::kShipped},
           {"FULFILLED", "NONE_REQUESTED", OrderStatus::kShipped},
           {"NOT_STARTED", "IN_PROGRESS", OrderStatus::kUnshipped},  // only requested
           {"NOT_STARTED", "CANCELED", OrderStatus::kCancelled},
           {"SOMETHING_NEW", "NONE_REQUESTED", OrderStatus::kPending},
       }) {
    auto o = MapOrder(Order(fmt::format(R"({{"orderId":"1","creationDate":"2026-01-01T00:00:00Z",)"
                                        R"("lastModifiedDate":"2026-01-02T00:00:00Z",)"
                                        R"("orderFulfillmentStatus":"{}",)"
                                        R"("cancelStatus":{{"cancelState":"{}"}}}})",
                                        fulfillment, cancel_state)),
                      "a", nullptr, CancellationIndex());
    ASSERT_TRUE(o) << o.error().message;
    EXPECT_EQ(o->status, status) << fulfillment << " " << cancel_state;
  }
}

TEST(EbayOrderMapping, DeadlinesOverSeveralLinesAndWithoutCancelledDate) {
  auto o = MapOrder(Order(R"({"orderId":"9","creationDate":"2026-01-01T00:00:00.000Z",
      "lastModifiedDate":"2026-01-05T00:00:00.000Z","orderFulfillmentStatus":"NOT_STARTED",
      "cancelStatus":{"cancelState":"CANCELED","cancelRequests":[]},
      "lineItems":[
        {"lineItemFulfillmentInstructions":{"shipByDate":"2026-01-03T07:59:59.000Z",
                                            "maxEstimatedDeliveryDate":"2026-01-08T08:00:00.000Z"}},
        {"lineItemFulfillmentInstructions":{"shipByDate":"2026-01-02T07:59:59.000Z",
                                            "maxEstimatedDeliveryDate":"2026-01-09T08:00:00.000Z"}},
        {"lineItemFulfillmentInstructions":{}}]})"),
                    "a", nullptr, CancellationIndex());
  ASSERT_TRUE(o) << o.error().message;
  EXPECT_EQ(o->ship_by, T("2026-01-02T07:59:59Z"));       // the earliest
  EXPECT_EQ(o->deliver_by, T("2026-01-09T08:00:00Z"));    // the latest
  EXPECT_EQ(o->cancelled_at, T("2026-01-05T00:00:00Z"));  // no cancelledDate: last modification
  EXPECT_EQ(o->cancel_initiator, CancelInitiator::kUnknown);
  EXPECT_TRUE(o->seller_cancelled());  // unknown counts against the seller, as eBay counts it

  auto fallback = MapOrder(Order(R"({"orderId":"9","creationDate":"2026-01-01T00:00:00Z",
      "lastModifiedDate":"2026-01-05T00:00:00Z","orderFulfillmentStatus":"NOT_STARTED",
      "fulfillmentStartInstructions":[{"maxEstimatedDeliveryDate":"2026-01-07T08:00:00Z"}]})"),
                           "a", nullptr, CancellationIndex());
  ASSERT_TRUE(fallback);
  EXPECT_EQ(fallback->deliver_by, T("2026-01-07T08:00:00Z"));
  EXPECT_FALSE(fallback->ship_by.has_value());
}

TEST(EbayOrderMapping, BadDatesNameTheOrderAndField) {
  auto bad = MapOrder(Order(R"({"orderId":"12-3","creationDate":"yesterday",
      "lastModifiedDate":"2026-01-05T00:00:00Z"})"),
                      "a", nullptr, CancellationIndex());
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().kind, core::ErrorKind::kData);
  EXPECT_NE(bad.error().message.find("order 12-3: field 'creationDate'"), std::string::npos)
      << bad.error().message;
  auto line = MapOrder(Order(R"({"orderId":"12-4","creationDate":"2026-01-01T00:00:00Z",
      "lastModifiedDate":"2026-01-05T00:00:00Z",
      "lineItems":[{"lineItemFulfillmentInstructions":{"shipByDate":42}}]})"),
                       "a", nullptr, CancellationIndex());
  ASSERT_FALSE(line);
  EXPECT_NE(line.error().message.find("order 12-4: field 'shipByDate'"), std::string::npos);
}

TEST(EbayShippingFulfillments, EarliestShipmentAndAnyTracking) {
  auto two = ParseShippingFulfillments(R"({"fulfillments":[
      {"fulfillmentId":"b","shippedDate":"2026-01-12T10:00:00.000Z"},
      {"fulfillmentId":"a","shippedDate":"2026-01-11T10:00:00.000Z","shipmentTrackingNumber":"1Z"}],
      "total":2})",
                                       "o-1");
  ASSERT_TRUE(two) << two.error().message;
  EXPECT_TRUE(two->any);
  EXPECT_EQ(two->shipped_at, T("2026-01-11T10:00:00Z"));
  EXPECT_TRUE(two->tracked);
  auto untracked = ParseShippingFulfillments(
      R"({"fulfillments":[{"shippedDate":"2026-01-12T10:00:00Z"}]})", "o");
  ASSERT_TRUE(untracked);
  EXPECT_FALSE(untracked->tracked);
  auto none = ParseShippingFulfillments(R"({"fulfillments":[],"total":0})", "o");
  ASSERT_TRUE(none);
  EXPECT_FALSE(none->any);
  // An order that says FULFILLED but has no fulfillment yet: shipped, tracking not known.
  auto o = MapOrder(Order(R"({"orderId":"1","creationDate":"2026-01-01T00:00:00Z",
      "lastModifiedDate":"2026-01-02T00:00:00Z","orderFulfillmentStatus":"FULFILLED"})"),
                    "a", &*none, CancellationIndex());
  ASSERT_TRUE(o);
  EXPECT_FALSE(o->tracking_valid.has_value());
  EXPECT_FALSE(o->shipped_at.has_value());
  auto broken = ParseShippingFulfillments(R"({"fulfillments":[{"shippedDate":"soon"}]})", "o-9");
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("shipping fulfillments of order o-9"), std::string::npos)
      << broken.error().message;
  EXPECT_FALSE(ParseShippingFulfillments("{\"fulfillments\":", "o"));
}

}  // namespace
}  // namespace sellerwatch::sources::ebay
