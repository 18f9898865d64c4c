#include "sources/simulator/simulated_world.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace sellerwatch::sources::simulator {
namespace {

using core::Duration;
using core::Timestamp;
using std::chrono::hours;
using std::chrono::minutes;

constexpr Duration kHistory = 65 * core::kDay;

// splitmix64: a tiny, well-mixed generator; one stream per (seed, order, purpose).
std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

class Dice {
 public:
  Dice(std::uint64_t seed, std::int64_t index, std::uint64_t salt)
      : state_(Mix(seed ^ Mix(static_cast<std::uint64_t>(index) ^ Mix(salt)))) {}
  double Uniform() {  // [0, 1)
    state_ = Mix(state_);
    return static_cast<double>(state_ >> 11) * 0x1.0p-53;
  }
  bool Chance(double p) { return Uniform() < p; }
  Duration Between(Duration lo, Duration hi) {
    return lo +
           Duration(static_cast<std::int64_t>(Uniform() * static_cast<double>((hi - lo).count())));
  }

 private:
  std::uint64_t state_;
};

struct OrderPlan {
  core::Order order;  // its final state
  std::optional<Timestamp> shipped, delivered, cancelled;
};

std::string AmazonStyleId(std::uint64_t seed, std::int64_t index, std::uint64_t salt) {
  std::uint64_t h = Mix(seed ^ Mix(static_cast<std::uint64_t>(index) * 31 + salt));
  return fmt::format("{:03}-{:07}-{:07}", 100 + h % 900, (h >> 10) % 10'000'000,
                     (h >> 34) % 10'000'000);
}

// The order as known at `t` (nullopt before it was placed).
std::optional<core::Order> StateAt(const OrderPlan& p, Timestamp t) {
  if (p.order.purchased_at > t) return std::nullopt;
  core::Order o = p.order;
  o.status = core::OrderStatus::kUnshipped;
  o.shipped_at.reset();
  o.delivered_at.reset();
  o.cancelled_at.reset();
  o.cancel_initiator.reset();
  o.tracking_valid.reset();
  o.updated_at = o.purchased_at;
  if (p.cancelled && *p.cancelled <= t) {
    o.status = core::OrderStatus::kCancelled;
    o.cancelled_at = p.cancelled;
    o.cancel_initiator = p.order.cancel_initiator;
    o.updated_at = *p.cancelled;
    return o;
  }
  if (p.shipped && *p.shipped <= t) {
    o.status = core::OrderStatus::kShipped;
    o.shipped_at = p.shipped;
    o.tracking_valid = p.order.tracking_valid;
    o.updated_at = *p.shipped;
  }
  if (p.delivered && *p.delivered <= t) {
    o.status = core::OrderStatus::kDelivered;
    o.delivered_at = p.delivered;
    o.updated_at = *p.delivered;
  }
  return o;
}

bool ChangedIn(const OrderPlan& p, std::optional<Timestamp> after, Timestamp upto) {
  for (const auto& t :
       {std::optional<Timestamp>(p.order.purchased_at), p.shipped, p.delivered, p.cancelled}) {
    if (t && *t <= upto && (!after || *t > *after)) return true;
  }
  return false;
}

bool In(Timestamp t, std::optional<Timestamp> after, Timestamp upto) {
  return t <= upto && (!after || t > *after);
}

class World {
 public:
  World(const WorldParams& params, Timestamp anchor)
      : p_(params), anchor_(anchor), interval_(core::kDay / std::max(1, params.orders_per_day)) {}

