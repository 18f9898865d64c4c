// When the daemon's loops wake, as tables; and the group loop's wiring: an overdue group is
// flushed at once, Rearm() makes it look again.

#include "app/scheduler.hpp"

#include <gtest/gtest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>

#include "fakes/manual_clock.hpp"
#include "fakes/run_awaitable.hpp"

namespace sellerwatch::app {
namespace {

using namespace std::chrono_literals;

TEST(NextTick, FixedRateFromTheIntendedTimeSkippingMissedTicks) {
  const SteadyTime t0{};
  struct Case {
    const char* what;
    SteadyDuration every;
    SteadyDuration ran_at;  // after t0, the tick that was due
    SteadyDuration next;    // after t0
  };
  for (const Case& c : {
           Case{"on time", 10s, 0s, 10s},
           Case{"late, within the interval: no drift", 10s, 4s, 10s},
           Case{"ran until the next tick: that one is skipped", 10s, 10s, 20s},
           Case{"overran several ticks", 10s, 35s, 40s},
           Case{"overran to exactly a tick", 10s, 30s, 40s},
           Case{"a reload shortened the interval", 3s, 1s, 3s},
           Case{"a reload lengthened it", 1min, 0s, 1min},
       }) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(NextTick(t0, c.every, t0 + c.ran_at) - t0, c.next);
  }
}

TEST(GroupWait, UntilTheNextGroupIsDueAtMostAMinute) {
  const core::Timestamp now = *core::ParseRfc3339("2026-11-01T10:00:00Z");
  struct Case {
    const char* what;
    std::optional<core::Timestamp> due;
    SteadyDuration wait;
  };
  for (const Case& c : {
           Case{"no group waiting", std::nullopt, kGroupCheckEvery},
           Case{"due soon", now + 10s, 10s},
           Case{"due in a minute", now + 1min, 1min},
           Case{"due later: look again in a minute", now + 5min, 1min},
           Case{"due now", now, 0s},
           Case{"overdue", now - 3s, 0s},
       }) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(GroupWait(c.due, now), c.wait);
  }
  EXPECT_EQ(kGroupCheckEvery, SteadyDuration(1min));
}

TEST(HeartbeatPing, AGetThatCannotOutlastItsInterval) {
  struct Case {
    core::Duration every;
    core::Duration timeout;
  };
  for (const Case& c : {Case{5min, 30s}, Case{30s, 30s}, Case{10s, 10s}, Case{1s, 1s}}) {
    config::HeartbeatConfig hb{config::Secret(std::string("https://hc.example/ping/abc")), c.every};
    auto ping = HeartbeatPing(hb);
    EXPECT_EQ(ping.method, "GET");
    EXPECT_EQ(ping.url, "https://hc.example/ping/abc");
    EXPECT_EQ(ping.timeout, c.timeout) << core::FormatDuration(c.every);
    EXPECT_EQ(ping.max_response_bytes, 64u * 1024);
  }
}

TEST(GroupFlushLoop, FlushesAnOverdueGroupAtOnceAndLooksAgainWhenRearmed) {
  boost::asio::io_context io;
  testing::ManualClock clock{*core::ParseRfc3339("2026-11-01T10:00:00Z")};
  std::optional<core::Timestamp> due = clock.now - 1s;
  std::vector<core::Timestamp> flushes;
  GroupFlushLoop loop(
      io, clock, [&] { return due; },
      [&](core::Timestamp now) {
        flushes.push_back(now);
        due.reset();  // flushed: nothing due any more
      });
  boost::asio::cancellation_signal stop;
  bool finished = false;
  boost::asio::co_spawn(io, loop.Run(),
                        boost::asio::bind_cancellation_slot(
                            stop.slot(), [&](std::exception_ptr) { finished = true; }));

  ASSERT_TRUE(testing::RunUntil(io, [&] { return flushes.size() == 1; }));
  EXPECT_EQ(flushes[0], clock.now);
  io.poll();  // nothing due: the loop sleeps for a minute
  EXPECT_EQ(flushes.size(), 1u);

  // An evaluation queued a group due now: without Rearm() the loop would sleep on.
  due = clock.now;
  loop.Rearm();
  ASSERT_TRUE(testing::RunUntil(io, [&] { return flushes.size() == 2; }));

  stop.emit(boost::asio::cancellation_type::terminal);
  ASSERT_TRUE(testing::RunUntil(io, [&] { return finished; }));
  EXPECT_EQ(flushes.size(), 2u);  // a stopped loop does not flush
}

}  // namespace
}  // namespace sellerwatch::app
