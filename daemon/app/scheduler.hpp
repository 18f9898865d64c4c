#pragma once

// The daemon's periodic loops: evaluation, notification-group flushes, the heartbeat and the
// systemd watchdog. When each one wakes is decided by the pure functions at the top, tested with
// tables; the loops only wait for what those return.

#include <spdlog/logger.h>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>

#include "app/systemd_notify.hpp"
#include "config/config.hpp"
#include "core/clock.hpp"
#include "net/http_client.hpp"

namespace sellerwatch::app {

using SteadyTime = std::chrono::steady_clock::time_point;
using SteadyDuration = std::chrono::steady_clock::duration;

// The group loop looks at least this often, even with no group due.
inline constexpr SteadyDuration kGroupCheckEvery = std::chrono::minutes(1);

// A fixed-rate loop's tick after the one due at `due`, which ran at `now`: `every` later,
// skipping the ticks an overrun missed. `every` > 0.
SteadyTime NextTick(SteadyTime due, SteadyDuration every, SteadyTime now);

// How long the group loop sleeps: until the next group is due (not at all when one is overdue),
// at most kGroupCheckEvery.
SteadyDuration GroupWait(std::optional<core::Timestamp> next_due, core::Timestamp now);

// The dead-man-switch ping: a GET of the heartbeat URL that may not outlast its interval.
net::HttpRequest HeartbeatPing(const config::HeartbeatConfig& heartbeat);

// Calls `evaluate` every `interval()`, read at each tick since a reload may change it.
boost::asio::awaitable<void> EvaluationLoop(std::function<core::Duration()> interval,
                                            std::function<void()> evaluate);

// Dead-man switch: an external monitor expects this GET every `every`; when sellerwatch is
// dead (or its loop stuck), the pings stop and that monitor raises the alarm.
boost::asio::awaitable<void> HeartbeatLoop(net::HttpClient& http, config::HeartbeatConfig heartbeat,
                                           std::shared_ptr<spdlog::logger> log);

// Pings come from the io loop itself: a stuck loop stops them and systemd restarts us.
boost::asio::awaitable<void> WatchdogLoop(const SystemdNotify& systemd,
                                          std::chrono::microseconds every);

// Flushes notification groups when they fall due. Rearm() after anything that may have moved
// the next due time (an evaluation, a flush), so the loop looks again.
class GroupFlushLoop {
 public:
  using NextDue = std::function<std::optional<core::Timestamp>()>;
  using Flush = std::function<void(core::Timestamp now)>;

  GroupFlushLoop(boost::asio::io_context& io, const core::Clock& clock, NextDue next_due,
                 Flush flush);

  // Until cancelled.
  boost::asio::awaitable<void> Run();
  void Rearm() { timer_.cancel(); }

 private:
  boost::asio::steady_timer timer_;
  const core::Clock& clock_;
  NextDue next_due_;
  Flush flush_;
};

}  // namespace sellerwatch::app
