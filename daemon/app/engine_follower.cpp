#include "app/engine_follower.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <limits>

#include "store/engine_snapshot_store.hpp"

namespace sellerwatch::app {
namespace {

// The account's snapshot's sequence number; 0 without one.
core::Result<std::int64_t> SnapshotSeq(store::Db& db, const std::string& account) {
  auto saved = store::EngineSnapshotStore(db).Get(account);
  if (!saved) return saved.error();
  return *saved ? (*saved)->seq : 0;
}

}  // namespace

core::Result<void> FollowOneAccount(store::Db& db, EngineFollower& follower,
                                    const std::string& account) {
  for (int attempt = 0;; ++attempt) {
    auto before = SnapshotSeq(db, account);
    if (!before) return before.error();
    if (auto r = follower.Follow({account}); !r) return r.error();
    auto after = SnapshotSeq(db, account);
    if (!after) return after.error();
    if (*after == *before) return {};
    follower.Forget({account});
    if (attempt == 3) {
      return core::Error::Transient("metrics of " + account +
                                    ": the daemon kept replacing its snapshot while it was read");
    }
  }
}

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
      Track(account) = Position{(*saved)->seq, (*saved)->seq, std::nullopt, false};
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
      Track(account) = Position{*at, std::nullopt, std::nullopt, true};
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
    engine_.ForgetAccount(account);
    auto it = index_.find(account);
    if (it == index_.end()) continue;
    const std::size_t place = it->second;
    index_.erase(it);
    if (place + 1 != followed_.size()) {
      followed_[place] = std::move(followed_.back());
      index_[followed_[place].account] = place;
    }
    followed_.pop_back();
  }
}

EngineFollower::Position& EngineFollower::Track(const std::string& account) {
  auto [it, added] = index_.try_emplace(account, followed_.size());
  if (added) followed_.push_back({account, {}});
  return followed_[it->second].position;
}

EngineFollower::Position* EngineFollower::Find(const std::string& account) {
  auto it = index_.find(account);
  return it == index_.end() ? nullptr : &followed_[it->second].position;
}

std::int64_t EngineFollower::MinSeen() const {
  std::int64_t least = std::numeric_limits<std::int64_t>::max();
  for (const auto& f : followed_) least = std::min(least, f.position.seen);
  return followed_.empty() ? 0 : least;
}

core::Result<bool> EngineFollower::CatchUp(std::size_t max_rows) {
  if (!feed_->active()) {
    auto last = store::LastEventSeq(db_);
    if (!last) return last.error();
    const std::int64_t from = MinSeen();
    if (followed_.empty() || *last <= from) return true;
    auto end = feed_->Begin(from);
    if (!end) return end.error();
    pass_end_ = *end;
  }
  auto chunk = feed_->Next(max_rows, [this](const std::string& account) {
    const Position* p = Find(account);
    return p ? std::optional<std::int64_t>(p->seen) : std::nullopt;
  });
  if (!chunk) return chunk.error();
  for (const auto& change : chunk->changes) {
    engine_.Apply(change.before, change.after);
    if (Position* p = Find(core::AccountOf(change.after))) p->dirty = true;
  }
  counters_.changes_applied += chunk->changes.size();
  if (!chunk->done) return false;
  for (auto& f : followed_) f.position.seen = std::max(f.position.seen, pass_end_);
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
  std::vector<Followed*> due;
  for (auto& f : followed_) {
    if (due.size() >= limit) break;
    const Position& p = f.position;
    if (p.dirty && (!p.snapshot_at || now - *p.snapshot_at >= min_age)) due.push_back(&f);
  }
  if (due.empty()) return 0;
  auto tx = store::Transaction::Begin(db_);
  if (!tx) return tx.error();
  store::EngineSnapshotStore snapshots(db_);
  for (const Followed* f : due) {
    auto r = snapshots.Put(f->account, f->position.seen, metrics::MetricsEngine::kSnapshotFormat,
                           engine_.SaveAccount(f->account), now);
    if (!r) return r.error();
  }
  if (auto r = tx->Commit(); !r) return r.error();
  for (Followed* f : due) {
    Position& p = f->position;
    p.snapshot_seq = p.seen;
    p.snapshot_at = now;
    p.dirty = false;
  }
  counters_.snapshots_saved += due.size();
  return due.size();
}

core::Result<std::int64_t> EngineFollower::TrimFeed(std::int64_t limit) {
  if (followed_.empty()) return 0;
  std::int64_t through = std::numeric_limits<std::int64_t>::max();
  for (const auto& [account, p] : followed_) {
    // An account changed since its snapshot needs the rows after that snapshot at the next
    // start; one without a snapshot needs them all.
    std::int64_t needed = p.dirty ? p.snapshot_seq.value_or(0) : p.seen;
    through = std::min(through, needed);
  }
  if (through <= 0) return 0;
  return store::TrimEventFeed(db_, through, limit);
}

}  // namespace sellerwatch::app