  OrderPlan RegularOrder(std::int64_t k) const {
    Dice d(p_.seed, k, 1);
    OrderPlan plan;
    core::Order& o = plan.order;
    o.account = p_.account;
    o.id = AmazonStyleId(p_.seed, k, 0);
    o.purchased_at = anchor_ + k * interval_ + d.Between(Duration(0), interval_);
    o.fulfillment = d.Chance(0.85) ? core::Fulfillment::kMerchant : core::Fulfillment::kPlatform;
    o.ship_by = o.purchased_at + hours(48);
    o.deliver_by = o.purchased_at + 6 * core::kDay;
    double fate = d.Uniform();
    if (fate < 0.015) {  // buyer asked to cancel
      plan.cancelled = o.purchased_at + d.Between(minutes(30), hours(6));
      o.cancel_initiator = core::CancelInitiator::kBuyer;
      return Finish(plan);
    }
    if (fate < 0.018 && o.merchant()) {  // out of stock
      plan.cancelled = o.purchased_at + d.Between(hours(2), hours(30));
      o.cancel_initiator = core::CancelInitiator::kSeller;
      return Finish(plan);
    }
    bool late = o.merchant() && d.Chance(0.01);
    plan.shipped = late ? *o.ship_by + d.Between(hours(1), hours(20))
                        : o.purchased_at + d.Between(hours(2), hours(30));
    o.tracking_valid = !o.merchant() || d.Chance(0.985);
    plan.delivered = d.Chance(0.97) ? *plan.shipped + d.Between(hours(20), hours(96))
                                    : *o.deliver_by + d.Between(hours(6), hours(48));
    return Finish(plan);
  }

  // Incident orders of the deteriorating scenario: j-th incident at anchor + j·pace.
  std::optional<OrderPlan> IncidentOrder(int j, char kind) const {
    Timestamp at = anchor_ + j * p_.incident_every;
    OrderPlan plan;
    core::Order& o = plan.order;
    o.account = p_.account;
    o.id = AmazonStyleId(p_.seed, j, static_cast<std::uint64_t>(kind));
    o.fulfillment = core::Fulfillment::kMerchant;
    if (kind == 'L') {  // due now and not shipped: the warehouse stopped
      o.purchased_at = at - hours(48);
      o.ship_by = at;
    } else if (kind == 'C' || kind == 'B') {  // cancelled now, by the seller or the buyer
      o.purchased_at = anchor_ - hours(20) + j * minutes(1);
      o.ship_by = o.purchased_at + hours(48);
      plan.cancelled = at;
      o.cancel_initiator =
          kind == 'C' ? core::CancelInitiator::kSeller : core::CancelInitiator::kBuyer;
    } else {
      return std::nullopt;
    }
    o.deliver_by = o.purchased_at + 6 * core::kDay;
    return Finish(plan);
  }

  std::vector<core::Event> Changed(std::optional<Timestamp> after, Timestamp upto) const {
    std::vector<core::Event> out;
    std::int64_t first = -static_cast<std::int64_t>(kHistory / interval_);
    std::int64_t last = (upto - anchor_) / interval_;
    for (std::int64_t k = first; k <= last; ++k) {
      OrderPlan plan = RegularOrder(k);
      if (plan.order.purchased_at < upto - kHistory) continue;
      EmitOrder(plan, after, upto, out);
      EmitFollowUps(k, plan, after, upto, out);
    }
    if (p_.deteriorating) EmitIncidents(after, upto, out);
    return out;
  }

 private:
  static OrderPlan Finish(OrderPlan plan) {
    plan.order.status = plan.cancelled   ? core::OrderStatus::kCancelled
                        : plan.delivered ? core::OrderStatus::kDelivered
                        : plan.shipped   ? core::OrderStatus::kShipped
                                         : core::OrderStatus::kUnshipped;
    return plan;
  }

  static void EmitOrder(const OrderPlan& plan, std::optional<Timestamp> after, Timestamp upto,
                        std::vector<core::Event>& out) {
    if (!ChangedIn(plan, after, upto)) return;
    if (auto o = StateAt(plan, upto)) out.emplace_back(std::move(*o));
  }

