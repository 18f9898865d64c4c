#pragma once

#include "core/time.hpp"

namespace sellerwatch::core {

// Only the scheduling layer reads a Clock; domain code takes `now` as a parameter.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  }
};

}  // namespace sellerwatch::core
