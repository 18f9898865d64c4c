// The order list and order detail mapped field by field against the fixtures in
// tests/data/aliexpress/ (US Pacific times: March 2 is still PST, UTC-8).

#include "sources/aliexpress/order_mapping.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fakes/temp_dir.hpp"
#include "sources/aliexpress/envelope.hpp"
#include "sources/aliexpress/pacific_time.hpp"

namespace sellerwatch::sources::aliexpress {
namespace {
namespace json = boost::json;
using core::CancelInitiator;
using core::OrderStatus;
using Opt = std::optional<core::Timestamp>;

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

json::object Response(const std::string& name) {
  auto answer = ParseAnswer(
      testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) + "/aliexpress/" + name), "test");
  EXPECT_TRUE(answer);
  return answer->response;
}

OrderListPage FixturePage() {
  auto page = ParseOrderListPage(Response("trade_seller_orderlist_get_response_SYNTHETIC.json"),
                                 "test", 50);
  EXPECT_TRUE(page) << page.error().message;
  return *page;
}

json::object OrderNo(int n) {
  for (auto& o : FixturePage().orders)
    if (OrderIdOf(o) == "810000000000000" + std::to_string(n)) return o;
  ADD_FAILURE() << "no order " << n;
  return {};
}

TEST(AliExpressOrderList, FixturePageWithItsAnswerTime) {
  OrderListPage page = FixturePage();
  ASSERT_EQ(page.orders.size(), 6u);
  EXPECT_EQ(page.total_page, 1);
  EXPECT_EQ(page.answered_at, T("2026-03-02T18:30:00Z"));
  EXPECT_EQ(OrderIdOf(page.orders[0]), "8100000000000001");
  EXPECT_EQ(*UpdatedAtOf(page.orders[0]), T("2026-03-02T18:16:12Z"));
}

TEST(AliExpressOrderList, VerbatimSampleAndPageCounts) {
  // solution.order.get has the same result block; its time_stamp "1" is no time.
  auto page = ParseOrderListPage(Response("solution_order_get_response_example.json"), "test", 50);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->orders.size(), 1u);
  EXPECT_FALSE(page->answered_at.has_value());
  auto order = MapOrder(page->orders[0], "ae", T("2026-03-02T18:30:00Z"), nullptr);
  ASSERT_TRUE(order) << order.error().message;
  EXPECT_EQ(order->id, "1160045860056286");
  EXPECT_EQ(order->status, OrderStatus::kPending);            // PLACE_ORDER_SUCCESS
  EXPECT_EQ(order->purchased_at, T("2017-10-12T19:12:12Z"));  // PDT
  EXPECT_EQ(order->ship_by, T("2017-10-15T19:12:12Z"));       // paid + 3 handling days

  auto counted = json::parse(R"({"result":{"success":true,"total_count":101,"target_list":[]}})");
  EXPECT_EQ(ParseOrderListPage(counted.as_object(), "test", 50)->total_page, 3);
}

// Found reviewing aliexpress_fuzz (issue 17), then reached by it: total_count near INT64_MAX
// overflowed the rounding up (UB). Page counts are clamped to int.
TEST(AliExpressOrderList, HostilePageCountsAreClamped) {
  struct Case {
    const char* result;
    int pages;
  } cases[] = {
      {R"({"total_count":9223372036854775807})", 2147483647},
      {R"({"total_count":-5})", 0},
      {R"({"total_count":"100"})", 2},
      {R"({"total_page":9223372036854775807})", 2147483647},
      {R"({"total_page":-9223372036854775807})", 0},
  };
  for (const auto& c : cases) {
    auto response = json::parse(std::string(R"({"result":)") + c.result + "}").as_object();
    auto page = ParseOrderListPage(response, "test", 50);
    ASSERT_TRUE(page) << c.result;
    EXPECT_EQ(page->total_page, c.pages) << c.result;
  }
}