  void EmitFollowUps(std::int64_t k, const OrderPlan& plan, std::optional<Timestamp> after,
                     Timestamp upto, std::vector<core::Event>& out) const {
    static constexpr std::array<std::string_view, 4> kPraise = {
        "Fast shipping, as described", "Great seller", "Arrived well packed", "All good, thanks"};
    static constexpr std::array<std::string_view, 4> kComplaints = {
        "Arrived broken", "Never got a tracking number", "Item not as described",
        "Took two weeks to arrive"};
    Dice d(p_.seed, k, 2);
    const core::Order& o = plan.order;
    if (plan.delivered && d.Chance(0.15)) {
      core::Feedback f;
      f.account = p_.account;
      f.id = "FB-" + o.id;
      f.order_id = o.id;
      f.received_at = *plan.delivered + d.Between(hours(12), hours(120));
      bool negative = d.Chance(0.02);
      f.rating = negative ? 1 + static_cast<int>(d.Uniform() * 2) : 4 + (d.Chance(0.7) ? 1 : 0);
      auto pick = static_cast<std::size_t>(d.Uniform() * 4);
      f.comment = std::string(negative ? kComplaints[pick] : kPraise[pick]);
      f.updated_at = f.received_at;
      if (In(f.received_at, after, upto)) out.emplace_back(std::move(f));
    }
    if (plan.delivered && d.Chance(0.0015)) {
      core::Claim c;
      c.account = p_.account;
      c.id = "AZ-" + o.id;
      c.order_id = o.id;
      c.kind = core::ClaimKind::kAToZ;
      c.opened_at = *plan.delivered + d.Between(hours(48), hours(240));
      c.status = "open";
      c.updated_at = c.opened_at;
      if (In(c.opened_at, after, upto)) out.emplace_back(std::move(c));
    }
    if (d.Chance(0.12)) {
      core::Message m;
      m.account = p_.account;
      m.id = "MSG-" + o.id;
      m.thread = "T-" + o.id;
      m.order_id = o.id;
      m.received_at = o.purchased_at + d.Between(hours(1), hours(48));
      Timestamp reply = m.received_at + (d.Chance(0.99) ? d.Between(minutes(20), hours(8))
                                                        : d.Between(hours(25), hours(40)));
      if (In(m.received_at, after, upto) || In(reply, after, upto)) {
        if (m.received_at <= upto) {
          if (reply <= upto) m.replied_at = reply;
          m.updated_at = m.replied_at.value_or(m.received_at);
          out.emplace_back(std::move(m));
        }
      }
    }
  }

  // L late shipment, C seller cancel, B buyer cancel (not the seller's fault), N negative
  // feedback, M a buyer message left unanswered.
  static constexpr std::string_view kScript = "LCLNLCLBNNNNNM";

  void EmitIncidents(std::optional<Timestamp> after, Timestamp upto,
                     std::vector<core::Event>& out) const {
    int negative_feedback = 0;
    for (int j = 1; j <= static_cast<int>(kScript.size()); ++j) {
      char kind = kScript[static_cast<std::size_t>(j - 1)];
      Timestamp at = anchor_ + j * p_.incident_every;
      if (auto plan = IncidentOrder(j, kind)) {
        EmitOrder(*plan, after, upto, out);
      } else if (kind == 'N') {
        EmitNegativeFeedback(++negative_feedback, at, after, upto, out);
      } else if (kind == 'M' && In(at, after, upto)) {
        core::Message m;
        m.account = p_.account;
        m.id = fmt::format("MSG-INCIDENT-{}", j);
        m.thread = fmt::format("T-INCIDENT-{}", j);
        m.received_at = at - hours(13);
        m.updated_at = at;
        out.emplace_back(std::move(m));
      }
    }
  }

  // A 1-star review on the n-th most recent delivered order before the anchor.
  void EmitNegativeFeedback(int n, Timestamp at, std::optional<Timestamp> after, Timestamp upto,
                            std::vector<core::Event>& out) const {
    if (!In(at, after, upto)) return;
    int found = 0;
    for (std::int64_t k = -1; k > -static_cast<std::int64_t>(kHistory / interval_); --k) {
      OrderPlan plan = RegularOrder(k);
      if (!plan.delivered || *plan.delivered > anchor_) continue;
      if (++found < n * 3) continue;  // spread them out a little
      core::Feedback f;
      f.account = p_.account;
      f.id = fmt::format("FB-INCIDENT-{}", n);
      f.order_id = plan.order.id;
      f.rating = 1;
      f.received_at = at;
      f.comment = "Item arrived damaged and the seller did not answer";
      f.updated_at = at;
      out.emplace_back(std::move(f));
      return;
    }
  }

  WorldParams p_;
  Timestamp anchor_;
  Duration interval_;
};

}  // namespace

std::vector<core::Event> EventsChangedBetween(const WorldParams& params, Timestamp anchor,
                                              std::optional<Timestamp> after, Timestamp upto) {
  return World(params, anchor).Changed(after, upto);
}

}  // namespace sellerwatch::sources::simulator
