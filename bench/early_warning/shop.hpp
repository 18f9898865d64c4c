#pragma once

// A synthetic shop as a marketplace source delivers it: each order appears when it is placed
// and is updated when it is shipped, delivered or cancelled; feedback and A-to-z claims arrive
// days after delivery. Every bad-event kind has a daily probability that a scenario may drift.

#include <cstdint>
#include <queue>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "core/time.hpp"
#include "early_warning/draws.hpp"

namespace sellerwatch::bench::early_warning {

// Which bad-event kind drifts; kNone is a healthy control.
enum class Drift { kNone, kLateShipment, kSellerCancel, kOrderDefect };
std::string_view Name(Drift d);

// Per order, the probability of each bad-event kind on the day it is placed.
struct Odds {
  double late = 0;           // shipped after ship_by
  double seller_cancel = 0;  // cancelled by the seller before shipping
  double defect = 0;         // negative feedback or an A-to-z claim after delivery
};

// Healthy: half of each of Amazon's warn levels (late 3 %, cancel 1.5 %, ODR 0.75 %).
Odds HealthyOdds();
// Amazon's critical levels (late 4 %, cancel 2.5 %, ODR 1 %); a drift ends at twice these.
Odds CriticalOdds();

struct ShopScenario {
  double orders_per_day = 20;  // Poisson mean of a day's orders
  Drift drift = Drift::kNone;
  std::uint64_t seed = 1;
  // Healthy days first, so every window (60 days for the ODR, plus the weeks defects take to
  // arrive) is full when the drift or the observed quarter starts.
  int warmup_days = 90;
  int ramp_days = 30;  // the drifting kind rises linearly from healthy to 2× critical ...
  // ... and then stays there.

  // The odds of an order placed `day` days after the start (day 0 = first warm-up day).
  Odds OnDay(int day) const;
};

class SyntheticShop {
 public:
  SyntheticShop(const ShopScenario& scenario, std::string account, core::Timestamp start);

  // Every new or changed event the source has delivered before `until` and not yet handed out,
  // in the order it happened. Days are placed lazily as `until` passes their start.
  std::vector<core::Event> ChangesBefore(core::Timestamp until);

 private:
  struct Change {
    core::Timestamp at;
    std::uint64_t seq;  // ties keep the order they were scheduled in
    core::Event event;
  };
  struct Later {
    bool operator()(const Change& a, const Change& b) const {
      return a.at != b.at ? a.at > b.at : a.seq > b.seq;
    }
  };

  void PlaceDay(int day);
  void PlaceOrder(const std::string& id, core::Timestamp purchased_at, const Odds& odds);
  void Schedule(core::Timestamp at, core::Event event);

  ShopScenario scenario_;
  std::string account_;
  core::Timestamp start_;
  Draws draws_;
  int next_day_ = 0;
  std::uint64_t next_seq_ = 0;
  std::priority_queue<Change, std::vector<Change>, Later> pending_;
};

}  // namespace sellerwatch::bench::early_warning
