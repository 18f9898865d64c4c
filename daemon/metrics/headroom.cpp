#include "metrics/headroom.hpp"

#include <algorithm>
#include <cmath>

namespace sellerwatch::metrics {
namespace {

// Products like 0.01 * 300 land a hair off the integer; snap them so the counts are exact.
double Snap(double x) {
  double r = std::round(x);
  return std::abs(x - r) < 1e-9 ? r : x;
}

}  // namespace

bool Breached(core::Direction direction, double value, double threshold) {
  double v = Snap(value * 1e6) / 1e6;
  double t = Snap(threshold * 1e6) / 1e6;
  return direction == core::Direction::kAbove ? v >= t : v < t;
}

bool BreachedWithAllowance(core::Direction direction, double value, double numerator,
                           double threshold, int allowance) {
  if (direction == core::Direction::kAbove && numerator <= allowance) return false;
  return Breached(direction, value, threshold);
}

std::optional<Headroom> ComputeHeadroom(core::Direction direction, double numerator,
                                        double denominator, double threshold, int allowance) {
  if (denominator <= 0) return std::nullopt;
  if (direction == core::Direction::kAbove && allowance > 0) {
    auto by_rate = ComputeHeadroom(direction, numerator, denominator, threshold);
    long by_count = allowance - static_cast<long>(Snap(numerator));
    if (by_count < 0) return by_rate;
    // Within the allowance: not breached, whatever the rate says.
    Headroom h;
    h.bad_events_allowed = by_rate && by_rate->bad_events_allowed
                               ? std::max(*by_rate->bad_events_allowed, by_count)
                               : by_count;
    return h;
  }
  Headroom h;
  if (direction == core::Direction::kAbove) {
    // Bad events k keep (n + k) / d < t  ⇔  k < t·d − n.
    double limit = Snap(threshold * denominator - numerator);
    if (limit > 0) {
      h.bad_events_allowed = static_cast<long>(std::ceil(limit)) - 1;
    } else {
      if (threshold <= 0) return std::nullopt;  // a 0 % limit is never met again
      // Good events g bring n / (d + g) < t  ⇔  g > n / t − d.
      double need = Snap(numerator / threshold - denominator);
      h.good_events_needed = static_cast<long>(std::floor(need)) + 1;
    }
  } else {
    // Bad events k keep n / (d + k) >= t  ⇔  k <= n / t − d.
    if (threshold <= 0) return std::nullopt;  // a 0 % floor is never breached
    double slack = Snap(numerator / threshold - denominator);
    if (slack >= 0) {
      h.bad_events_allowed = static_cast<long>(std::floor(slack));
    } else {
      if (threshold >= 1) return std::nullopt;  // a 100 % floor is never met again
      // Good events g bring (n + g) / (d + g) >= t  ⇔  g >= (t·d − n) / (1 − t).
      double need = Snap((threshold * denominator - numerator) / (1 - threshold));
      h.good_events_needed = static_cast<long>(std::ceil(need));
    }
  }
  return h;
}

}  // namespace sellerwatch::metrics
