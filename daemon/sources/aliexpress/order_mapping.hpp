#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/event.hpp"

namespace sellerwatch::sources::aliexpress {

// One page of `aliexpress.trade.seller.orderlist.get` (result{…, target_list}).
struct OrderListPage {
  std::vector<boost::json::object> orders;  // as sent: mapped once their details are known
  int total_page = 0;                       // total_page, else from total_count and page_size
  // result.time_stamp, the moment `timeout_left_time` counts from, when it is a readable time.
  std::optional<core::Timestamp> answered_at;
};
// Errors (kData) name `where`; a business failure (result.success false) is kPermanent.
core::Result<OrderListPage> ParseOrderListPage(const boost::json::object& response,
                                               std::string_view where, int page_size);

// The parent order id as text ("8100000000000001"): the id the seller sees.
std::string OrderIdOf(const boost::json::object& order);
// gmt_update (US Pacific), else gmt_create: the order's version.
core::Result<core::Timestamp> UpdatedAtOf(const boost::json::object& order);

// What `aliexpress.solution.order.info.get` knows and the list does not.
struct OrderDetail {
  std::string end_reason;                          // order_end_reason
  std::optional<core::Timestamp> trade_end;        // gmt_trade_end: when the order closed
  std::optional<core::Timestamp> buyer_confirmed;  // the front_buyerComfirmAcceptGoods log entry
  std::optional<core::Timestamp> first_shipped;    // earliest logistic gmt_send
};
core::Result<OrderDetail> ParseOrderDetail(const boost::json::object& response,
                                           std::string_view order_id);

// A closed (FINISH) order: the list has neither its close time nor the buyer's confirmation
// (and, for finished orders, often not the shipping time either), so it is worth a detail call.
bool WantsDetail(const boost::json::object& order);

// The end reason that marks AliExpress's "no sale after transaction": the seller did not ship
// within the promised handling time and the platform closed the order.
inline constexpr std::string_view kShipTimeoutReason = "seller_send_goods_timeout";

// Who closed a FINISH order, from its end reason (sources.md §1.6); nullopt: it did not end as
// a cancellation (delivered, or a dispute refund after shipping).
struct CancelReading {
  core::CancelInitiator initiator;
  std::string reason;  // the normalized cancel_reason: Order::kShipTimeout or the end reason
};
std::optional<CancelReading> ReadEndReason(std::string_view end_reason, bool shipped);

// One order as a normalized order (always merchant-fulfilled), with `answered_at` the list
// answer's time (timeout_left_time counts from it) and `detail` when it was fetched:
//   id: the parent order_id; purchased_at: gmt_create; updated_at: gmt_update;
//   status: PLACE_ORDER_SUCCESS / PAYMENT_PROCESSING → pending; RISK_CONTROL(_HOLD) → pending
//     (paid, under the 24 h check); awaiting shipment and IN_CANCEL → unshipped; anything that
//     has shipped → shipped (delivered when logistics_status is BUYER_ACCEPT_GOODS); FINISH by
//     its end reason (ReadEndReason): delivered, shipped, or cancelled with initiator and
//     cancel_reason;
//   ship_by: while awaiting shipment answered_at + timeout_left_time (ms; negative: overdue),
//     to the minute; else gmt_pay_time + the shortest goods_prepare_time (handling days);
//   shipped_at: gmt_send_goods_time, else the earliest line send_goods_time, else the detail's
//     first logistic gmt_send;
//   delivered_at: the buyer's confirmation (detail log), else gmt_trade_end, else gmt_update;
//   cancelled_at: gmt_trade_end, else gmt_update.
// Errors (kData) name the order and the field.
core::Result<core::Order> MapOrder(const boost::json::object& order, const std::string& account,
                                   core::Timestamp answered_at, const OrderDetail* detail);

}  // namespace sellerwatch::sources::aliexpress
