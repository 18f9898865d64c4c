#pragma once

#include <spdlog/logger.h>

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "sources/source.hpp"
#include "store/event_store.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::sources {

struct PollOutcome {
  std::size_t applied = 0;   // events stored or updated
  std::size_t ignored = 0;   // already known (same or older version)
  std::size_t rejected = 0;  // files refused for bad input
};

struct PollerOptions {
  core::Duration timeout{0};  // a poll taking longer is abandoned as failed; 0: no limit
  // `source_down` once the source has failed for this long without a success in between;
  // 0 or no `queue_meta_alert`: never.
  core::Duration stale_after{0};
  core::Labels labels;  // on source_down: account, marketplace, source
  // Queues a meta-alert (source_down and its resolved notice) under the unique `key`, inside
  // the caller's open transaction; the daemon routes it (notify::QueueMetaAlert) and wakes
  // delivery.
  std::function<core::Result<void>(const core::Alert&, const std::string& key, core::Timestamp)>
      queue_meta_alert;
};

// The running wrapper around a Source: schedule (fixed rate from the intended time, start-up
// jitter), per-poll timeout, backoff after failures (at least as long as a 429's Retry-After),
// and persistence — a page's events, the cursor after it and the files it consumed are
// committed in one transaction, so a crash never skips data.
//
// Outages: the first failure after a success starts one; it is kept in the store (the cursors
// table, key "<id>#outage"), so a restart neither forgets nor repeats it. Once it has lasted
// `stale_after`, one `source_down` meta-alert is queued; the first success after that queues
// one resolved notice.
class Poller {
 public:
  // What a poll stores reaches the metrics engine through the store's change feed.
  Poller(std::string id, std::unique_ptr<Source> source, store::Db& db,
         std::shared_ptr<spdlog::logger> log, PollerOptions options = {});

  const std::string& id() const { return id_; }

  // One poll at `now`. Bad input inside the batch is logged and counted, not an error.
  boost::asio::awaitable<core::Result<PollOutcome>> RunOnce(core::Timestamp now);

  // Polls until cancelled. `on_data` runs after every poll that stored something new.
  boost::asio::awaitable<void> Run(const core::Clock& clock, std::function<void()> on_data);

  // Self-metrics.
  std::uint64_t polls() const { return polls_; }
  std::uint64_t failures() const { return failures_; }
  std::optional<core::Timestamp> last_success() const { return last_success_; }
  const std::string& last_error() const { return last_error_; }
  std::optional<core::Timestamp> last_error_at() const { return last_error_at_; }
  // Failing for longer than stale_after (source_down raised) and since when it has failed.
  bool down() const { return outage_ && outage_->alerted; }
  std::optional<core::Timestamp> down_since() const {
    return down() ? std::optional(outage_->since) : std::nullopt;
  }

 private:
  struct Outage {
    core::Timestamp since;
    bool alerted = false;
  };

  boost::asio::awaitable<core::Result<SourceBatch>> PollWithTimeout(
      std::optional<std::string> cursor, core::Timestamp now);
  core::Result<PollOutcome> Store(const SourceBatch& batch, core::Timestamp now);
  core::Result<void> LoadOutage();
  core::Result<void> SaveOutage(const Outage& outage, core::Timestamp now);
  void NoteFailure(core::Timestamp now);
  void NoteSuccess(core::Timestamp now);
  core::Result<void> QueueSourceAlert(bool resolved, const Outage& outage, core::Timestamp now);

  std::string id_;
  std::unique_ptr<Source> source_;
  store::Db& db_;
  std::shared_ptr<spdlog::logger> log_;
  PollerOptions options_;
  std::uint64_t polls_ = 0;
  std::uint64_t failures_ = 0;
  int consecutive_failures_ = 0;
  std::optional<core::Duration> retry_after_;  // the last failure's wait hint
  std::optional<core::Duration> poll_again_in_;
  std::optional<core::Timestamp> last_success_;
  std::string last_error_;
  std::optional<core::Timestamp> last_error_at_;
  core::ErrorReason last_error_reason_ = core::ErrorReason::kUnspecified;
  bool outage_loaded_ = false;
  std::optional<Outage> outage_;
};

}  // namespace sellerwatch::sources
