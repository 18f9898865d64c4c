#include "sources/poller.hpp"

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>

#include "store/cursor_store.hpp"
#include "store/event_store.hpp"
#include "store/ingest_ledger.hpp"

namespace sellerwatch::sources {
namespace asio = boost::asio;

Poller::Poller(std::string id, std::unique_ptr<Source> source, store::Db& db,
               std::shared_ptr<spdlog::logger> log, ChangeListener on_changes)
    : id_(std::move(id)),
      source_(std::move(source)),
      db_(db),
      log_(std::move(log)),
      on_changes_(std::move(on_changes)) {}

core::Result<PollOutcome> Poller::Store(const SourceBatch& batch, core::Timestamp now) {
  auto tx = store::Transaction::Begin(db_);
  if (!tx) return tx.error();
  auto changes = store::EventStore(db_).UpsertReturningChanges(batch.events);
  if (!changes) return changes.error();
  if (batch.cursor) {
    if (auto r = store::CursorStore(db_).Put(id_, *batch.cursor, now); !r) return r.error();
  }
  store::IngestLedger ledger(db_);
  for (const auto& f : batch.files) {
    if (auto r = ledger.Record(id_, f.content_hash, f.entry, now); !r) return r.error();
  }
  if (auto r = tx->Commit(); !r) return r.error();
  if (on_changes_ && !changes->empty()) on_changes_(*changes);
  return PollOutcome{changes->size(), batch.events.size() - changes->size(), batch.rejected.size()};
}

asio::awaitable<core::Result<PollOutcome>> Poller::RunOnce(core::Timestamp now) {
  ++polls_;
  auto fail = [this](const core::Error& e) {
    ++failures_;
    ++consecutive_failures_;
    log_->error("source={} poll failed: {}", id_, e.message);
    return e;
  };
  auto cursor = store::CursorStore(db_).Get(id_);
  if (!cursor) co_return fail(cursor.error());
  auto batch = co_await source_->Poll(*cursor, now);
  if (!batch) co_return fail(batch.error());
  for (const auto& why : batch->rejected) log_->error("source={} {}", id_, why);
  auto outcome = Store(*batch, now);
  if (!outcome) co_return fail(outcome.error().Context("store"));
  consecutive_failures_ = 0;
  last_success_ = now;
  log_->debug("source={} poll: {} new or changed, {} already known, {} files refused", id_,
              outcome->applied, outcome->ignored, outcome->rejected);
  co_return *outcome;
}

asio::awaitable<void> Poller::Run(const core::Clock& clock, std::function<void()> on_data) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  const auto interval = source_->Interval();
  // Start-up jitter, up to a tenth of the interval (at most 10 s), so sources don't all fire
  // in the same instant.
  std::minstd_rand rng(static_cast<unsigned>(std::hash<std::string>{}(id_)));
  auto jitter = std::chrono::milliseconds(
      rng() % static_cast<unsigned>(std::min<std::int64_t>(interval.count() / 10, 10'000) + 1));
  auto next = std::chrono::steady_clock::now() + jitter;
  while (true) {
    timer.expires_at(next);
    co_await timer.async_wait(asio::use_awaitable);
    auto result = co_await RunOnce(clock.Now());
    if (result && result->applied > 0 && on_data) on_data();
    auto now = std::chrono::steady_clock::now();
    if (consecutive_failures_ > 0) {
      // Back off: double the wait per consecutive failure, capped at an hour.
      auto backoff = interval * (1LL << std::min(consecutive_failures_ - 1, 6));
      next = now + std::min<std::chrono::steady_clock::duration>(backoff, std::chrono::hours(1));
    } else {
      next += interval;  // fixed rate from the intended time; skip ticks missed by overrun
      while (next <= now) next += interval;
    }
  }
}

}  // namespace sellerwatch::sources
