#include "sources/amazon/order_mapping.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace sellerwatch::sources::amazon {
namespace json = boost::json;
using core::CancelInitiator;
using core::OrderStatus;

namespace {

const json::value* Field(const json::object& o, std::string_view key) { return o.if_contains(key); }

const json::object* ObjectField(const json::object& o, std::string_view key) {
  const json::value* v = Field(o, key);
  return v != nullptr && v->is_object() ? &v->as_object() : nullptr;
}

const json::array* ArrayField(const json::object& o, std::string_view key) {
  const json::value* v = Field(o, key);
  return v != nullptr && v->is_array() ? &v->as_array() : nullptr;
}

std::string StringField(const json::object& o, std::string_view key) {
  const json::value* v = Field(o, key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

// An optional timestamp: absent or null is nullopt, anything else must be RFC 3339.
core::Result<std::optional<core::Timestamp>> TimeField(const json::object& o, std::string_view key,
                                                       const std::string& order) {
  const json::value* v = Field(o, key);
  if (v == nullptr || v->is_null()) return std::optional<core::Timestamp>();
  if (v->is_string()) {
    if (auto t = core::ParseRfc3339(v->as_string())) return std::optional<core::Timestamp>(*t);
  }
  return core::Error::Data(
      fmt::format("order {}: field '{}': expected an RFC 3339 timestamp, got {}", order, key,
                  json::serialize(*v).substr(0, 60)));
}

core::Result<core::Timestamp> RequiredTime(const json::object& o, std::string_view key,
                                           const std::string& order) {
  auto t = TimeField(o, key, order);
  if (!t) return t.error();
  if (!*t) return core::Error::Data(fmt::format("order {}: field '{}' is missing", order, key));
  return **t;
}

core::Result<json::object> ParseObject(std::string_view body, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) {
    return core::Error::Data(fmt::format("{}: malformed JSON: {}", what, ec.message()));
  }
  if (!v.is_object()) return core::Error::Data(fmt::format("{}: not a JSON object", what));
  return std::move(v.as_object());
}

core::ParsedEvent Encoded(core::Order order) {
  core::Event event = std::move(order);
  std::string payload = core::EncodeEvent(event);
  return {std::move(event), std::move(payload)};
}

std::optional<std::string> NextToken(const json::object* holder, std::string_view key) {
  if (holder == nullptr) return std::nullopt;
  std::string token = StringField(*holder, key);
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
  if (const json::array* items = ArrayField(order, "orderItems")) {
    for (const auto& item : *items) {
      if (!item.is_object()) continue;
      const json::object* c = ObjectField(item.as_object(), "cancellation");
      if (c == nullptr) continue;
      if (const json::object* req = ObjectField(*c, "cancellationRequest")) {
        if (StringField(*req, "requester") == "BUYER") return CancelInitiator::kBuyer;
      }
      if (const json::object* exe = ObjectField(*c, "cancellationExecution")) {
        std::string by = StringField(*exe, "cancelledBy");
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
  order.id = StringField(o, "orderId");
  if (order.id.empty()) return core::Error::Data("order without orderId");
  auto created = RequiredTime(o, "createdTime", order.id);
  if (!created) return created.error();
  order.purchased_at = *created;
  auto updated = RequiredTime(o, "lastUpdatedTime", order.id);
  if (!updated) return updated.error();
  order.updated_at = *updated;

  const json::object* f = ObjectField(o, "fulfillment");
  std::string status = f ? StringField(*f, "fulfillmentStatus") : std::string();
  order.status = StatusOf(status);
  order.fulfillment = f && StringField(*f, "fulfilledBy") == "AMAZON"
                          ? core::Fulfillment::kPlatform
                          : core::Fulfillment::kMerchant;
  if (f) {
    for (auto [window, target] : {std::pair{"shipByWindow", &order.ship_by},
                                  std::pair{"deliverByWindow", &order.deliver_by}}) {
      if (const json::object* w = ObjectField(*f, window)) {
        auto latest = TimeField(*w, "latestDateTime", order.id);
        if (!latest) return latest.error();
        *target = *latest;
      }
    }
  }
  if (const json::array* packages = ArrayField(o, "packages"); packages && !packages->empty()) {
    bool all_delivered = true;
    bool tracked = false;
    for (const auto& p : *packages) {
      if (!p.is_object()) continue;
      const json::object& pkg = p.as_object();
      auto shipped = TimeField(pkg, "shipTime", order.id);
      if (!shipped) return shipped.error();
      if (*shipped && (!order.shipped_at || **shipped < *order.shipped_at)) {
        order.shipped_at = *shipped;
      }
      if (!StringField(pkg, "trackingNumber").empty()) tracked = true;
      const json::object* ps = ObjectField(pkg, "packageStatus");
      if (!ps || StringField(*ps, "status") != "DELIVERED") all_delivered = false;
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
  order.id = StringField(o, "AmazonOrderId");
  if (order.id.empty()) return core::Error::Data("order without AmazonOrderId");
  auto purchased = RequiredTime(o, "PurchaseDate", order.id);
  if (!purchased) return purchased.error();
  order.purchased_at = *purchased;
  auto updated = RequiredTime(o, "LastUpdateDate", order.id);
  if (!updated) return updated.error();
  order.updated_at = *updated;
  order.status = V0StatusOf(StringField(o, "OrderStatus"));
  order.fulfillment = StringField(o, "FulfillmentChannel") == "AFN" ? core::Fulfillment::kPlatform
                                                                    : core::Fulfillment::kMerchant;
  auto ship_by = TimeField(o, "LatestShipDate", order.id);
  if (!ship_by) return ship_by.error();
  order.ship_by = *ship_by;
  auto deliver_by = TimeField(o, "LatestDeliveryDate", order.id);
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
  auto doc = ParseObject(body, "searchOrders");
  if (!doc) return doc.error();
  const json::value* orders = Field(*doc, "orders");
  if (orders != nullptr && !orders->is_array()) {
    return core::Error::Data("searchOrders: 'orders' is not an array");
  }
  if (orders == nullptr && Field(*doc, "errors") != nullptr) {
    return core::Error::Data("searchOrders: answer carries errors instead of orders");
  }
  return MapPage(ArrayField(*doc, "orders"),
                 NextToken(ObjectField(*doc, "pagination"), "nextToken"), account, MapSearchOrder);
}

core::Result<OrdersPage> MapGetOrdersPage(std::string_view body, const std::string& account) {
  auto doc = ParseObject(body, "getOrders");
  if (!doc) return doc.error();
  const json::object* payload = ObjectField(*doc, "payload");
  if (payload == nullptr) return core::Error::Data("getOrders: answer has no 'payload' object");
  const json::value* orders = Field(*payload, "Orders");
  if (orders != nullptr && !orders->is_array()) {
    return core::Error::Data("getOrders: 'payload.Orders' is not an array");
  }
  return MapPage(ArrayField(*payload, "Orders"), NextToken(payload, "NextToken"), account,
                 MapV0Order);
}

}  // namespace sellerwatch::sources::amazon
