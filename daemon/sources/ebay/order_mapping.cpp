#include "sources/ebay/order_mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cctype>

#include "sources/json_fields.hpp"

namespace sellerwatch::sources::ebay {
namespace json = boost::json;
using core::CancelInitiator;
using core::OrderStatus;

namespace {

std::string Upper(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return s;
}

// The earliest (or latest) of one date field over a list of objects, each found through `at`.
template <class At>
core::Result<std::optional<core::Timestamp>> Extreme(const json::array* list, At at,
                                                     std::string_view key, bool latest,
                                                     const std::string& record) {
  std::optional<core::Timestamp> out;
  if (list == nullptr) return out;
  for (const auto& item : *list) {
    if (!item.is_object()) continue;
    const json::object* holder = at(item.as_object());
    if (holder == nullptr) continue;
    auto t = TimeAt(*holder, key, record);
    if (!t) return t.error();
    if (*t && (!out || (latest ? **t > *out : **t < *out))) out = *t;
  }
  return out;
}

const json::object* Instructions(const json::object& line) {
  return ObjectAt(line, "lineItemFulfillmentInstructions");
}
const json::object* Itself(const json::object& o) { return &o; }

// The order's own cancelRequests (getOrder fills them; getOrders leaves them empty).
std::optional<CancelInitiator> RequestedBy(const json::object& order) {
  const json::object* status = ObjectAt(order, "cancelStatus");
  const json::array* requests = status ? ArrayAt(*status, "cancelRequests") : nullptr;
  if (requests == nullptr) return std::nullopt;
  std::optional<CancelInitiator> out;
  for (const auto& r : *requests) {
    if (!r.is_object()) continue;
    std::string who = Upper(StringAt(r.as_object(), "cancelInitiator"));
    if (who == "BUYER") return CancelInitiator::kBuyer;
    if (who == "SELLER") out = CancelInitiator::kSeller;
  }
  return out;
}

}  // namespace

core::Result<OrdersPage> ParseOrdersPage(std::string_view body) {
  auto doc = ParseJsonObject(body, "getOrders");
  if (!doc) return doc.error();
  const json::value* orders = doc->if_contains("orders");
  if (orders != nullptr && !orders->is_array()) {
    return core::Error::Data("getOrders: 'orders' is not an array");
  }
  if (orders == nullptr && doc->if_contains("errors") != nullptr) {
    return core::Error::Data("getOrders: answer carries errors instead of orders");
  }
  OrdersPage page;
  if (std::string next = StringAt(*doc, "next"); !next.empty()) page.next = std::move(next);
  if (orders == nullptr) return page;
  for (const auto& item : orders->as_array()) {
    if (!item.is_object()) return core::Error::Data("getOrders: an order that is not an object");
    const json::object& o = item.as_object();
    std::string id = OrderIdOf(o);
    if (id.empty()) return core::Error::Data("getOrders: an order without orderId");
    auto modified = RequiredTimeAt(o, "lastModifiedDate", "order " + id);
    if (!modified) return modified.error();
    if (!page.newest || *modified > *page.newest) page.newest = *modified;
    page.orders.push_back(o);
  }
  return page;
}

std::string OrderIdOf(const json::object& order) { return StringAt(order, "orderId"); }

bool IsCancelled(const json::object& order) {
  const json::object* status = ObjectAt(order, "cancelStatus");
  return status != nullptr && StringAt(*status, "cancelState") == "CANCELED";
}

bool HasShipped(const json::object& order) {
  std::string s = StringAt(order, "orderFulfillmentStatus");
  return s == "FULFILLED" || s == "IN_PROGRESS";
}

std::optional<core::Timestamp> CreatedAt(const json::object& order) {
  return core::ParseRfc3339(StringAt(order, "creationDate"));
}

core::Result<Shipment> ParseShippingFulfillments(std::string_view body, std::string_view order_id) {
  std::string what = fmt::format("shipping fulfillments of order {}", order_id);
  auto doc = ParseJsonObject(body, what);
  if (!doc) return doc.error();
  const json::value* list = doc->if_contains("fulfillments");
  if (list != nullptr && !list->is_array() && !list->is_null()) {
    return core::Error::Data(what + ": 'fulfillments' is not an array");
  }
  Shipment out;
  if (list == nullptr || list->is_null()) return out;
  for (const auto& f : list->as_array()) {
    if (!f.is_object()) continue;
    out.any = true;
    auto shipped = TimeAt(f.as_object(), "shippedDate", what);
    if (!shipped) return shipped.error();
    if (*shipped && (!out.shipped_at || **shipped < *out.shipped_at)) out.shipped_at = *shipped;
    if (!StringAt(f.as_object(), "shipmentTrackingNumber").empty()) out.tracked = true;
  }
  return out;
}

core::Result<core::Order> MapOrder(const json::object& o, const std::string& account,
                                   const Shipment* shipment,
                                   const CancellationIndex& cancellations) {
  core::Order order;
  order.account = account;
  order.id = OrderIdOf(o);
  if (order.id.empty()) return core::Error::Data("order without orderId");
  const std::string record = "order " + order.id;
  auto created = RequiredTimeAt(o, "creationDate", record);
  if (!created) return created.error();
  order.purchased_at = *created;
  auto modified = RequiredTimeAt(o, "lastModifiedDate", record);
  if (!modified) return modified.error();
  order.updated_at = *modified;
  order.fulfillment = core::Fulfillment::kMerchant;

  std::string status = StringAt(o, "orderFulfillmentStatus");
  order.status = status == "NOT_STARTED"                            ? OrderStatus::kUnshipped
                 : status == "IN_PROGRESS" || status == "FULFILLED" ? OrderStatus::kShipped
                                                                    : OrderStatus::kPending;

  const json::array* lines = ArrayAt(o, "lineItems");
  auto ship_by = Extreme(lines, Instructions, "shipByDate", false, record);
  if (!ship_by) return ship_by.error();
  order.ship_by = *ship_by;
  auto deliver_by = Extreme(lines, Instructions, "maxEstimatedDeliveryDate", true, record);
  if (!deliver_by) return deliver_by.error();
  if (!*deliver_by) {
    deliver_by = Extreme(ArrayAt(o, "fulfillmentStartInstructions"), Itself,
                         "maxEstimatedDeliveryDate", true, record);
    if (!deliver_by) return deliver_by.error();
  }
  order.deliver_by = *deliver_by;

  if (shipment != nullptr && shipment->any) {
    order.shipped_at = shipment->shipped_at;
    order.tracking_valid = shipment->tracked;
  }

  if (IsCancelled(o)) {
    order.status = OrderStatus::kCancelled;
    const json::object& cancel = *ObjectAt(o, "cancelStatus");
    auto cancelled = TimeAt(cancel, "cancelledDate", record);
    if (!cancelled) return cancelled.error();
    order.cancelled_at = cancelled->value_or(order.updated_at);
    auto joined = cancellations.InitiatorOf(StringAt(o, "legacyOrderId"), order.id);
    if (!joined) joined = RequestedBy(o);
    order.cancel_initiator = joined.value_or(CancelInitiator::kUnknown);
  }
  return order;
}

}  // namespace sellerwatch::sources::ebay
