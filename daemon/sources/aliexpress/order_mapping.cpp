#include "sources/aliexpress/order_mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <limits>

#include "sources/aliexpress/envelope.hpp"
#include "sources/aliexpress/pacific_time.hpp"
#include "sources/json_fields.hpp"

namespace sellerwatch::sources::aliexpress {
namespace json = boost::json;
using core::CancelInitiator;
using core::OrderStatus;

namespace {

template <std::size_t N>
bool OneOf(std::string_view s, const std::array<std::string_view, N>& set) {
  for (auto v : set)
    if (v == s) return true;
  return false;
}

constexpr std::array<std::string_view, 4> kUnpaidOrChecked = {
    "PLACE_ORDER_SUCCESS", "PAYMENT_PROCESSING", "RISK_CONTROL", "RISK_CONTROL_HOLD"};
constexpr std::array<std::string_view, 2> kAwaitingShipment = {"WAIT_SELLER_SEND_GOODS",
                                                               "SELLER_PART_SEND_GOODS"};
constexpr std::array<std::string_view, 3> kShippedLogistics = {
    "SELLER_SEND_GOODS", "SELLER_SEND_PART_GOODS", "BUYER_ACCEPT_GOODS"};
constexpr std::array<std::string_view, 3> kBuyerAccepted = {
    "buyer_accept_goods", "buyer_accept_goods_timeout", "buyer_confirm_goods"};
constexpr std::array<std::string_view, 6> kBuyerCancelled = {
    "cancel_order_close_trade",   "buyer_cancel_order", "buyer_cancel_notpay_order",
    "buyer_cancel_order_in_risk", "buyer_pay_timeout",  "pay_timeout"};
constexpr std::array<std::string_view, 2> kDisputeRefund = {"seller_accept_issue_no_goods_return",
                                                            "seller_response_issue_timeout"};

std::string Record(const json::object& order) { return "order " + OrderIdOf(order); }

// The earliest of one Pacific time field over a list of objects.
core::Result<std::optional<core::Timestamp>> Earliest(const json::array* list, std::string_view key,
                                                      const std::string& record) {
  std::optional<core::Timestamp> out;
  if (list == nullptr) return out;
  for (const auto& item : *list) {
    if (!item.is_object()) continue;
    auto t = PacificAt(item.as_object(), key, record);
    if (!t) return t.error();
    if (*t && (!out || **t < *out)) out = *t;
  }
  return out;
}

// The shortest handling time of the order's lines, in days.
std::optional<std::int64_t> HandlingDays(const json::object& order) {
  std::optional<std::int64_t> out;
  if (const json::array* lines = ListAt(order, "product_list")) {
    for (const auto& line : *lines) {
      if (!line.is_object()) continue;
      auto days = IntAt(line.as_object(), "goods_prepare_time");
      if (days && *days >= 0 && (!out || *days < *out)) out = days;
    }
  }
  return out;
}

std::string EndReason(const json::object& order, const OrderDetail* detail) {
  std::string reason = StringAt(order, "end_reason");
  if (reason.empty() && detail != nullptr) reason = detail->end_reason;
  return reason;
}

}  // namespace

core::Result<OrderListPage> ParseOrderListPage(const json::object& response, std::string_view where,
                                               int page_size) {
  const json::object* result = ObjectAt(response, "result");
  if (result == nullptr)
    return core::Error::Data(fmt::format("{}: answer without 'result'", where));
  if (auto failure = BusinessFailure(*result)) {
    return core::Error::Permanent(fmt::format("{}: business error {}", where, *failure));
  }
  OrderListPage page;
  if (auto t = ParsePacific(StringAt(*result, "time_stamp"))) page.answered_at = *t;
  if (const json::array* list = ListAt(*result, "target_list")) {
    for (const auto& item : *list) {
      if (!item.is_object() || OrderIdOf(item.as_object()).empty()) {
        return core::Error::Data(fmt::format("{}: an order without order_id", where));
      }
      page.orders.push_back(item.as_object());
    }
  } else if (result->contains("target_list") && !result->at("target_list").is_null()) {
    return core::Error::Data(fmt::format("{}: 'target_list' is not a list", where));
  }
  // Clamped to int: the stream refuses more than its page limit anyway, and a hostile
  // total_count must not overflow the rounding up.
  constexpr std::int64_t kMaxPages = std::numeric_limits<int>::max();
  if (auto pages = IntAt(*result, "total_page")) {
    page.total_page = static_cast<int>(std::clamp<std::int64_t>(*pages, 0, kMaxPages));
  } else if (auto count = IntAt(*result, "total_count"); count && page_size > 0) {
    const std::int64_t n = std::max<std::int64_t>(*count, 0);
    page.total_page = static_cast<int>(std::min(n / page_size + (n % page_size != 0), kMaxPages));
  }
  return page;
}

std::string OrderIdOf(const json::object& order) { return TextAt(order, "order_id"); }

core::Result<core::Timestamp> UpdatedAtOf(const json::object& order) {
  std::string record = Record(order);
  auto updated = PacificAt(order, "gmt_update", record);
  if (!updated) return updated.error();
  if (*updated) return **updated;
  auto created = PacificAt(order, "gmt_create", record);
  if (!created) return created.error();
  if (!*created) return core::Error::Data(record + ": neither gmt_update nor gmt_create");
  return **created;
}

core::Result<OrderDetail> ParseOrderDetail(const json::object& response,
                                           std::string_view order_id) {
  std::string record = fmt::format("order {} (detail)", order_id);
  const json::object* result = ObjectAt(response, "result");
  if (result == nullptr) return core::Error::Data(record + ": answer without 'result'");
  if (auto failure = BusinessFailure(*result)) {
    return core::Error::Permanent(fmt::format("{}: business error {}", record, *failure));
  }
  const json::object* data = ObjectAt(*result, "data");
  if (data == nullptr) {
    std::string code = TextAt(*result, "error_code");
    return core::Error::Data(record + ": answer without 'data'" +
                             (code.empty() ? "" : " (error_code " + code.substr(0, 60) + ")"));
  }
  OrderDetail out;
  out.end_reason = StringAt(*data, "order_end_reason");
  auto end = PacificAt(*data, "gmt_trade_end", record);
  if (!end) return end.error();
  out.trade_end = *end;
  auto shipped = Earliest(ListAt(*data, "logistic_info_list"), "gmt_send", record);
  if (!shipped) return shipped.error();
  out.first_shipped = *shipped;
  if (const json::array* log = ListAt(*data, "opr_log_dto_list")) {
    for (const auto& entry : *log) {
      if (!entry.is_object()) continue;
      const json::object& e = entry.as_object();
      // (sic: AliExpress spells it "Comfirm")
      if (StringAt(e, "action_type") != "front_buyerComfirmAcceptGoods") continue;
      auto at = PacificAt(e, "gmt_create", record);
      if (!at) return at.error();
      if (*at && (!out.buyer_confirmed || **at > *out.buyer_confirmed)) out.buyer_confirmed = *at;
    }
  }
  return out;
}

bool WantsDetail(const json::object& order) { return StringAt(order, "order_status") == "FINISH"; }

std::optional<CancelReading> ReadEndReason(std::string_view end_reason, bool shipped) {
  if (OneOf(end_reason, kBuyerAccepted)) return std::nullopt;
  if (end_reason == kShipTimeoutReason) {
    return CancelReading{CancelInitiator::kSeller, std::string(core::Order::kShipTimeout)};
  }
  if (OneOf(end_reason, kBuyerCancelled)) {
    return CancelReading{CancelInitiator::kBuyer, std::string(end_reason)};
  }
  if (end_reason == "risk_reject_closed") {
    return CancelReading{CancelInitiator::kPlatform, std::string(end_reason)};
  }
  // A dispute refund after shipping is the dispute's business, not a cancellation; before
  // shipping the seller gave the money back for an order never sent.
  if (OneOf(end_reason, kDisputeRefund)) {
    if (shipped) return std::nullopt;
    return CancelReading{CancelInitiator::kSeller, std::string(end_reason)};
  }
  // Unknown (the enum is undocumented): a shipped order ended normally; an unshipped one was
  // cancelled by nobody we can name, which counts against the seller as on eBay.
  if (shipped) return std::nullopt;
  return CancelReading{CancelInitiator::kUnknown, std::string(end_reason)};
}

core::Result<core::Order> MapOrder(const json::object& o, const std::string& account,
                                   core::Timestamp answered_at, const OrderDetail* detail) {
  core::Order order;
  order.account = account;
  order.id = OrderIdOf(o);
  if (order.id.empty()) return core::Error::Data("order without order_id");
  const std::string record = Record(o);
  order.fulfillment = core::Fulfillment::kMerchant;

  auto created = PacificAt(o, "gmt_create", record);
  if (!created) return created.error();
  if (!*created) return core::Error::Data(record + ": field 'gmt_create' is missing");
  order.purchased_at = **created;
  auto updated = UpdatedAtOf(o);
  if (!updated) return updated.error();
  order.updated_at = *updated;
  auto paid = PacificAt(o, "gmt_pay_time", record);
  if (!paid) return paid.error();

  // Shipped: the order's (last) shipment, else the earliest line's, else the detail's.
  auto shipped = PacificAt(o, "gmt_send_goods_time", record);
  if (!shipped) return shipped.error();
  order.shipped_at = *shipped;
  if (!order.shipped_at) {
    auto line = Earliest(ListAt(o, "product_list"), "send_goods_time", record);
    if (!line) return line.error();
    order.shipped_at = *line;
  }
  if (!order.shipped_at && detail != nullptr) order.shipped_at = detail->first_shipped;

  const std::string status = StringAt(o, "order_status");
  const std::string logistics = StringAt(o, "logistics_status");
  const bool has_shipped = order.shipped_at.has_value() || OneOf(logistics, kShippedLogistics);

  // The shipping deadline: the countdown while the order awaits shipment, else the handling
  // time from payment.
  auto left = IntAt(o, "timeout_left_time");
  if (OneOf(status, kAwaitingShipment) && left) {
    order.ship_by =
        std::chrono::floor<std::chrono::minutes>(answered_at + std::chrono::milliseconds(*left));
  } else if (*paid) {
    if (auto days = HandlingDays(o)) order.ship_by = **paid + *days * core::kDay;
  }

  if (OneOf(status, kUnpaidOrChecked)) {
    order.status = OrderStatus::kPending;
  } else if (status == "WAIT_SELLER_SEND_GOODS" || (status == "IN_CANCEL" && !has_shipped)) {
    order.status = OrderStatus::kUnshipped;
  } else if (status == "FINISH") {
    std::string reason = EndReason(o, detail);
    if (auto cancel = ReadEndReason(reason, has_shipped)) {
      order.status = OrderStatus::kCancelled;
      order.cancel_initiator = cancel->initiator;
      order.cancel_reason = cancel->reason;
      order.cancelled_at =
          detail != nullptr && detail->trade_end ? *detail->trade_end : order.updated_at;
    } else if (OneOf(std::string_view(reason), kBuyerAccepted) ||
               logistics == "BUYER_ACCEPT_GOODS") {
      order.status = OrderStatus::kDelivered;
      order.delivered_at = order.updated_at;
      if (detail != nullptr) {
        if (detail->buyer_confirmed) {
          order.delivered_at = detail->buyer_confirmed;
        } else if (detail->trade_end) {
          order.delivered_at = detail->trade_end;
        }
      }
    } else {
      order.status = OrderStatus::kShipped;
    }
  } else if (has_shipped) {
    order.status =
        logistics == "BUYER_ACCEPT_GOODS" ? OrderStatus::kDelivered : OrderStatus::kShipped;
  } else {
    order.status = OrderStatus::kUnshipped;
  }
  return order;
}

}  // namespace sellerwatch::sources::aliexpress
