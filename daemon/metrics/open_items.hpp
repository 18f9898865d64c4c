#pragma once

// One account's open items — unshipped orders, unreplied messages, unanswered disputes —
// ordered by deadline, for the at-risk leading indicators. Kept small: an order leaves when it
// ships or is cancelled, a message when it is replied to, a dispute when it is no longer open.

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "core/event.hpp"
#include "core/time.hpp"
#include "metrics/metrics_engine.hpp"
#include "metrics/snapshot_codec.hpp"

namespace sellerwatch::metrics {

class OpenItems {
 public:
  // Replaces `before`'s entry (if it was open) with `after`'s (if it is open).
  void Update(const core::Order* before, const core::Order& after);
  void Update(const core::Message* before, const core::Message& after);
  void Update(const core::Claim* before, const core::Claim& after);

  // Unshipped, uncancelled merchant orders with from <= ship_by <= to, by ship_by.
  std::vector<AtRiskItem> ShipDeadlines(core::Timestamp from, core::Timestamp to) const;
  // Unreplied messages with from < received_at + 24 h <= to, by that deadline.
  std::vector<AtRiskItem> ReplyDeadlines(core::Timestamp after, core::Timestamp to) const;
  // Open disputes with from <= respond_by <= to, by respond_by; the item is the order.
  std::vector<AtRiskItem> DisputeDeadlines(core::Timestamp from, core::Timestamp to) const;

  // Forgets items whose deadline is before `cutoff` (retention).
  void DropBefore(core::Timestamp cutoff);
  bool empty() const { return ship_by_.empty() && reply_by_.empty() && respond_by_.empty(); }
  std::size_t MemoryBytes() const;

  // Engine snapshots.
  void Save(SnapshotWriter& out) const;
  bool Restore(SnapshotReader& in);

 private:
  using Index = std::set<std::pair<core::Timestamp, std::string>>;
  static std::size_t IndexBytes(const Index& index);

  struct OpenDispute {
    std::string order_id;
    std::string reason;
  };

  Index ship_by_;   // (ship_by, order id)
  Index reply_by_;  // (received_at + 24 h, message id)
  std::map<std::pair<core::Timestamp, std::string>, OpenDispute> respond_by_;  // by claim id
};

}  // namespace sellerwatch::metrics
