#pragma once

// One account's open items — unshipped orders and unreplied messages — ordered by deadline,
// for the at-risk leading indicators. Kept small: an order leaves when it ships or is cancelled,
// a message when it is replied to.

#include <cstddef>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/event.hpp"
#include "core/time.hpp"
#include "metrics/metrics_engine.hpp"

namespace sellerwatch::metrics {

class OpenItems {
 public:
  // Replaces `before`'s entry (if it was open) with `after`'s (if it is open).
  void Update(const core::Order* before, const core::Order& after);
  void Update(const core::Message* before, const core::Message& after);

  // Unshipped, uncancelled merchant orders with from <= ship_by <= to, by ship_by.
  std::vector<AtRiskItem> ShipDeadlines(core::Timestamp from, core::Timestamp to) const;
  // Unreplied messages with from < received_at + 24 h <= to, by that deadline.
  std::vector<AtRiskItem> ReplyDeadlines(core::Timestamp after, core::Timestamp to) const;

  // Forgets items whose deadline is before `cutoff` (retention).
  void DropBefore(core::Timestamp cutoff);
  bool empty() const { return ship_by_.empty() && reply_by_.empty(); }
  std::size_t MemoryBytes() const;

 private:
  using Index = std::set<std::pair<core::Timestamp, std::string>>;
  static std::size_t IndexBytes(const Index& index);

  Index ship_by_;   // (ship_by, order id)
  Index reply_by_;  // (received_at + 24 h, message id)
};

}  // namespace sellerwatch::metrics
