#pragma once

#include "core/clock.hpp"

namespace sellerwatch::testing {

// A clock the test sets: loops that read it see the time the test says.
class ManualClock final : public core::Clock {
 public:
  explicit ManualClock(core::Timestamp start) : now(start) {}
  core::Timestamp Now() const override { return now; }
  core::Timestamp now;
};

}  // namespace sellerwatch::testing
