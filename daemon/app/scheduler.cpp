#include "app/scheduler.hpp"

#include <algorithm>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace sellerwatch::app {
namespace asio = boost::asio;

SteadyTime NextTick(SteadyTime due, SteadyDuration every, SteadyTime now) {
  SteadyTime next = due + every;
  if (next <= now) next += ((now - next) / every + 1) * every;
  return next;
}

SteadyDuration GroupWait(std::optional<core::Timestamp> next_due, core::Timestamp now) {
  if (!next_due) return kGroupCheckEvery;
  auto until = std::chrono::duration_cast<SteadyDuration>(*next_due - now);
  return std::clamp(until, SteadyDuration::zero(), kGroupCheckEvery);
}

net::HttpRequest HeartbeatPing(const config::HeartbeatConfig& heartbeat) {
  net::HttpRequest ping;
  ping.url = heartbeat.url.Reveal();
  ping.timeout = std::min<core::Duration>(heartbeat.every, std::chrono::seconds(30));
  ping.max_response_bytes = 64 * 1024;
  return ping;
}

asio::awaitable<void> EvaluationLoop(std::function<core::Duration()> interval,
                                     std::function<void()> evaluate) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto next = std::chrono::steady_clock::now() + interval();
  while (true) {
    timer.expires_at(next);
    co_await timer.async_wait(asio::use_awaitable);
    evaluate();
    next = NextTick(next, interval(), std::chrono::steady_clock::now());
  }
}

asio::awaitable<void> HeartbeatLoop(net::HttpClient& http, config::HeartbeatConfig heartbeat,
                                    std::shared_ptr<spdlog::logger> log) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  auto next = std::chrono::steady_clock::now();
  while (true) {
    auto answer = co_await http.Send(HeartbeatPing(heartbeat));
    if (!answer) {
      log->warn("heartbeat failed: {}",
                net::RedactUrl(answer.error().message, heartbeat.url.Reveal()));
    } else if (answer->status / 100 != 2) {
      log->warn("heartbeat answered HTTP {}", answer->status);
    }
    next += heartbeat.every;
    timer.expires_at(next);
    co_await timer.async_wait(asio::use_awaitable);
  }
}

asio::awaitable<void> WatchdogLoop(const SystemdNotify& systemd, std::chrono::microseconds every) {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (true) {
    systemd.WatchdogPing();
    timer.expires_after(every);
    co_await timer.async_wait(asio::use_awaitable);
  }
}

GroupFlushLoop::GroupFlushLoop(asio::io_context& io, const core::Clock& clock, NextDue next_due,
                               Flush flush)
    : timer_(io), clock_(clock), next_due_(std::move(next_due)), flush_(std::move(flush)) {}

asio::awaitable<void> GroupFlushLoop::Run() {
  while (true) {
    timer_.expires_after(GroupWait(next_due_(), clock_.Now()));
    boost::system::error_code ec;  // cancelled by Rearm(): look again at the next due time
    co_await timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    auto state = co_await asio::this_coro::cancellation_state;
    if (state.cancelled() != asio::cancellation_type::none) co_return;  // the task was stopped
    if (!ec) flush_(clock_.Now());
  }
}

}  // namespace sellerwatch::app
