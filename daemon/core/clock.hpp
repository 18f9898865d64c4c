#pragma once

#include <optional>

#include "core/time.hpp"

namespace sellerwatch::core {

// Only the scheduling layer reads a Clock; domain code takes `now` as a parameter.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
  // A step of the wall clock that Now() has held back (see JumpAwareClock): the caller moves
  // its stored timers by it, and Now() follows the wall clock again from this call on.
  virtual std::optional<Duration> TakeJump() const { return std::nullopt; }
};

class SystemClock final : public Clock {
 public:
  Timestamp Now() const override {
    return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  }
};

// What JumpAwareClock knows between two readings.
struct ClockTrack {
  Timestamp last{};         // the time last returned
  Duration last_elapsed{};  // the elapsed-time reading that went with it
  Duration held{};          // wall clock minus returned time: jumps not yet taken
  bool started = false;
};

// One reading: the wall clock says `wall`, the elapsed-time clock `elapsed`. Returns the time
// to report: the wall clock, unless it moved more than `tolerance` away from the time that
// actually elapsed since the last reading — then the difference is held back and time goes on
// at the elapsed pace until the jump is taken.
Timestamp Track(ClockTrack& track, Timestamp wall, Duration elapsed, Duration tolerance);

// The daemon's clock: the wall clock, except that a step of it (an operator's `date -s`, NTP
// stepping a badly wrong clock, a restored VM) does not reach timers as time that passed, or
// time that went back. Elapsed time comes from CLOCK_BOOTTIME, which counts a suspend: a
// machine that slept for hours did let those hours pass. The owner takes each jump at a safe
// point (TakeJump) and moves its stored timers with it, so `for`, retries and repeats measure
// time that elapsed while wall-clock times stay true.
class JumpAwareClock final : public Clock {
 public:
  static constexpr Duration kTolerance = std::chrono::seconds(5);

  Timestamp Now() const override;
  std::optional<Duration> TakeJump() const override;

 private:
  mutable ClockTrack track_;
};

}  // namespace sellerwatch::core
