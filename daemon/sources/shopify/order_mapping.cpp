#include "sources/shopify/order_mapping.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "sources/json_fields.hpp"

namespace sellerwatch::sources::shopify {
namespace json = boost::json;
using core::CancelInitiator;
using core::OrderStatus;

namespace {

constexpr std::string_view kGidPrefix = "gid://shopify/Order/";

std::string OrderId(const json::object& node) {
  std::string gid = StringAt(node, "id");
  if (gid.starts_with(kGidPrefix) && gid.size() > kGidPrefix.size()) {
    return gid.substr(kGidPrefix.size());
  }
  return gid;
}

bool Counts(const json::object& fulfillment) {
  std::string status = StringAt(fulfillment, "status");
  return status != "CANCELLED" && status != "ERROR" && status != "FAILURE";
}

const json::value* BoolOrNull(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_bool() ? v : nullptr;
}

// What the fulfillments say: earliest creation, tracking, delivery.
struct Shipments {
  std::size_t count = 0;
  std::optional<core::Timestamp> first_created;
  bool tracked = false;
  bool all_delivered = true;
  std::optional<core::Timestamp> last_delivered;
  bool every_delivery_dated = true;
};

core::Result<Shipments> ReadFulfillments(const json::object& node, const std::string& record) {
  Shipments out;
  const json::array* list = ArrayAt(node, "fulfillments");
  if (list == nullptr) return out;
  for (const auto& item : *list) {
    if (!item.is_object() || !Counts(item.as_object())) continue;
    const json::object& f = item.as_object();
    ++out.count;
    auto created = RequiredTimeAt(f, "createdAt", record + " fulfillment");
    if (!created) return created.error();
    if (!out.first_created || *created < *out.first_created) out.first_created = *created;
    if (const json::array* tracking = ArrayAt(f, "trackingInfo")) {
      for (const auto& t : *tracking) {
        if (t.is_object() && !StringAt(t.as_object(), "number").empty()) out.tracked = true;
      }
    }
    auto delivered = TimeAt(f, "deliveredAt", record + " fulfillment");
    if (!delivered) return delivered.error();
    if (*delivered) {
      if (!out.last_delivered || **delivered > *out.last_delivered) out.last_delivered = *delivered;
    } else if (StringAt(f, "displayStatus") == "DELIVERED") {
      out.every_delivery_dated = false;
    } else {
      out.all_delivered = false;
    }
  }
  if (out.count == 0) out.all_delivered = false;
  return out;
}

}  // namespace

CancelInitiator CancelInitiatorOf(std::string_view reason) {
  if (reason == "CUSTOMER") return CancelInitiator::kBuyer;
  if (reason == "INVENTORY" || reason == "STAFF" || reason == "OTHER" || reason == "DECLINED") {
    return CancelInitiator::kSeller;
  }
  if (reason == "FRAUD") return CancelInitiator::kPlatform;
  return CancelInitiator::kUnknown;
}

core::Result<core::Order> MapOrder(const json::object& node, const std::string& account,
                                   core::Duration handling_time) {
  core::Order order;
  order.account = account;
  order.id = OrderId(node);
  if (order.id.empty()) return core::Error::Data("order without id");
  const std::string record = "order " + order.id;
  auto created = RequiredTimeAt(node, "createdAt", record);
  if (!created) return created.error();
  auto processed = TimeAt(node, "processedAt", record);
  if (!processed) return processed.error();
  auto updated = RequiredTimeAt(node, "updatedAt", record);
  if (!updated) return updated.error();
  auto cancelled = TimeAt(node, "cancelledAt", record);
  if (!cancelled) return cancelled.error();
  auto shipments = ReadFulfillments(node, record);
  if (!shipments) return shipments.error();

  order.purchased_at = processed->value_or(*created);
  order.updated_at = *updated;
  order.fulfillment = core::Fulfillment::kMerchant;
  order.ship_by = order.purchased_at + handling_time;
  order.shipped_at = shipments->first_created;
  if (shipments->count > 0) order.tracking_valid = shipments->tracked;

  std::string display = StringAt(node, "displayFulfillmentStatus");
  if (*cancelled) {
    order.status = OrderStatus::kCancelled;
    order.cancelled_at = *cancelled;
    order.cancel_initiator = CancelInitiatorOf(StringAt(node, "cancelReason"));
  } else if (display == "FULFILLED") {
    order.status = OrderStatus::kShipped;
    if (shipments->all_delivered) {
      order.status = OrderStatus::kDelivered;
      // No date on a DELIVERED fulfillment: the order's last update is its upper bound.
      order.delivered_at = shipments->every_delivery_dated && shipments->last_delivered
                               ? *shipments->last_delivered
                               : order.updated_at;
    }
  } else if (display == "SCHEDULED" || (display == "RESTOCKED" && shipments->count == 0)) {
    order.status = OrderStatus::kPending;
    order.ship_by.reset();
  } else if (display == "RESTOCKED") {
    order.status = OrderStatus::kShipped;
  } else {
    order.status = OrderStatus::kUnshipped;
  }
  return order;
}

core::Result<OrdersPage> MapOrdersPage(const json::object& document, const std::string& account,
                                       core::Duration handling_time) {
  const json::object* data = ObjectAt(document, "data");
  const json::object* orders = data ? ObjectAt(*data, "orders") : nullptr;
  if (orders == nullptr) return core::Error::Data("orders: answer has no 'data.orders' object");
  OrdersPage page;
  const json::object* info = ObjectAt(*orders, "pageInfo");
  if (info == nullptr) return core::Error::Data("orders: answer has no 'pageInfo'");
  const json::value* next = info->if_contains("hasNextPage");
  page.has_next_page = next != nullptr && next->is_bool() && next->as_bool();
  if (std::string end = StringAt(*info, "endCursor"); !end.empty()) page.end_cursor = end;

  std::vector<const json::object*> nodes;
  if (const json::array* edges = ArrayAt(*orders, "edges")) {
    for (const auto& e : *edges) {
      const json::object* node = e.is_object() ? ObjectAt(e.as_object(), "node") : nullptr;
      if (node == nullptr) return core::Error::Data("orders: an edge without a node object");
      nodes.push_back(node);
    }
  } else if (const json::array* list = ArrayAt(*orders, "nodes")) {
    for (const auto& n : *list) {
      if (!n.is_object()) return core::Error::Data("orders: a node that is not a JSON object");
      nodes.push_back(&n.as_object());
    }
  }
  for (const json::object* node : nodes) {
    auto order = MapOrder(*node, account, handling_time);
    if (!order) return order.error();
    if (!page.newest || order->updated_at > *page.newest) page.newest = order->updated_at;
    const json::value* test = BoolOrNull(*node, "test");
    if (test != nullptr && test->as_bool()) {
      ++page.test_orders;  // a test checkout: not a real sale
      continue;
    }
    page.orders.push_back(Encoded(std::move(*order)));
  }
  return page;
}

}  // namespace sellerwatch::sources::shopify
