#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/event.hpp"
#include "sources/ebay/cancellation_mapping.hpp"

namespace sellerwatch::sources::ebay {

// One page of Sell Fulfillment `getOrders`: the orders as eBay sent them (they are mapped once
// their shipping fulfillments and cancellations are known) and the next page's URL.
struct OrdersPage {
  std::vector<boost::json::object> orders;
  std::optional<std::string> next;
  std::optional<core::Timestamp> newest;  // the latest lastModifiedDate on the page
};
core::Result<OrdersPage> ParseOrdersPage(std::string_view body);

std::string OrderIdOf(const boost::json::object& order);
// cancelStatus.cancelState CANCELED.
bool IsCancelled(const boost::json::object& order);
// orderFulfillmentStatus FULFILLED or IN_PROGRESS: something has shipped, and getOrders does
// not say when or with which tracking number.
bool HasShipped(const boost::json::object& order);
// The creation time of an order (for the cancellation search's window), if readable.
std::optional<core::Timestamp> CreatedAt(const boost::json::object& order);

// What an order's shipping fulfillments say.
struct Shipment {
  std::optional<core::Timestamp> shipped_at;  // the earliest shippedDate
  bool any = false;                           // at least one fulfillment
  bool tracked = false;                       // at least one shipmentTrackingNumber
};
// `GET /sell/fulfillment/v1/order/{orderId}/shipping_fulfillment`.
core::Result<Shipment> ParseShippingFulfillments(std::string_view body, std::string_view order_id);

// One Fulfillment order as a normalized order (DESIGN.md §1.3), always merchant-fulfilled:
//   status: cancelState CANCELED → cancelled (cancelled_at = cancelledDate, else the last
//     modification), else orderFulfillmentStatus NOT_STARTED → unshipped, IN_PROGRESS and
//     FULFILLED → shipped (anything else: pending);
//   ship_by: the earliest lineItem shipByDate; deliver_by: the latest lineItem
//     maxEstimatedDeliveryDate (else the fulfillmentStartInstructions');
//   shipped_at, tracking_valid: from `shipment` (when the order has shipped);
//   cancel_initiator: from `cancellations` (the Post-Order join), else from the order's own
//     cancelRequests (empty in getOrders, filled by getOrder), else unknown — which counts
//     against the seller, as eBay counts it.
// Errors (kData) name the order and the field.
core::Result<core::Order> MapOrder(const boost::json::object& order, const std::string& account,
                                   const Shipment* shipment,
                                   const CancellationIndex& cancellations);

}  // namespace sellerwatch::sources::ebay
