#pragma once

#include <optional>
#include <string>

#include "core/time.hpp"

namespace sellerwatch::sources::shopify {

// Orders per page. With up to 5 fulfillments of up to 2 tracking numbers each, Shopify's
// requested cost is about 40 × (1 + 5 × 3) ≈ 640 points: under the 1,000-point cap of a single
// query on every plan, and under the bucket of the smallest one.
inline constexpr int kPageSize = 40;

// The GraphQL document of the orders query. Everything that varies (page size, page cursor,
// search filter) is a variable: nothing is spliced into the query text.
extern const char* const kOrdersQuery;

// Shopify's search syntax for "updated strictly after `t`": updated_at:>'2026-01-10T00:00:00Z'.
std::string UpdatedAfterFilter(core::Timestamp t);

// The request body {"query", "variables": {"first", "after", "query"}}, `after` null on the
// first page.
std::string OrdersRequestBody(core::Timestamp updated_after,
                              const std::optional<std::string>& after, int first = kPageSize);

}  // namespace sellerwatch::sources::shopify