TEST(AliExpressOrderList, BusinessFailureAndBadShapes) {
  auto failed =
      json::parse(R"({"result":{"success":false,"error_code":"E1","error_message":"m"}})");
  auto r = ParseOrderListPage(failed.as_object(), "POST u", 50);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kPermanent);
  EXPECT_EQ(r.error().message, "POST u: business error E1: m");
  EXPECT_FALSE(ParseOrderListPage(json::parse(R"({"x":1})").as_object(), "u", 50));
  EXPECT_FALSE(ParseOrderListPage(
      json::parse(R"({"result":{"target_list":{"a":[{"no_id":1}]}}})").as_object(), "u", 50));
  EXPECT_FALSE(
      ParseOrderListPage(json::parse(R"({"result":{"target_list":"x"}})").as_object(), "u", 50));
}

struct Expected {
  int n;
  OrderStatus status;
  Opt ship_by;
  Opt shipped_at;
  Opt delivered_at;
  Opt cancelled_at;
  std::optional<CancelInitiator> initiator;
  std::string cancel_reason;
};

TEST(AliExpressOrderMapping, EveryFixtureOrderFieldByField) {
  const core::Timestamp answered = T("2026-03-02T18:30:00Z");
  for (const auto& e : std::vector<Expected>{
           // Awaiting shipment: the countdown (192600000 ms = 53.5 h) from the answer time.
           {1, OrderStatus::kUnshipped, T("2026-03-05T00:00:00Z"), {}, {}, {}, {}, ""},
           // Shipped: paid 02-20 08:01:30 + 3 handling days; shipped 02-22 19:40.
           {2,
            OrderStatus::kShipped,
            T("2026-02-23T16:01:30Z"),
            T("2026-02-23T03:40:00Z"),
            {},
            {},
            {},
            ""},
           // The buyer asked to cancel: not cancelled yet; its countdown is the request's.
           {3, OrderStatus::kUnshipped, T("2026-03-05T05:06:00Z"), {}, {}, {}, {}, ""},
           {4,
            OrderStatus::kShipped,
            T("2026-01-31T20:02:00Z"),
            T("2026-01-30T18:00:00Z"),
            {},
            {},
            {},
            ""},
           // "No sale after transaction": the seller's fault.
           {5,
            OrderStatus::kCancelled,
            T("2026-02-13T17:01:00Z"),
            {},
            {},
            T("2026-02-17T17:01:00Z"),
            CancelInitiator::kSeller,
            "ship_timeout"},
           {6,
            OrderStatus::kDelivered,
            T("2026-01-08T22:01:00Z"),
            T("2026-01-06T19:00:00Z"),
            T("2026-01-26T00:00:00Z"),
            {},
            {},
            ""},
       }) {
    SCOPED_TRACE(e.n);
    json::object o = OrderNo(e.n);
    auto order = MapOrder(o, "acme-ae", answered, nullptr);
    ASSERT_TRUE(order) << order.error().message;
    EXPECT_EQ(order->account, "acme-ae");
    EXPECT_EQ(order->id, "810000000000000" + std::to_string(e.n));
    EXPECT_EQ(order->fulfillment, core::Fulfillment::kMerchant);
    EXPECT_EQ(order->status, e.status);
    EXPECT_EQ(order->ship_by, e.ship_by);
    EXPECT_EQ(order->shipped_at, e.shipped_at);
    EXPECT_EQ(order->delivered_at, e.delivered_at);
    EXPECT_EQ(order->cancelled_at, e.cancelled_at);
    EXPECT_EQ(order->cancel_initiator, e.initiator);
    EXPECT_EQ(order->cancel_reason, e.cancel_reason);
    EXPECT_EQ(order->purchased_at, *ParsePacific(o.at("gmt_create").as_string()));
    EXPECT_EQ(order->updated_at, *UpdatedAtOf(o));
    EXPECT_FALSE(order->tracking_valid.has_value());
  }
}

