#include "early_warning/shop.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

namespace sellerwatch::bench::early_warning {
namespace {

using std::chrono::hours;
constexpr core::Duration kDay = core::kDay;
constexpr double kBuyerCancel = 0.005;     // buyer-requested: never counted against the seller
constexpr double kNegativeShare = 0.6;     // of defects: negative feedback, else an A-to-z claim
constexpr double kPositiveFeedback = 0.1;  // of the other delivered orders

}  // namespace

std::string_view Name(Drift d) {
  switch (d) {
    case Drift::kNone:
      return "healthy";
    case Drift::kLateShipment:
      return "late";
    case Drift::kSellerCancel:
      return "cancel";
    case Drift::kOrderDefect:
      return "defect";
  }
  return "?";
}

Odds HealthyOdds() { return {0.015, 0.0075, 0.00375}; }
Odds CriticalOdds() { return {0.04, 0.025, 0.01}; }

Odds ShopScenario::OnDay(int day) const {
  Odds odds = HealthyOdds();
  const int t = day - warmup_days;
  if (drift == Drift::kNone || t < 0) return odds;
  const double f = std::min(1.0, static_cast<double>(t) / std::max(ramp_days, 1));
  const Odds top = CriticalOdds();
  auto rise = [f](double from, double critical) { return from + f * (2 * critical - from); };
  switch (drift) {
    case Drift::kLateShipment:
      odds.late = rise(odds.late, top.late);
      break;
    case Drift::kSellerCancel:
      odds.seller_cancel = rise(odds.seller_cancel, top.seller_cancel);
      break;
    case Drift::kOrderDefect:
      odds.defect = rise(odds.defect, top.defect);
      break;
    case Drift::kNone:
      break;
  }
  return odds;
}

SyntheticShop::SyntheticShop(const ShopScenario& scenario, std::string account,
                             core::Timestamp start)
    : scenario_(scenario), account_(std::move(account)), start_(start), draws_(scenario.seed) {}

std::vector<core::Event> SyntheticShop::ChangesBefore(core::Timestamp until) {
  while (start_ + next_day_ * kDay < until) PlaceDay(next_day_++);
  std::vector<core::Event> out;
  while (!pending_.empty() && pending_.top().at < until) {
    out.push_back(pending_.top().event);
    pending_.pop();
  }
  return out;
}

void SyntheticShop::PlaceDay(int day) {
  const Odds odds = scenario_.OnDay(day);
  const int orders = draws_.Poisson(scenario_.orders_per_day);
  const core::Timestamp day_start = start_ + day * kDay;
  for (int i = 0; i < orders; ++i) {
    PlaceOrder("o" + std::to_string(day) + "-" + std::to_string(i),
               day_start + draws_.Between(core::Duration(0), kDay), odds);
  }
}

// The order's whole future is drawn when it is placed; each version is delivered at its time.
void SyntheticShop::PlaceOrder(const std::string& id, core::Timestamp purchased_at,
                               const Odds& odds) {
  core::Order order;
  order.account = account_;
  order.id = id;
  order.purchased_at = purchased_at;
  order.status = core::OrderStatus::kUnshipped;
  order.fulfillment = core::Fulfillment::kMerchant;
  order.ship_by = purchased_at + 2 * kDay;
  order.updated_at = purchased_at;
  Schedule(purchased_at, order);

  const bool seller_cancel = draws_.Bernoulli(odds.seller_cancel);
  if (seller_cancel || draws_.Bernoulli(kBuyerCancel)) {
    order.status = core::OrderStatus::kCancelled;
    order.cancelled_at = purchased_at + draws_.Between(hours(1), hours(40));
    order.cancel_initiator =
        seller_cancel ? core::CancelInitiator::kSeller : core::CancelInitiator::kBuyer;
    order.updated_at = *order.cancelled_at;
    Schedule(order.updated_at, order);
    return;
  }

  // Late: strictly after ship_by, so the order counts as late from ship_by on while unshipped.
  const bool late = draws_.Bernoulli(odds.late);
  const core::Timestamp shipped = late ? *order.ship_by + draws_.Between(hours(1), hours(72))
                                       : purchased_at + draws_.Between(hours(1), hours(47));
  order.status = core::OrderStatus::kShipped;
  order.shipped_at = shipped;
  order.tracking_valid = true;
  order.deliver_by = *order.ship_by + 5 * kDay;
  order.updated_at = shipped;
  Schedule(shipped, order);

  const core::Timestamp delivered = shipped + draws_.Between(2 * kDay, 5 * kDay);
  order.status = core::OrderStatus::kDelivered;
  order.delivered_at = delivered;
  order.updated_at = delivered;
  Schedule(delivered, order);

  const bool defect = draws_.Bernoulli(odds.defect);
  if (defect && draws_.Bernoulli(kNegativeShare)) {
    core::Feedback f;
    f.account = account_;
    f.id = "f" + id;
    f.order_id = id;
    f.rating = draws_.Bernoulli(0.5) ? 1 : 2;
    f.received_at = delivered + draws_.Between(kDay, 14 * kDay);
    f.updated_at = f.received_at;
    Schedule(f.received_at, f);
  } else if (defect) {
    core::Claim c;
    c.account = account_;
    c.id = "c" + id;
    c.order_id = id;
    c.kind = core::ClaimKind::kAToZ;
    c.status = "open";
    c.opened_at = delivered + draws_.Between(3 * kDay, 21 * kDay);
    c.updated_at = c.opened_at;
    Schedule(c.opened_at, c);
  } else if (draws_.Bernoulli(kPositiveFeedback)) {
    core::Feedback f;
    f.account = account_;
    f.id = "f" + id;
    f.order_id = id;
    f.rating = 5;
    f.received_at = delivered + draws_.Between(kDay, 14 * kDay);
    f.updated_at = f.received_at;
    Schedule(f.received_at, f);
  }
}

void SyntheticShop::Schedule(core::Timestamp at, core::Event event) {
  pending_.push(Change{at, next_seq_++, std::move(event)});
}

}  // namespace sellerwatch::bench::early_warning
