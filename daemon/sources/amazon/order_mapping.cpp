#include "sources/amazon/order_mapping.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "sources/json_fields.hpp"

namespace sellerwatch::sources::amazon {
namespace json = boost::json;
using core::CancelInitiator;
using core::OrderStatus;

namespace {

std::optional<std::string> NextToken(const json::object* holder, std::string_view key) {
  if (holder == nullptr) return std::nullopt;
  std::string token = StringAt(*holder, key);
  if (token.empty()) return std::nullopt;
  return token;
}

// v2026-01-01 fulfillmentStatus.
OrderStatus StatusOf(std::string_view s) {
  if (s == "UNSHIPPED" || s == "PARTIALLY_SHIPPED") return OrderStatus::kUnshipped;
  if (s == "SHIPPED") return OrderStatus::kShipped;
  if (s == "CANCELLED" || s == "UNFULFILLABLE") return OrderStatus::kCancelled;
  return OrderStatus::kPending;  // PENDING, PENDING_AVAILABILITY
}

// Who cancelled, from the items' cancellation blocks: a buyer request makes it the buyer's.
CancelInitiator InitiatorOf(const json::object& order) {
  std::optional<CancelInitiator> executed;
  if (const json::array* items = ArrayAt(order, "orderItems")) {
    for (const auto& item : *items) {
      if (!item.is_object()) continue;
      const json::object* c = ObjectAt(item.as_object(), "cancellation");
      if (c == nullptr) continue;
      if (const json::object* req = ObjectAt(*c, "cancellationRequest")) {
        if (StringAt(*req, "requester") == "BUYER") return CancelInitiator::kBuyer;
      }
      if (const json::object* exe = ObjectAt(*c, "cancellationExecution")) {
        std::string by = StringAt(*exe, "cancelledBy");
        if (by == "BUYER") executed = CancelInitiator::kBuyer;
        if (by == "MERCHANT" && !executed) executed = CancelInitiator::kSeller;
        if (by == "AMAZON" && !executed) executed = CancelInitiator::kPlatform;
      }
    }
  }
  return executed.value_or(CancelInitiator::kUnknown);
}

core::Result<core::Order> MapSearchOrder(const json::object& o, const std::string& account) {
  core::Order order;
  order.account = account;
  order.id = StringAt(o, "orderId");
  if (order.id.empty()) return core::Error::Data("order without orderId");
  auto created = RequiredTimeAt(o, "createdTime", "order " + order.id);
  if (!created) return created.error();
  order.purchased_at = *created;
  auto updated = RequiredTimeAt(o, "lastUpdatedTime", "order " + order.id);
  if (!updated) return updated.error();
  order.updated_at = *updated;

  const json::object* f = ObjectAt(o, "fulfillment");
  std::string status = f ? StringAt(*f, "fulfillmentStatus") : std::string();
  order.status = StatusOf(status);
  order.fulfillment = f && StringAt(*f, "fulfilledBy") == "AMAZON" ? core::Fulfillment::kPlatform
                                                                   : core::Fulfillment::kMerchant;
  if (f) {
    for (auto [window, target] : {std::pair{"shipByWindow", &order.ship_by},
                                  std::pair{"deliverByWindow", &order.deliver_by}}) {
      if (const json::object* w = ObjectAt(*f, window)) {
        auto latest = TimeAt(*w, "latestDateTime", "order " + order.id);
        if (!latest) return latest.error();
        *target = *latest;
      }
    }
  }
  if (const json::array* packages = ArrayAt(o, "packages"); packages && !packages->empty()) {
    bool all_delivered = true;
    bool tracked = false;
    for (const auto& p : *packages) {
      if (!p.is_object()) continue;
      const json::object& pkg = p.as_object();
      auto shipped = TimeAt(pkg, "shipTime", "order " + order.id);
      if (!shipped) return shipped.error();
      if (*shipped && (!order.shipped_at || **shipped < *order.shipped_at)) {
        order.shipped_at = *shipped;
      }
      if (!StringAt(pkg, "trackingNumber").empty()) tracked = true;
      const json::object* ps = ObjectAt(pkg, "packageStatus");
      if (!ps || StringAt(*ps, "status") != "DELIVERED") all_delivered = false;
    }
    order.tracking_valid = tracked;
    if (order.status == OrderStatus::kShipped && all_delivered) {
      order.status = OrderStatus::kDelivered;
      // SP-API gives no delivery time; the order's last update (when it turned DELIVERED, or
      // later) is the closest upper bound. Without it every delivery would count as late.
      order.delivered_at = order.updated_at;
    }
  }
  if (order.status == OrderStatus::kCancelled) {
    order.cancelled_at = order.updated_at;  // SP-API gives no cancel time: its last update
    order.cancel_initiator = InitiatorOf(o);
  }
  return order;
}

OrderStatus V0StatusOf(std::string_view s) {
  if (s == "Unshipped" || s == "PartiallyShipped") return OrderStatus::kUnshipped;
  if (s == "Shipped" || s == "InvoiceUnconfirmed") return OrderStatus::kShipped;
  if (s == "Canceled" || s == "Unfulfillable") return OrderStatus::kCancelled;
  return OrderStatus::kPending;  // Pending, PendingAvailability
}

core::Result<core::Order> MapV0Order(const json::object& o, const std::string& account) {
  core::Order order;
  order.account = account;
  order.id = StringAt(o, "AmazonOrderId");
  if (order.id.empty()) return core::Error::Data("order without AmazonOrderId");
  auto purchased = RequiredTimeAt(o, "PurchaseDate", "order " + order.id);
  if (!purchased) return purchased.error();
  order.purchased_at = *purchased;
  auto updated = RequiredTimeAt(o, "LastUpdateDate", "order " + order.id);
  if (!updated) return updated.error();
  order.updated_at = *updated;
  order.status = V0StatusOf(StringAt(o, "OrderStatus"));
  order.fulfillment = StringAt(o, "FulfillmentChannel") == "AFN" ? core::Fulfillment::kPlatform
                                                                 : core::Fulfillment::kMerchant;
  auto ship_by = TimeAt(o, "LatestShipDate", "order " + order.id);
  if (!ship_by) return ship_by.error();
  order.ship_by = *ship_by;
  auto deliver_by = TimeAt(o, "LatestDeliveryDate", "order " + order.id);
  if (!deliver_by) return deliver_by.error();
  order.deliver_by = *deliver_by;
  if (order.status == OrderStatus::kCancelled) {
    order.cancelled_at = order.updated_at;
    order.cancel_initiator = CancelInitiator::kUnknown;
  }
  return order;
}

template <class MapOne>
core::Result<OrdersPage> MapPage(const json::array* list, std::optional<std::string> next,
                                 const std::string& account, MapOne map_one) {
  OrdersPage page;
  page.next_token = std::move(next);
  if (list == nullptr) return page;
  for (const auto& item : *list) {
    if (!item.is_object()) return core::Error::Data("an order that is not a JSON object");
    auto order = map_one(item.as_object(), account);
    if (!order) return order.error();
    page.orders.push_back(Encoded(std::move(*order)));
  }
  return page;
}

}  // namespace

core::Result<OrdersPage> MapSearchOrdersPage(std::string_view body, const std::string& account) {
  auto doc = ParseJsonObject(body, "searchOrders");
  if (!doc) return doc.error();
  const json::value* orders = doc->if_contains("orders");
  if (orders != nullptr && !orders->is_array()) {
    return core::Error::Data("searchOrders: 'orders' is not an array");
  }
  if (orders == nullptr && doc->if_contains("errors") != nullptr) {
    return core::Error::Data("searchOrders: answer carries errors instead of orders");
  }
  return MapPage(ArrayAt(*doc, "orders"), NextToken(ObjectAt(*doc, "pagination"), "nextToken"),
                 account, MapSearchOrder);
}

core::Result<OrdersPage> MapGetOrdersPage(std::string_view body, const std::string& account) {
  auto doc = ParseJsonObject(body, "getOrders");
  if (!doc) return doc.error();
  const json::object* payload = ObjectAt(*doc, "payload");
  if (payload == nullptr) return core::Error::Data("getOrders: answer has no 'payload' object");
  const json::value* orders = payload->if_contains("Orders");
  if (orders != nullptr && !orders->is_array()) {
    return core::Error::Data("getOrders: 'payload.Orders' is not an array");
  }
  return MapPage(ArrayAt(*payload, "Orders"), NextToken(payload, "NextToken"), account, MapV0Order);
}

}  // namespace sellerwatch::sources::amazon
