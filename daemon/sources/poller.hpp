#pragma once

#include <spdlog/logger.h>

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

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

// The running wrapper around a Source: schedule (fixed rate from the intended time, start-up
// jitter), backoff after failures, and persistence — a page's events, the cursor after it and
// the files it consumed are committed in one transaction, so a crash never skips data.
class Poller {
 public:
  // `on_changes` hears every event version a poll stored, after the commit (the metrics engine).
  using ChangeListener = std::function<void(const std::vector<store::AppliedChange>&)>;
  Poller(std::string id, std::unique_ptr<Source> source, store::Db& db,
         std::shared_ptr<spdlog::logger> log, ChangeListener on_changes = {});

  const std::string& id() const { return id_; }

  // One poll at `now`. Bad input inside the batch is logged and counted, not an error.
  boost::asio::awaitable<core::Result<PollOutcome>> RunOnce(core::Timestamp now);

  // Polls until cancelled. `on_data` runs after every poll that stored something new.
  boost::asio::awaitable<void> Run(const core::Clock& clock, std::function<void()> on_data);

  std::uint64_t polls() const { return polls_; }
  std::uint64_t failures() const { return failures_; }
  std::optional<core::Timestamp> last_success() const { return last_success_; }

 private:
  core::Result<PollOutcome> Store(const SourceBatch& batch, core::Timestamp now);

  std::string id_;
  std::unique_ptr<Source> source_;
  store::Db& db_;
  std::shared_ptr<spdlog::logger> log_;
  ChangeListener on_changes_;
  std::uint64_t polls_ = 0;
  std::uint64_t failures_ = 0;
  int consecutive_failures_ = 0;
  std::optional<core::Timestamp> last_success_;
};

}  // namespace sellerwatch::sources
