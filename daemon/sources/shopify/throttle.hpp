#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>

#include "core/time.hpp"

namespace sellerwatch::sources::shopify {

// `extensions.cost` of a GraphQL Admin answer: what the query asked for and the state of the
// app's leaky bucket on this shop. The bucket size and restore rate differ by plan and change
// over time, so they are read from every answer, never assumed.
struct QueryCost {
  std::optional<double> requested;  // requestedQueryCost: what the next identical query needs
  std::optional<double> actual;     // actualQueryCost: null on a THROTTLED answer
  double maximum_available = 0;     // throttleStatus.maximumAvailable: the bucket size
  double currently_available = 0;   // throttleStatus.currentlyAvailable
  double restore_rate = 0;          // throttleStatus.restoreRate: points per second
};

// The cost block, or nullopt when the answer has none (or no usable throttleStatus).
std::optional<QueryCost> ParseCost(const boost::json::object& document);

// How long until the bucket holds `needed` points: (needed − currentlyAvailable) / restoreRate,
// rounded up to the millisecond; zero when it already does; nullopt when the restore rate is
// not positive (no way to know).
std::optional<core::Duration> WaitForPoints(double needed, const QueryCost& cost);

// After a page: the wait before the next (identical) query may be asked, so that it is not
// THROTTLED; zero when the bucket already holds its requested cost.
core::Duration WaitBeforeNext(const QueryCost& cost);

// "66 of 1000 points available, 70 needed, restoring 50/s" for log lines and errors.
std::string Describe(const QueryCost& cost);

}  // namespace sellerwatch::sources::shopify
