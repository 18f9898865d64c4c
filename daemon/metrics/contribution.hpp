#pragma once

// What one event adds to the per-day counters of the metrics engine (DESIGN.md §3.2). Each
// contribution is a set of counters (a bit mask) filed at one reference time; an order files up
// to four (purchase, ship-by, shipped, deliver-by), a message and a negative feedback one each.
// The formulas mirror window_metrics.cpp, the reference; the engine tests compare the two.

#include <array>
#include <cstdint>
#include <optional>

#include "core/event.hpp"
#include "core/time.hpp"

namespace sellerwatch::metrics {

// One slot per counter the window metrics are made of.
enum Counter : std::uint8_t {
  // order purchased_at
  kOrders,
  kMerchantOrders,
  kSellerCancelled,  // merchant orders cancelled by the seller or an unknown initiator
  kDefectOrders,     // mark entries: filed apart from the order's own entry, see MarksMask
  kNegativeFeedbackOrders,
  // order ship_by: merchant, not cancelled
  kDue,
  kLate,
  // order shipped time: merchant, not cancelled
  kShipped,
  kTracked,
  // order deliver_by: merchant, not cancelled, valid tracking
  kDeliveryEligible,
  kDeliveredOnTime,
  // message received_at
  kMessages,
  kRepliedWithin24h,  // replied no later than 24 h after it was received
  kNotWithin24h,      // replied later, or not replied
  // feedback received_at
  kNegativeFeedback,
  // order delivered_at (confirmed received, also by timeout), not cancelled
  kConfirmedOrders,
  // order cancelled_at: closed because the seller did not ship in time
  kSellerFaultCloses,
  // dispute claim opened_at, not withdrawn
  kDisputesOpened,
  kDisputesEscalated,
  // dispute claim decided_at: decided against the seller
  kDisputesAgainstSeller,
  kCounterCount
};

using CounterMask = std::uint32_t;
static_assert(kCounterCount <= 32, "CounterMask has 32 bits");

constexpr CounterMask Bit(Counter c) { return static_cast<CounterMask>(1u << c); }
constexpr CounterMask kAllCounters = static_cast<CounterMask>((1u << kCounterCount) - 1);

// A vector of counters: a day's totals or a window's sum.
struct Counters {
  std::array<std::int32_t, kCounterCount> n{};

  std::int32_t operator[](Counter c) const { return n[c]; }
  void Add(CounterMask mask, std::int32_t times = 1) {
    while (mask != 0) {
      n[static_cast<std::size_t>(__builtin_ctz(mask))] += times;
      mask = static_cast<CounterMask>(mask & (mask - 1));
    }
  }
  Counters& operator+=(const Counters& o) {
    for (std::size_t i = 0; i < n.size(); ++i) n[i] += o.n[i];
    return *this;
  }
  Counters& operator-=(const Counters& o) {
    for (std::size_t i = 0; i < n.size(); ++i) n[i] -= o.n[i];
    return *this;
  }
  bool operator==(const Counters&) const = default;
};

struct Contribution {
  core::Timestamp at;
  CounterMask mask = 0;
};

// An event's own entries (an order's marks aside): up to one per reference time.
template <std::size_t N>
struct Contributions {
  std::array<Contribution, N> items;
  std::size_t size = 0;

  void File(core::Timestamp at, CounterMask mask) { items[size++] = {at, mask}; }
  const Contribution* begin() const { return items.data(); }
  const Contribution* end() const { return items.data() + size; }
};

// purchase, ship-by, shipped, deliver-by, confirmed received, closed for not shipping.
using OrderContribution = Contributions<6>;
OrderContribution ContributionOf(const core::Order& o);

// A dispute's entries: opened (and escalated) at opened_at, decided against the seller at
// decided_at. Other claims file nothing of their own (they mark their order).
using ClaimContribution = Contributions<2>;
ClaimContribution ContributionOf(const core::Claim& c);

// A message's entry: its counters at received_at and, when replied, the reply latency, which
// decides at evaluation time whether the reply is already known (replied_at <= now).
struct MessageContribution {
  core::Timestamp received_at;
  CounterMask mask = 0;
  std::optional<core::Duration> latency;
};

MessageContribution ContributionOf(const core::Message& m);

// A negative feedback's entry at received_at (linked to an order or not); empty otherwise.
std::optional<Contribution> ContributionOf(const core::Feedback& f);

// How many feedback and claim events hold a mark against one order. The counters an order's
// marks add (defect, negative feedback) are filed as a separate entry at the order's
// purchased_at, so a change of marks moves that entry alone and never needs the order itself.
struct MarkCounts {
  std::int32_t negative_feedback = 0;  // rating <= 2, not removed
  std::int32_t defect_claims = 0;      // A-to-z or chargeback, not denied or withdrawn

  bool empty() const { return negative_feedback == 0 && defect_claims == 0; }
  MarkCounts& operator+=(const MarkCounts& o) {
    negative_feedback += o.negative_feedback;
    defect_claims += o.defect_claims;
    return *this;
  }
};

CounterMask MarksMask(const MarkCounts& m);

// The marks one feedback or claim version holds against its order (zero when unlinked).
MarkCounts MarksOf(const core::Feedback& f);
MarkCounts MarksOf(const core::Claim& c);

// The time an order left: shipped_at, or delivered_at for a delivered order without it.
std::optional<core::Timestamp> ShippedTimeOf(const core::Order& o);

// Unshipped, uncancelled merchant orders with a ship_by: the ship-deadline at-risk candidates.
bool AwaitsShipment(const core::Order& o);

}  // namespace sellerwatch::metrics
