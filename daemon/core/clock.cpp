#include "core/clock.hpp"

#include <time.h>

namespace sellerwatch::core {

Timestamp Track(ClockTrack& track, Timestamp wall, Duration elapsed, Duration tolerance) {
  if (!track.started) {
    track = {wall, elapsed, Duration::zero(), true};
    return wall;
  }
  Timestamp expected = track.last + (elapsed - track.last_elapsed);
  Timestamp reported = wall - track.held;
  // NTP slews small errors away: only a step larger than `tolerance` is a jump.
  if (reported - expected > tolerance || expected - reported > tolerance) {
    track.held += reported - expected;
    reported = expected;
  }
  track.last = reported;
  track.last_elapsed = elapsed;
  return reported;
}

namespace {

Duration BootTime() {
  timespec ts{};
  clock_gettime(CLOCK_BOOTTIME, &ts);
  return std::chrono::duration_cast<Duration>(std::chrono::seconds(ts.tv_sec) +
                                              std::chrono::nanoseconds(ts.tv_nsec));
}

}  // namespace

Timestamp JumpAwareClock::Now() const {
  return Track(track_, SystemClock().Now(), BootTime(), kTolerance);
}

std::optional<Duration> JumpAwareClock::TakeJump() const {
  Now();  // a jump since the last reading is seen now, not at the next one
  if (track_.held == Duration::zero()) return std::nullopt;
  Duration jump = track_.held;
  track_.held = Duration::zero();
  track_.last += jump;
  return jump;
}

}  // namespace sellerwatch::core
