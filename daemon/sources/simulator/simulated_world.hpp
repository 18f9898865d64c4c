#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/event.hpp"

namespace sellerwatch::sources::simulator {

// A synthetic shop as a pure function of (parameters, anchor, time): every order has a planned
// life (purchase, shipment, delivery, perhaps a cancellation, feedback, a claim, a buyer
// message), drawn from a seeded generator keyed by the order's index, so the same seed always
// gives the same shop. `anchor` is the moment the simulation started; the 65 days before it
// are history. In the "deteriorating" scenario a scripted incident happens every
// `incident_every` after the anchor: orders stop shipping on time, the seller cancels, buyers
// leave negative feedback — enough to cross the Amazon thresholds within a minute.
struct WorldParams {
  std::string account;
  std::uint64_t seed = 1;
  int orders_per_day = 20;
  bool deteriorating = false;
  core::Duration incident_every = std::chrono::seconds(5);
};

// Every event whose state changed in (after, upto] — all of them when `after` is empty —
// as it stands at `upto`.
std::vector<core::Event> EventsChangedBetween(const WorldParams& params, core::Timestamp anchor,
                                              std::optional<core::Timestamp> after,
                                              core::Timestamp upto);

}  // namespace sellerwatch::sources::simulator
