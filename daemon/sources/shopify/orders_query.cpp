#include "sources/shopify/orders_query.hpp"

#include <boost/json.hpp>

namespace sellerwatch::sources::shopify {
namespace json = boost::json;

// sortKey UPDATED_AT (ascending): every order not read yet was updated at or after the last one
// read, which is what lets the cursor be the newest updatedAt seen.
const char* const kOrdersQuery =
    "query SellerwatchOrders($first: Int!, $after: String, $query: String!) {"
    " orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query) {"
    " pageInfo { hasNextPage endCursor }"
    " edges { node {"
    " id name createdAt processedAt updatedAt cancelledAt cancelReason test"
    " displayFulfillmentStatus"
    " fulfillments(first: 5) {"
    " createdAt status displayStatus deliveredAt trackingInfo(first: 2) { number }"
    " }"
    " } }"
    " } }";

std::string UpdatedAfterFilter(core::Timestamp t) {
  return "updated_at:>'" + core::FormatRfc3339(t) + "'";
}

std::string OrdersRequestBody(core::Timestamp updated_after,
                              const std::optional<std::string>& after, int first) {
  json::object variables;
  variables["first"] = first;
  variables["after"] = after ? json::value(*after) : json::value(nullptr);
  variables["query"] = UpdatedAfterFilter(updated_after);
  json::object body;
  body["query"] = kOrdersQuery;
  body["variables"] = std::move(variables);
  return json::serialize(body);
}

}  // namespace sellerwatch::sources::shopify
