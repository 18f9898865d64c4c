#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace sellerwatch::core {
namespace {

using namespace std::chrono_literals;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// Readings of (wall clock, elapsed clock) in seconds from an origin, and what Track reports.
TEST(ClockTrackTest, FollowsTheWallClockAndHoldsBackItsSteps) {
  struct Reading {
    Duration wall;
    Duration elapsed;
    Duration reported;
    Duration held;
  };
  struct Case {
    const char* name;
    std::vector<Reading> readings;
  };
  const Timestamp origin = FromUnixMillis(1'796'000'000'000);
  const Case cases[] = {
      {"steady", {{0s, 0s, 0s, 0s}, {60s, 60s, 60s, 0s}, {120s, 120s, 120s, 0s}}},
      // NTP slewing or a late reading: within the tolerance the wall clock is taken as it is.
      {"small drift", {{0s, 0s, 0s, 0s}, {64s, 60s, 64s, 0s}, {122s, 120s, 122s, 0s}}},
      {"forward 6h",
       {{0s, 0s, 0s, 0s},
        {hours(6) + 10s, 10s, 10s, hours(6)},
        {hours(6) + 70s, 70s, 70s, hours(6)}}},
      {"back 1h",
       {{0s, 0s, 0s, 0s},
        {-hours(1) + 10s, 10s, 10s, -hours(1)},
        {-hours(1) + 20s, 20s, 20s, -hours(1)}}},
      {"forward then back",
       {{0s, 0s, 0s, 0s}, {hours(6), 1s, 1s, hours(6) - 1s}, {hours(5) + 2s, 2s, 2s, hours(5)}}},
      // A suspended machine: CLOCK_BOOTTIME counts the sleep, so the hours did pass.
      {"suspend", {{0s, 0s, 0s, 0s}, {hours(8), hours(8), hours(8), 0s}}},
  };
  for (const auto& c : cases) {
    ClockTrack track;
    for (const auto& r : c.readings) {
      Timestamp got = Track(track, origin + r.wall, r.elapsed, seconds(5));
      EXPECT_EQ(got - origin, r.reported) << c.name << " at wall " << r.wall.count();
      EXPECT_EQ(track.held, r.held) << c.name << " at wall " << r.wall.count();
    }
  }
}

TEST(ClockTrackTest, TimeReportedNeverGoesBackWhileAJumpIsHeld) {
  ClockTrack track;
  const Timestamp origin = FromUnixMillis(1'796'000'000'000);
  Timestamp last = Track(track, origin, 0s, seconds(5));
  for (int i = 1; i <= 10; ++i) {
    // The wall clock swings by hours both ways; elapsed time goes on a second at a time.
    Duration swing = (i % 2 ? hours(i) : -hours(i));
    Timestamp now = Track(track, origin + swing + seconds(i), seconds(i), seconds(5));
    EXPECT_EQ(now - last, seconds(1)) << "reading " << i;
    last = now;
  }
}

TEST(JumpAwareClockTest, WithASteadyWallClockThereIsNoJump) {
  JumpAwareClock clock;
  Timestamp first = clock.Now();
  EXPECT_FALSE(clock.TakeJump());
  EXPECT_GE(clock.Now(), first);
  EXPECT_LT(clock.Now() - SystemClock().Now(), seconds(1));
}

}  // namespace
}  // namespace sellerwatch::core
