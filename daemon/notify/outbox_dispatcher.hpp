#pragma once

#include <spdlog/logger.h>

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "notify/channel.hpp"
#include "store/outbox_store.hpp"

namespace boost::asio {
class io_context;
}

namespace sellerwatch::notify {

struct PeerPostCounts {
  std::uint64_t ok = 0;
  std::uint64_t errors = 0;
};

struct DeliveryCounters {
  std::uint64_t delivered = 0;
  std::uint64_t retried = 0;
  std::uint64_t failed = 0;  // gave up for good
  // POSTs to each peer of receivers with several (Alertmanager), legs and re-sends alike;
  // by (receiver, peer URL as shown).
  std::map<std::pair<std::string, std::string>, PeerPostCounts> peer_posts{};
};

// The back half of the pipeline: delivers outbox legs through their receivers' channels
// (DESIGN.md §1.5). One send in flight per receiver, so a slow or rate-limited receiver delays
// only itself and its messages keep their order. 2xx = delivered; retryable failures back off
// exponentially with jitter, never sooner than the server's Retry-After; a permanent failure,
// or a retry horizon passed, fails the leg, hands it to the receiver's `fallback` and tells the
// other receivers with a `delivery_failed` meta-alert. Every step is committed before and after
// the send: a crash mid-send re-sends that one leg on start (at-least-once), nothing else. A
// leg sent as several chat messages commits each one delivered, so a retry or a restart
// resumes at the first message not delivered. While the store refuses writes (disk full)
// nothing new starts until the store's next try, and the outcome of a send the store could not
// record is kept in memory and written once it can be: a delivered leg is never sent again
// while the process lives.
class OutboxDispatcher {
 public:
  OutboxDispatcher(boost::asio::io_context& io, std::shared_ptr<const config::Config> config,
                   store::Db& db, Channels channels, const core::Clock& clock,
                   std::shared_ptr<spdlog::logger> log);
  ~OutboxDispatcher();

  // Start-up: legs a crash left `sending` become due again.
  core::Result<void> Recover();
  // Delivers until cancelled, sleeping until the next leg is due or Wake() is called.
  boost::asio::awaitable<void> Run();
  // New legs were queued: look again now.
  void Wake();
  // One pass over what is due now, each send awaited (poll --once, test-receiver).
  boost::asio::awaitable<void> DrainOnce();
  // Shutdown, after Run() was cancelled: keeps sending what is due until nothing is due or in
  // flight, or `deadline` passes. Returns the number of sends still in flight then (those are
  // sent again on the next start).
  boost::asio::awaitable<std::size_t> Drain(std::chrono::steady_clock::time_point deadline);
  // A reload: new receivers' settings apply to the next send; a send in flight finishes with
  // the config and channel it started with.
  void Reconfigure(std::shared_ptr<const config::Config> config, Channels channels);

  // Builds what to send at the moment it is sent; nullopt: nothing to send.
  using MakeNotification = std::function<std::optional<core::Notification>(core::Timestamp now)>;
  // Sends one notification to `receiver` outside the outbox (no record, no retry, no fallback):
  // Alertmanager re-sends. It takes the receiver's one place in flight — after the send in
  // flight now, if any, and before the receiver's next leg — and calls `make` only then, so
  // what it sends is decided after every earlier leg went out (a re-send never carries a
  // `firing` that a resolved leg already contradicted). nullopt when nothing was sent (`make`
  // said so, or the receiver has no channel).
  boost::asio::awaitable<std::optional<SendOutcome>> SendDirect(std::string receiver,
                                                                MakeNotification make);

  const DeliveryCounters& counters() const { return counters_; }
  // Sends whose outcome (delivered, retry at, failed) the store has not taken yet (disk full).
  std::size_t unrecorded() const;

 private:
  struct Impl;
  // Writes one send's outcome to the outbox.
  using Record = std::function<core::Result<void>()>;
  boost::asio::awaitable<void> SendLeg(store::OutboxLeg leg);
  void CountPosts(const std::string& receiver, const SendOutcome& outcome);
  Record Fail(const store::OutboxLeg& leg, const std::string& why, core::Timestamp now);
  core::Result<void> WriteFailure(const store::OutboxLeg& leg, const std::string& why,
                                  const std::string& fallback, core::Timestamp now);
  // Writes `record`, or keeps it for later when the store is full.
  void Keep(std::int64_t leg_id, Record record);
  // Writes the kept records; false while the store still refuses them.
  bool WriteKept();
  core::Result<void> StartDue();

  // Shared with the sends in flight, which hold it weakly: a send's coroutine frame destroyed
  // after the dispatcher (a shutdown that did not wait for a slow receiver) must not touch it.
  std::shared_ptr<Impl> impl_;
  std::shared_ptr<const config::Config> config_;
  store::Db& db_;
  const core::Clock& clock_;
  std::shared_ptr<spdlog::logger> log_;
  DeliveryCounters counters_;
};

}  // namespace sellerwatch::notify
