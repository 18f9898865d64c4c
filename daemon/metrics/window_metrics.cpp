#include "metrics/window_metrics.hpp"

#include <algorithm>
#include <cmath>

namespace sellerwatch::metrics {
namespace {

using core::Order;
using core::Timestamp;

struct Window {
  Timestamp from;  // inclusive
  Timestamp to;    // exclusive: now

  Window(Timestamp now, int days) : from(now - days * core::kDay), to(now) {}
  bool Contains(Timestamp t) const { return t >= from && t < to; }
  bool Contains(const std::optional<Timestamp>& t) const { return t && Contains(*t); }
};

struct Ratio {
  double numerator = 0;
  double denominator = 0;
  void Count(bool hit) {
    denominator += 1;
    if (hit) numerator += 1;
  }
};

MetricValue RateValue(const core::MetricInfo& info, const Ratio& r) {
  MetricValue v{info, r.numerator, r.denominator, std::nullopt};
  if (r.denominator > 0) v.value = r.numerator / r.denominator;
  return v;
}

// Orders by purchase date; `merchant_only` for the seller-fulfilment metrics.
template <class Hit>
Ratio OrdersPurchased(const AccountEvents& ev, Window w, bool merchant_only, Hit hit) {
  Ratio r;
  for (const Order& o : ev.orders) {
    if (!w.Contains(o.purchased_at)) continue;
    if (merchant_only && !o.merchant()) continue;
    r.Count(hit(o));
  }
  return r;
}

// Late: shipped strictly after ship_by, or still unshipped once ship_by has passed. Every
// order in the window has ship_by < now, so an unshipped one there is already late.
Ratio LateShipments(const AccountEvents& ev, Window w) {
  Ratio r;
  for (const Order& o : ev.orders) {
    if (!o.merchant() || o.cancelled() || !w.Contains(o.ship_by)) continue;
    bool late = o.shipped_at ? *o.shipped_at > *o.ship_by : !o.shipped();
    r.Count(late);
  }
  return r;
}

// The time an order left: shipped_at, or delivered_at for a delivered order without it.
std::optional<Timestamp> ShippedTime(const Order& o) {
  if (o.shipped_at) return o.shipped_at;
  if (o.status == core::OrderStatus::kDelivered) return o.delivered_at;
  return std::nullopt;
}

Ratio ValidTracking(const AccountEvents& ev, Window w) {
  Ratio r;
  for (const Order& o : ev.orders) {
    if (!o.merchant() || o.cancelled() || !w.Contains(ShippedTime(o))) continue;
    r.Count(o.tracking_valid.value_or(false));
  }
  return r;
}

// Delivered by deliver_by (inclusive) among tracked orders whose deliver_by is in the window;
// one not delivered by a deliver_by that has passed is not on time.
Ratio OnTimeDelivery(const AccountEvents& ev, Window w) {
  Ratio r;
  for (const Order& o : ev.orders) {
    if (!o.merchant() || o.cancelled() || !o.tracking_valid.value_or(false)) continue;
    if (!w.Contains(o.deliver_by)) continue;
    r.Count(o.delivered_at && *o.delivered_at <= *o.deliver_by);
  }
  return r;
}

// A reply after `now` is not known yet at `now` (status --at).
std::optional<Timestamp> ReplyKnownAt(const core::Message& m, Timestamp now) {
  if (m.replied_at && *m.replied_at <= now) return m.replied_at;
  return std::nullopt;
}

Ratio ResponseWithin24h(const AccountEvents& ev, Window w) {
  Ratio r;
  const auto day = core::kDay;
  for (const auto& m : ev.messages) {
    if (!w.Contains(m.received_at)) continue;
    auto reply = ReplyKnownAt(m, w.to);
    if (reply) {
      r.Count(*reply - m.received_at <= day);  // a reply at exactly 24 h is within
    } else if (w.to - m.received_at > day) {
      r.Count(false);  // unanswered and already past the SLA
    }
  }
  return r;
}

MetricValue ResponseTimeP90(const core::MetricInfo& info, const AccountEvents& ev, Window w) {
  std::vector<double> latencies;
  for (const auto& m : ev.messages) {
    if (!w.Contains(m.received_at)) continue;
    Timestamp end = ReplyKnownAt(m, w.to).value_or(w.to);
    latencies.push_back(std::chrono::duration<double>(end - m.received_at).count());
  }
  MetricValue v{info, std::nullopt, static_cast<double>(latencies.size()), std::nullopt};
  if (latencies.empty()) return v;
  // Nearest-rank percentile: the smallest latency with at least 90 % of samples at or below.
  std::size_t rank =
      static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(latencies.size())));
  std::nth_element(latencies.begin(), latencies.begin() + static_cast<long>(rank - 1),
                   latencies.end());
  v.value = latencies[rank - 1];
  return v;
}

