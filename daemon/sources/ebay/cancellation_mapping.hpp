#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/event.hpp"

namespace sellerwatch::sources::ebay {

// One CancelSummary of the Post-Order cancellation search.
struct Cancellation {
  std::string cancel_id;
  std::string legacy_order_id;
  core::CancelInitiator requestor = core::CancelInitiator::kUnknown;  // requestorType
  std::string status;                                                 // cancelStatus
};

struct CancellationsPage {
  std::vector<Cancellation> cancellations;
  int total_pages = 1;  // paginationOutput.totalPages
};

// `GET /post-order/v2/cancellation/search`: requestorType BUYER → buyer, SELLER → seller,
// anything else or absent → unknown. Dates may be {value} objects; they are not needed here.
core::Result<CancellationsPage> ParseCancellationSearch(std::string_view body);

// The join of Post-Order cancellations to Fulfillment orders. Post-Order knows an order only
// by `legacyOrderId` (the Trading API's id, "<itemId>-<transactionId>" for older orders); the
// Fulfillment Order carries the same value as `legacyOrderId`, and since eBay unified its
// order ids the two APIs may both use the new-style `orderId` instead — so a cancellation
// matches an order whose legacyOrderId or orderId equals its legacyOrderId.
class CancellationIndex {
 public:
  void Add(Cancellation c);
  std::size_t size() const { return count_; }

  // Who cancelled the order, from its cancellations that took effect (a CANCEL_REJECTED or
  // INVALID request cancelled nothing): the buyer when the buyer asked for any of them (a
  // buyer-requested cancel is the buyer's even when the seller executed it), else the seller
  // when the seller did, else unknown. nullopt: Post-Order has no cancellation for the order.
  std::optional<core::CancelInitiator> InitiatorOf(std::string_view legacy_order_id,
                                                   std::string_view order_id) const;

 private:
  std::map<std::string, std::vector<Cancellation>, std::less<>> by_order_;
  std::size_t count_ = 0;
};

}  // namespace sellerwatch::sources::ebay
