#pragma once

// Keeps the metrics engine equal to the store, whoever writes it: start-up restores each
// account's snapshot (or reads its events once when it has none) and applies the change feed
// after it; afterwards only the feed's new rows are applied, a bounded number per call so the io
// thread never stalls on a large import. Snapshots are saved now and then, so the next start
// and the feed's length stay short.

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "metrics/metrics_engine.hpp"
#include "store/event_feed.hpp"
#include "store/sqlite.hpp"

namespace spdlog {
class logger;
}

namespace sellerwatch::app {

// Change-feed rows applied per io turn (~75 µs each: read, decode two versions, apply): a large
// import is applied in slices of well under 100 ms, so polls, deliveries and /healthz go on.
inline constexpr std::size_t kFeedSlice = 1'000;

class EngineFollower {
 public:
  struct Counters {
    std::uint64_t changes_applied = 0;  // feed rows applied to the engine
    std::uint64_t loads_from_events = 0;
    std::uint64_t loads_from_snapshots = 0;
    std::uint64_t snapshots_saved = 0;
  };

  EngineFollower(store::Db& db, std::unique_ptr<store::EventFeed> feed,
                 metrics::MetricsEngine& engine, std::shared_ptr<spdlog::logger> log);

  // Follows these accounts from now on: each restored from its snapshot or loaded from its
  // events, then brought up to date with the feed (all of it, before returning).
  core::Result<void> Follow(const std::vector<std::string>& accounts);
  // Stops following (a reload removed the account); its engine state is dropped.
  void Forget(const std::vector<std::string>& accounts);

  // Applies at most `max_rows` rows of the feed; true once nothing is left to apply.
  core::Result<bool> CatchUp(std::size_t max_rows);
  // Saves the snapshots of accounts changed since theirs, at most `limit`, skipping those saved
  // less than `min_age` ago; between passes only (a pass's state is not yet numbered).
  core::Result<std::size_t> SaveSnapshots(std::size_t limit, core::Duration min_age,
                                          core::Timestamp now);
  // Drops feed rows that every followed account's snapshot already reflects.
  core::Result<std::int64_t> TrimFeed(std::int64_t limit);

  bool in_pass() const { return feed_->active(); }
  const Counters& counters() const { return counters_; }

 private:
  struct Position {
    std::int64_t seen = 0;                       // the engine holds every change up to this
    std::optional<std::int64_t> snapshot_seq;    // the saved snapshot reflects changes up to this
    std::optional<core::Timestamp> snapshot_at;  // when it was saved (this run)
    bool dirty = false;                          // changed since the snapshot
  };
  struct Followed {
    std::string account;
    Position position;
  };
  core::Result<void> FinishPass();
  std::int64_t MinSeen() const;
  // The account's position, added when new; nullptr from Find when not followed.
  Position& Track(const std::string& account);
  Position* Find(const std::string& account);

  store::Db& db_;
  std::unique_ptr<store::EventFeed> feed_;
  metrics::MetricsEngine& engine_;
  std::shared_ptr<spdlog::logger> log_;
  // Contiguous, because a pass's end and each evaluation's snapshot and trim steps visit every
  // account: at 10,000 accounts a hash map's scattered nodes cost milliseconds each time.
  std::vector<Followed> followed_;
  std::unordered_map<std::string, std::size_t> index_;  // account -> its place in followed_
  std::int64_t pass_end_ = 0;
  Counters counters_;
};

// Loads one account as the daemon does, for a reader outside it (`status`, `explain`). A running
// daemon may save a newer snapshot meanwhile and trim the feed rows behind it, which this reader
// needed after the older one: then it reads again.
core::Result<void> FollowOneAccount(store::Db& db, EngineFollower& follower,
                                    const std::string& account);

}  // namespace sellerwatch::app
