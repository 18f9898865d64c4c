// Kontor, the invented ERP of tests/data/http_json and of README's worked example: how an
// http-json source maps its orders API, every order field in another form. YAML indented for a
// source under `accounts[].sources`.
#pragma once

namespace sellerwatch::testing {

// Paging and time keys, after `url:` (and any `headers:`).
inline constexpr const char* kKontorPaging =
    "        since_format: unix\n"
    "        timezone: Europe/Berlin\n"
    "        items: /data/orders\n"
    "        next: /meta/next_cursor\n"
    "        next_param: cursor\n";

inline constexpr const char* kKontorFields =
    "        fields:\n"
    "          id: /orderNo\n"
    "          purchased_at: {pointer: /created, format: \"%d.%m.%Y %H:%M\"}\n"
    "          updated_at: {pointer: /modified, format: unix}\n"
    "          status:\n"
    "            pointer: /state\n"
    "            values: {open: unshipped, picking: unshipped, sent: shipped,\n"
    "                     delivered: delivered, storno: cancelled}\n"
    "          fulfillment:\n"
    "            pointer: /channel/type\n"
    "            values: {own: merchant, marketplace: platform}\n"
    "          ship_by: /shipping/due\n"
    "          shipped_at: {pointer: /shipping/shippedAt, format: unix_ms}\n"
    "          tracking_valid:\n"
    "            pointer: /shipping/tracking/status\n"
    "            values: {valid: true, invalid: false}\n"
    "          deliver_by: /delivery/promisedBy\n"
    "          delivered_at: /delivery/deliveredAt\n"
    "          cancelled_at: {pointer: /cancellation/at, format: \"%d.%m.%Y %H:%M\"}\n"
    "          cancel_initiator:\n"
    "            pointer: /cancellation/by\n"
    "            values: {customer: buyer, shop: seller, \"*\": unknown}\n";

}  // namespace sellerwatch::testing
