#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/event.hpp"
#include "core/event_json.hpp"

namespace sellerwatch::sources::shopify {

// One page of the GraphQL Admin `orders` connection, mapped to normalized orders (§1.3).
struct OrdersPage {
  std::vector<core::ParsedEvent> orders;
  // The newest updatedAt of every order on the page, skipped test orders included.
  std::optional<core::Timestamp> newest;
  std::size_t test_orders = 0;  // `test: true`, not kept
  bool has_next_page = false;
  std::optional<std::string> end_cursor;
};

// cancelReason → who cancelled: CUSTOMER is the buyer; INVENTORY, STAFF, OTHER and DECLINED
// (payment declined) are the merchant's doing, so the seller's; FRAUD is the platform's
// (Shopify's fraud analysis flagged it); anything else (null, a new value) is unknown, which
// counts against the seller as the marketplaces do.
core::CancelInitiator CancelInitiatorOf(std::string_view cancel_reason);

// One `Order` node. id: the numeric part of the gid ("gid://shopify/Order/1001" → "1001", as
// in the admin's order URL); purchased_at: processedAt, else createdAt; ship_by: that +
// `handling_time`; fulfillment: always merchant (a 3PL or Shopify Fulfillment Network still
// ships on the merchant's promise). Fulfillments with status CANCELLED, ERROR or FAILURE are
// ignored; of the rest, shipped_at is the earliest createdAt and tracking_valid says whether
// any has a tracking number (unset without fulfillments).
// Status: cancelledAt set → cancelled (cancelled_at, initiator from cancelReason);
// displayFulfillmentStatus FULFILLED → delivered when every fulfillment is DELIVERED
// (displayStatus or deliveredAt; delivered_at the latest deliveredAt, else updatedAt), else
// shipped; SCHEDULED → pending without ship_by (a future fulfillment date); RESTOCKED →
// shipped if fulfilled, else pending without ship_by (nothing left to ship); everything
// else (UNFULFILLED, PARTIALLY_FULFILLED, IN_PROGRESS, ON_HOLD, OPEN, PENDING_FULFILLMENT,
// REQUEST_DECLINED, unknown) → unshipped. Errors (kData) name the order and field.
core::Result<core::Order> MapOrder(const boost::json::object& node, const std::string& account,
                                   core::Duration handling_time);

// A whole answer's `data.orders` (edges[].node or nodes[]) and its pageInfo.
core::Result<OrdersPage> MapOrdersPage(const boost::json::object& document,
                                       const std::string& account, core::Duration handling_time);

}  // namespace sellerwatch::sources::shopify
