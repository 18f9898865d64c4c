#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "sources/flat_files/mapped_report.hpp"

namespace sellerwatch::sources::flat_files {

// Amazon's All Orders report (GET_FLAT_FILE_ALL_ORDERS_DATA_BY_LAST_UPDATE_GENERAL, the
// "All Orders" download in Seller Central → Reports → Fulfillment): tab-separated, one row per
// order item, columns found by header name (the set differs by marketplace; unknown ones are
// ignored). Rows of one order become one `order` event, the row updated last winning:
//   amazon-order-id → id, purchase-date → purchased_at, last-updated-date → updated_at,
//   order-status → status (Pending, Unshipped/PartiallyShipped, Shipped/Shipping,
//   "Shipped - Delivered to Buyer" → delivered, Cancelled/Unfulfillable),
//   fulfillment-channel → fulfillment (Amazon = platform, Merchant = merchant),
//   is-buyer-requested-cancellation "true" → cancel_initiator buyer; any other cancellation is
//   unknown (the report does not say who cancelled; unknown counts against the seller, as
//   Amazon counts it), cancelled_at = last-updated-date.
// The report carries no ship-by, ship or delivery dates: late shipment and tracking need the
// API source or another export. A bad row is refused naming its line; a missing required
// column is an error naming it.
core::Result<MappedReport> MapAllOrdersReport(std::string_view tsv, const std::string& account);

// Whether a header line is the All Orders report's.
bool IsAllOrdersReportHeader(std::string_view header_line);

}  // namespace sellerwatch::sources::flat_files
