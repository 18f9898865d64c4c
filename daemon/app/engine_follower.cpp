#include "app/engine_follower.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <limits>

#include "store/engine_snapshot_store.hpp"

namespace sellerwatch::app {

EngineFollower::EngineFollower(store::Db& db, std::unique_ptr<store::EventFeed> feed,
                               metrics::MetricsEngine& engine, std::shared_ptr<spdlog::logger> log)
    : db_(db), feed_(std::move(feed)), engine_(engine), log_(std::move(log)) {}

core::Result<void> EngineFollower::Follow(const std::vector<std::string>& accounts) {
  // A pass in progress has applied part of its rows: finish it, so every position is exact.
  if (auto r = FinishPass(); !r) return r.error();
  auto started = std::chrono::steady_clock::now();
  store::EngineSnapshotStore snapshots(db_);
  std::vector<std::string> cold;
  std::size_t restored = 0;
  for (const auto& account : accounts) {
    auto saved = snapshots.Get(account);
    if (!saved) return saved.error();
    if (*saved && (*saved)->format == metrics::MetricsEngine::kSnapshotFormat &&
        engine_.RestoreAccount(account, (*saved)->state)) {
      accounts_[account] = Position{(*saved)->seq, (*saved)->seq, std::nullopt, false};
      ++restored;
    } else {
      if (*saved) log_->warn("account={} engine snapshot unusable: reading its events", account);
      cold.push_back(account);
    }
  }
  if (!cold.empty()) {
    // One read snapshot for all of them: the events read and the number they reflect agree.
    auto at = feed_->Begin(std::numeric_limits<std::int64_t>::max());
    if (!at) return at.error();
    for (const auto& account : cold) {
      auto events = feed_->LoadAccount(account);
      if (!events) {
        feed_->End();
        return events.error().Context("load events of " + account);
      }
      engine_.LoadAccount(account, *events);
      accounts_[account] = Position{*at, std::nullopt, std::nullopt, true};
    }
    feed_->End();
  }
  counters_.loads_from_snapshots += restored;
  counters_.loads_from_events += cold.size();
  const auto applied_before = counters_.changes_applied;
  while (true) {
    auto done = CatchUp(50'000);
    if (!done) return done.error();
    if (*done) break;
  }
  log_->info(
      "metrics of {} accounts loaded in {} ms: {} from snapshots, {} from their events, {} "
      "later changes applied",
      accounts.size(),
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                            started)
          .count(),
      restored, cold.size(), counters_.changes_applied - applied_before);
  return {};
}

void EngineFollower::Forget(const std::vector<std::string>& accounts) {
  for (const auto& account : accounts) {
    accounts_.erase(account);
    engine_.ForgetAccount(account);
  }
}

std::int64_t EngineFollower::MinSeen() const {
  std::int64_t least = std::numeric_limits<std::int64_t>::max();
  for (const auto& [account, p] : accounts_) least = std::min(least, p.seen);
  return accounts_.empty() ? 0 : least;
}

core::Result<bool> EngineFollower::CatchUp(std::size_t max_rows) {
  if (!feed_->active()) {
    auto last = store::LastEventSeq(db_);
    if (!last) return last.error();
    const std::int64_t from = MinSeen();
    if (accounts_.empty() || *last <= from) return true;
    auto end = feed_->Begin(from);
    if (!end) return end.error();
    pass_end_ = *end;
  }
  auto chunk = feed_->Next(max_rows, [this](const std::string& account) {
    auto it = accounts_.find(account);
    return it == accounts_.end() ? std::nullopt : std::optional<std::int64_t>(it->second.seen);
  });
  if (!chunk) return chunk.error();
  for (const auto& change : chunk->changes) {
    engine_.Apply(change.before, change.after);
    accounts_[core::AccountOf(change.after)].dirty = true;
  }
  counters_.changes_applied += chunk->changes.size();
  if (!chunk->done) return false;
  for (auto& [account, p] : accounts_) p.seen = std::max(p.seen, pass_end_);
  return true;
}

core::Result<void> EngineFollower::FinishPass() {
  while (feed_->active()) {
    auto done = CatchUp(50'000);
    if (!done) return done.error();
  }
  return {};
}

core::Result<std::size_t> EngineFollower::SaveSnapshots(std::size_t limit, core::Duration min_age,
                                                        core::Timestamp now) {
  if (feed_->active()) return 0;
  std::vector<std::string> due;
  for (const auto& [account, p] : accounts_) {
    if (due.size() >= limit) break;
    if (p.dirty && (!p.snapshot_at || now - *p.snapshot_at >= min_age)) due.push_back(account);
  }
  if (due.empty()) return 0;
  auto tx = store::Transaction::Begin(db_);
  if (!tx) return tx.error();
  store::EngineSnapshotStore snapshots(db_);
  for (const auto& account : due) {
    const Position& p = accounts_[account];
    auto r = snapshots.Put(account, p.seen, metrics::MetricsEngine::kSnapshotFormat,
                           engine_.SaveAccount(account), now);
    if (!r) return r.error();
  }
  if (auto r = tx->Commit(); !r) return r.error();
  for (const auto& account : due) {
    Position& p = accounts_[account];
    p.snapshot_seq = p.seen;
    p.snapshot_at = now;
    p.dirty = false;
  }
  counters_.snapshots_saved += due.size();
  return due.size();
}

core::Result<std::int64_t> EngineFollower::TrimFeed(std::int64_t limit) {
  if (accounts_.empty()) return 0;
  std::int64_t through = std::numeric_limits<std::int64_t>::max();
  for (const auto& [account, p] : accounts_) {
    // An account changed since its snapshot needs the rows after that snapshot at the next
    // start; one without a snapshot needs them all.
    std::int64_t needed = p.dirty ? p.snapshot_seq.value_or(0) : p.seen;
    through = std::min(through, needed);
  }
  if (through <= 0) return 0;
  return store::TrimEventFeed(db_, through, limit);
}

}  // namespace sellerwatch::app
