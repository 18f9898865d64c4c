#include "metrics/contribution.hpp"

namespace sellerwatch::metrics {

std::optional<core::Timestamp> ShippedTimeOf(const core::Order& o) {
  if (o.shipped_at) return o.shipped_at;
  if (o.status == core::OrderStatus::kDelivered) return o.delivered_at;
  return std::nullopt;
}

bool AwaitsShipment(const core::Order& o) {
  return o.merchant() && !o.cancelled() && !o.shipped() && o.ship_by.has_value();
}

OrderContribution ContributionOf(const core::Order& o) {
  OrderContribution out;
  auto file = [&out](core::Timestamp at, CounterMask mask) { out.File(at, mask); };

  CounterMask purchase = Bit(kOrders);
  if (o.merchant()) {
    purchase |= Bit(kMerchantOrders);
    if (o.seller_cancelled()) purchase |= Bit(kSellerCancelled);
  }
  file(o.purchased_at, purchase);
  if (o.seller_fault_close()) file(o.cancelled_at.value_or(o.updated_at), Bit(kSellerFaultCloses));
  if (!o.cancelled() && o.delivered_at) file(*o.delivered_at, Bit(kConfirmedOrders));

  // Cancelled and platform-fulfilled orders count in none of the fulfilment metrics.
  if (!o.merchant() || o.cancelled()) return out;

  if (o.ship_by) {
    // Late: shipped strictly after ship_by, or not shipped at all. Every order in a window
    // has ship_by < now, so an unshipped one there is already late (as in the reference).
    bool late = o.shipped_at ? *o.shipped_at > *o.ship_by : !o.shipped();
    file(*o.ship_by, static_cast<CounterMask>(Bit(kDue) | (late ? Bit(kLate) : 0)));
  }
  bool tracked = o.tracking_valid.value_or(false);
  if (auto shipped = ShippedTimeOf(o)) {
    file(*shipped, static_cast<CounterMask>(Bit(kShipped) | (tracked ? Bit(kTracked) : 0)));
  }
  if (tracked && o.deliver_by) {
    bool on_time = o.delivered_at && *o.delivered_at <= *o.deliver_by;
    file(*o.deliver_by,
         static_cast<CounterMask>(Bit(kDeliveryEligible) | (on_time ? Bit(kDeliveredOnTime) : 0)));
  }
  return out;
}

MessageContribution ContributionOf(const core::Message& m) {
  MessageContribution out;
  out.received_at = m.received_at;
  out.mask = Bit(kMessages);
  if (m.replied_at) out.latency = *m.replied_at - m.received_at;
  // A reply at exactly 24 h is within.
  bool within = out.latency && *out.latency <= core::kDay;
  out.mask |= within ? Bit(kRepliedWithin24h) : Bit(kNotWithin24h);
  return out;
}

std::optional<Contribution> ContributionOf(const core::Feedback& f) {
  if (!f.negative()) return std::nullopt;
  return Contribution{f.received_at, Bit(kNegativeFeedback)};
}

ClaimContribution ContributionOf(const core::Claim& c) {
  ClaimContribution out;
  if (!c.dispute()) return out;
  out.File(c.opened_at,
           Bit(kDisputesOpened) | (c.escalated ? Bit(kDisputesEscalated) : CounterMask{0}));
  if (c.against_seller()) out.File(*c.decided_at, Bit(kDisputesAgainstSeller));
  return out;
}

CounterMask MarksMask(const MarkCounts& m) {
  CounterMask mask = 0;
  if (m.negative_feedback > 0) mask |= Bit(kNegativeFeedbackOrders) | Bit(kDefectOrders);
  if (m.defect_claims > 0) mask |= Bit(kDefectOrders);
  return mask;
}

MarkCounts MarksOf(const core::Feedback& f) {
  MarkCounts m;
  if (!f.order_id.empty() && f.negative()) m.negative_feedback = 1;
  return m;
}

MarkCounts MarksOf(const core::Claim& c) {
  MarkCounts m;
  if (c.order_id.empty()) return m;
  if (c.defect()) m.defect_claims = 1;
  return m;
}

}  // namespace sellerwatch::metrics