MetricValue NegativeFeedbackCount(const core::MetricInfo& info, const AccountEvents& ev, Window w) {
  double n = 0;
  for (const auto& f : ev.feedback)
    if (f.negative() && w.Contains(f.received_at)) n += 1;
  return MetricValue{info, std::nullopt, n, n};
}

// AliExpress's dispute base (marketplaces.md §4): orders confirmed received (by the buyer or
// by timeout) plus disputes opened, both in the window; `hit` picks the disputes counted.
template <class Hit>
Ratio Disputes(const AccountEvents& ev, Window w, Hit hit) {
  Ratio r;
  for (const Order& o : ev.orders)
    if (!o.cancelled() && w.Contains(o.delivered_at)) r.denominator += 1;
  for (const core::Claim& c : ev.claims) {
    if (!c.dispute() || !w.Contains(c.opened_at)) continue;
    r.Count(hit(c));
  }
  return r;
}

// Disputes decided against the seller in the window / merchant orders shipped in it.
Ratio DisputesAgainstSeller(const AccountEvents& ev, Window w) {
  Ratio r;
  for (const Order& o : ev.orders)
    if (o.merchant() && !o.cancelled() && w.Contains(ShippedTime(o))) r.denominator += 1;
  for (const core::Claim& c : ev.claims)
    if (c.against_seller() && w.Contains(c.decided_at)) r.numerator += 1;
  return r;
}

MetricValue SellerFaultCloses(const core::MetricInfo& info, const AccountEvents& ev, Window w) {
  double n = 0;
  for (const Order& o : ev.orders)
    if (o.seller_fault_close() && w.Contains(o.cancelled_at.value_or(o.updated_at))) n += 1;
  return MetricValue{info, std::nullopt, n, n};
}

}  // namespace

std::optional<MetricValue> ComputeMetric(std::string_view name, const AccountEvents& ev,
                                         Timestamp now, std::optional<int> window_days) {
  auto info = core::FindMetric(name);
  if (!info) return std::nullopt;
  Window w(now, window_days.value_or(info->window_days));
  if (name == "order_defect_rate") {
    return RateValue(*info, OrdersPurchased(ev, w, false, [&ev](const Order& o) {
      return ev.MarksOf(o.id).defect();
    }));
  }
  if (name == "negative_feedback_rate") {
    return RateValue(*info, OrdersPurchased(ev, w, false, [&ev](const Order& o) {
      return ev.MarksOf(o.id).negative_feedback;
    }));
  }
  if (name == "cancellation_rate") {
    return RateValue(
        *info, OrdersPurchased(ev, w, true, [](const Order& o) { return o.seller_cancelled(); }));
  }
  if (name == "late_shipment_rate_10d" || name == "late_shipment_rate_30d") {
    return RateValue(*info, LateShipments(ev, w));
  }
  if (name == "valid_tracking_rate") return RateValue(*info, ValidTracking(ev, w));
  if (name == "on_time_delivery_rate") return RateValue(*info, OnTimeDelivery(ev, w));
  if (name == "response_within_24h_rate") return RateValue(*info, ResponseWithin24h(ev, w));
  if (name == "response_time_p90") return ResponseTimeP90(*info, ev, w);
  if (name == "negative_feedback_count_7d") return NegativeFeedbackCount(*info, ev, w);
  if (name == "dispute_rate") {
    return RateValue(*info, Disputes(ev, w, [](const core::Claim&) { return true; }));
  }
  if (name == "dispute_escalation_rate") {
    return RateValue(*info, Disputes(ev, w, [](const core::Claim& c) { return c.escalated; }));
  }
  if (name == "seller_responsible_dispute_rate") {
    return RateValue(*info, DisputesAgainstSeller(ev, w));
  }
  if (name == "seller_fault_cancel_count") return SellerFaultCloses(*info, ev, w);
  return std::nullopt;  // at-risk groups and platform.* values are not window metrics
}

std::vector<MetricValue> ComputeAllMetrics(const AccountEvents& ev, Timestamp now) {
  std::vector<MetricValue> out;
  for (const auto& info : core::AllMetrics()) {
    if (auto v = ComputeMetric(info.name, ev, now)) out.push_back(std::move(*v));
  }
  return out;
}

}  // namespace sellerwatch::metrics