TEST(AliExpressOrderMapping, OverdueCountdownAndSecondsRoundedDown) {
  json::object o = OrderNo(1);
  o["timeout_left_time"] = -3600500;  // an hour (and a half second) overdue
  auto order = MapOrder(o, "a", T("2026-03-02T18:30:10Z"), nullptr);
  EXPECT_EQ(order->ship_by, T("2026-03-02T17:30:00Z"));
  o.erase("timeout_left_time");  // no countdown: the handling time from payment
  EXPECT_EQ(MapOrder(o, "a", T("2026-03-02T18:30:10Z"), nullptr)->ship_by,
            T("2026-03-05T18:16:12Z"));
}

TEST(AliExpressOrderMapping, DetailGivesCloseAndConfirmationTimes) {
  auto detail = ParseOrderDetail(Response("solution_order_info_get_response_SYNTHETIC.json"),
                                 "8100000000000006");
  ASSERT_TRUE(detail) << detail.error().message;
  EXPECT_EQ(detail->end_reason, "buyer_accept_goods");
  EXPECT_EQ(detail->trade_end, T("2026-01-26T00:00:00Z"));
  EXPECT_EQ(detail->buyer_confirmed, T("2026-01-26T00:00:00Z"));
  EXPECT_EQ(detail->first_shipped, T("2026-01-06T19:00:00Z"));

  // The confirmation wins over the list's gmt_update, the shipment fills a missing send time.
  json::object o = OrderNo(6);
  o.erase("gmt_send_goods_time");
  o["product_list"].as_object()["order_product_dto"].as_array()[0].as_object().erase(
      "send_goods_time");
  OrderDetail d = *detail;
  d.buyer_confirmed = T("2026-01-25T12:00:00Z");
  auto order = MapOrder(o, "a", T("2026-03-02T18:30:00Z"), &d);
  EXPECT_EQ(order->status, OrderStatus::kDelivered);
  EXPECT_EQ(order->delivered_at, T("2026-01-25T12:00:00Z"));
  EXPECT_EQ(order->shipped_at, T("2026-01-06T19:00:00Z"));
  d.buyer_confirmed.reset();  // auto-confirmed: no log entry, the close time
  d.trade_end = T("2026-01-25T13:00:00Z");
  EXPECT_EQ(MapOrder(o, "a", T("2026-03-02T18:30:00Z"), &d)->delivered_at,
            T("2026-01-25T13:00:00Z"));

  json::object closed = OrderNo(5);
  OrderDetail end{"seller_send_goods_timeout", T("2026-02-17T17:30:00Z"), {}, {}};
  EXPECT_EQ(MapOrder(closed, "a", T("2026-03-02T18:30:00Z"), &end)->cancelled_at,
            T("2026-02-17T17:30:00Z"));
  // An end reason only the detail knows.
  closed.erase("end_reason");
  EXPECT_EQ(MapOrder(closed, "a", T("2026-03-02T18:30:00Z"), &end)->cancel_reason, "ship_timeout");
  EXPECT_EQ(MapOrder(closed, "a", T("2026-03-02T18:30:00Z"), &end)->cancel_initiator,
            CancelInitiator::kSeller);
}

