#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/event_json.hpp"

namespace sellerwatch::sources::amazon {

// One page of an SP-API orders listing, mapped to normalized orders (DESIGN.md §1.3).
struct OrdersPage {
  std::vector<core::ParsedEvent> orders;
  std::optional<std::string> next_token;  // more pages follow
};

// Orders API v2026-01-01 `searchOrders`: status from fulfillment.fulfillmentStatus (SHIPPED
// with every package DELIVERED is delivered, delivered_at its lastUpdatedTime: SP-API has no
// delivery time), fulfilledBy MERCHANT/AMAZON, ship_by/deliver_by
// from the latest ship/delivery dates, shipped_at from the earliest package shipTime,
// tracking_valid from the packages' tracking numbers; a cancelled order's initiator is the
// buyer whenever a buyer requested it (even when the merchant executed it), else whoever
// executed it (MERCHANT = seller, AMAZON = platform). Errors (kData) name the order and field.
core::Result<OrdersPage> MapSearchOrdersPage(std::string_view body, const std::string& account);

// Orders API v0 `getOrders` (deprecated): OrderStatus, FulfillmentChannel MFN/AFN,
// LatestShipDate/LatestDeliveryDate. v0 does not say who cancelled: initiator unknown.
core::Result<OrdersPage> MapGetOrdersPage(std::string_view body, const std::string& account);

}  // namespace sellerwatch::sources::amazon
