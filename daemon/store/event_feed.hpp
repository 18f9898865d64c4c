#pragma once

// The change feed (schema 6): every event version written to the store — by the daemon, by
// `sellerwatch import`, by anyone — gets a number (events.seq) and a row in event_changes with
// the version it replaced and the version it wrote. A reader that has applied everything up to
// some number applies the rows after it in order, so an outside write costs what it changed,
// not a reload of every account. A pass reads those rows in one read snapshot on a connection of
// its own (the daemon keeps writing meanwhile) and never touches the events table: the rows are
// consecutive, where looking up each changed event would read pages all over the store.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::store {

// One change as MetricsEngine::Apply takes it.
struct FeedChange {
  std::int64_t seq = 0;
  std::optional<core::Event> before;  // empty: a new event
  core::Event after;
};

// The highest change number allocated so far (0 for a new store).
Result<std::int64_t> LastEventSeq(Db& db);
// Drops feed rows numbered at or below `through`, at most `limit` of them; returns how many.
Result<std::int64_t> TrimEventFeed(Db& db, std::int64_t through, std::int64_t limit);

class EventFeed {
 public:
  // A reader's position per account: the number up to which it holds the account's events, or
  // nullopt for an account it does not follow (its rows are skipped).
  using SeenFn = std::function<std::optional<std::int64_t>(const std::string& account)>;

  // Opens its own connection to the store file that `store` has open.
  static Result<std::unique_ptr<EventFeed>> Open(const Db& store);

  // Starts a pass over the rows after `from` in one read snapshot; returns the last number that
  // snapshot holds (the pass ends there).
  Result<std::int64_t> Begin(std::int64_t from);
  // The next changes of the pass, reading at most `max_rows` rows; `done` once the pass is
  // through (the read snapshot is released then).
  struct Chunk {
    std::vector<FeedChange> changes;
    std::size_t rows = 0;
    bool done = false;
  };
  Result<Chunk> Next(std::size_t max_rows, const SeenFn& seen);
  // Every stored event of an account as of the pass's snapshot (a reader's cold start).
  Result<std::vector<core::Event>> LoadAccount(const std::string& account);
  // Ends the pass early (or after LoadAccount-only use).
  void End();
  bool active() const { return active_; }

 private:
  explicit EventFeed(std::unique_ptr<Db> reader) : reader_(std::move(reader)) {}

  std::unique_ptr<Db> reader_;
  std::int64_t from_ = 0;
  std::int64_t end_ = 0;
  bool active_ = false;
};

}  // namespace sellerwatch::store