TEST(AliExpressOrderMapping, EndReasons) {
  struct Case {
    const char* reason;
    bool shipped;
    std::optional<CancelInitiator> initiator;  // nullopt: not a cancellation
    const char* cancel_reason;
  };
  for (const auto& c : std::vector<Case>{
           {"seller_send_goods_timeout", false, CancelInitiator::kSeller, "ship_timeout"},
           {"buyer_accept_goods", true, std::nullopt, ""},
           {"buyer_accept_goods_timeout", true, std::nullopt, ""},
           {"buyer_confirm_goods", true, std::nullopt, ""},
           {"cancel_order_close_trade", false, CancelInitiator::kBuyer, "cancel_order_close_trade"},
           {"buyer_cancel_order", false, CancelInitiator::kBuyer, "buyer_cancel_order"},
           {"buyer_cancel_notpay_order", false, CancelInitiator::kBuyer,
            "buyer_cancel_notpay_order"},
           {"buyer_cancel_order_in_risk", false, CancelInitiator::kBuyer,
            "buyer_cancel_order_in_risk"},
           {"buyer_pay_timeout", false, CancelInitiator::kBuyer, "buyer_pay_timeout"},
           {"pay_timeout", false, CancelInitiator::kBuyer, "pay_timeout"},
           {"risk_reject_closed", false, CancelInitiator::kPlatform, "risk_reject_closed"},
           {"seller_response_issue_timeout", true, std::nullopt, ""},
           {"seller_accept_issue_no_goods_return", false, CancelInitiator::kSeller,
            "seller_accept_issue_no_goods_return"},
           {"something_new", true, std::nullopt, ""},
           {"something_new", false, CancelInitiator::kUnknown, "something_new"},
           {"", false, CancelInitiator::kUnknown, ""},
       }) {
    SCOPED_TRACE(std::string(c.reason) + (c.shipped ? " shipped" : ""));
    auto read = ReadEndReason(c.reason, c.shipped);
    EXPECT_EQ(read.has_value(), c.initiator.has_value());
    if (read) {
      EXPECT_EQ(read->initiator, *c.initiator);
      EXPECT_EQ(read->reason, c.cancel_reason);
    }
  }
}

TEST(AliExpressOrderMapping, OtherStatuses) {
  struct Case {
    const char* status;
    const char* logistics;
    bool send_time;
    OrderStatus expected;
  };
  for (const auto& c : std::vector<Case>{
           {"PLACE_ORDER_SUCCESS", "NO_LOGISTICS", false, OrderStatus::kPending},
           {"RISK_CONTROL", "NO_LOGISTICS", false, OrderStatus::kPending},
           {"SELLER_PART_SEND_GOODS", "SELLER_SEND_PART_GOODS", true, OrderStatus::kShipped},
           {"FUND_PROCESSING", "BUYER_ACCEPT_GOODS", true, OrderStatus::kDelivered},
           {"IN_FROZEN", "WAIT_SELLER_SEND_GOODS", false, OrderStatus::kUnshipped},
           {"IN_CANCEL", "SELLER_SEND_GOODS", true, OrderStatus::kShipped},
           {"FINISH", "SELLER_SEND_GOODS", true, OrderStatus::kShipped},  // no end reason
       }) {
    SCOPED_TRACE(c.status);
    json::object o = OrderNo(2);
    o["order_status"] = c.status;
    o["logistics_status"] = c.logistics;
    o.erase("end_reason");
    if (!c.send_time) {
      o.erase("gmt_send_goods_time");
      o["product_list"].as_object()["order_product_dto"].as_array()[0].as_object().erase(
          "send_goods_time");
    }
    auto order = MapOrder(o, "a", T("2026-03-02T18:30:00Z"), nullptr);
    ASSERT_TRUE(order) << order.error().message;
    EXPECT_EQ(order->status, c.expected);
  }
}

TEST(AliExpressOrderMapping, BadTimesNameTheOrderAndField) {
  json::object o = OrderNo(2);
  o["gmt_send_goods_time"] = "2026-02-22T19:40:00Z";
  auto order = MapOrder(o, "a", T("2026-03-02T18:30:00Z"), nullptr);
  ASSERT_FALSE(order);
  EXPECT_EQ(order.error().kind, core::ErrorKind::kData);
  EXPECT_TRUE(order.error().message.starts_with(
      "order 8100000000000002: field 'gmt_send_goods_time': expected a US Pacific time"))
      << order.error().message;
  o = OrderNo(2);
  o.erase("gmt_create");
  EXPECT_EQ(MapOrder(o, "a", T("2026-03-02T18:30:00Z"), nullptr).error().message,
            "order 8100000000000002: field 'gmt_create' is missing");
}

}  // namespace
}  // namespace sellerwatch::sources::aliexpress
