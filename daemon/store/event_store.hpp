#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/event_json.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::store {

// Events older than the longest metric window (60 days) plus 30 days are dropped.
inline constexpr core::Duration kEventRetention = 90 * core::kDay;

struct UpsertCounts {
  std::size_t applied = 0;  // inserted, or replaced an older version
  std::size_t ignored = 0;  // an equal or newer version was already stored

  UpsertCounts& operator+=(const UpsertCounts& o) {
    applied += o.applied;
    ignored += o.ignored;
    return *this;
  }
};

// A stored payload back into its event; the error names it ("stored order acme/o1", with
// `role` "replaced ": "stored replaced order acme/o1"). Only this program writes payloads, so an
// unreadable one is damage (an internal error), not bad input.
Result<core::Event> DecodeStored(std::string_view payload, std::string_view type,
                                 std::string_view account, std::string_view id,
                                 std::string_view role = {});

// The events table: upserts keyed by (account, type, id) where the later updated_at wins
// (DESIGN.md §1.3). A tie with different content is taken as a correction and applied;
// a tie with the same content changes nothing, so re-reading a page is free.
class EventStore {
 public:
  explicit EventStore(Db& db) : db_(db) {}

  // Writes inside the caller's transaction (or one of its own when there is none). Every
  // version applied gets the next change number and a row in the change feed (event_feed.hpp).
  Result<UpsertCounts> Upsert(std::span<const core::ParsedEvent> events);
  // Upsert in a transaction of its own.
  Result<UpsertCounts> UpsertAtomically(std::span<const core::ParsedEvent> events);
  // When a stored order was purchased (the metrics engine's OrderLookup); empty when absent.
  // Reads the indexed reference time only, no payload.
  Result<std::optional<core::Timestamp>> OrderPurchasedAt(const std::string& account,
                                                          const std::string& id);

  // Every stored event of an account; with `known_at`, only those with updated_at <= it.
  Result<std::vector<core::Event>> Load(const std::string& account,
                                        std::optional<core::Timestamp> known_at = {});
  Result<std::int64_t> Count(const std::string& account);
  // Drops events whose reference time is older than `before` (retention).
  Result<std::int64_t> Prune(core::Timestamp before);

 private:
  // Up to 64 events: writes those that supersede what is stored, numbering them from seq + 1
  // (seq ends at the last number taken); returns how many.
  Result<std::size_t> WriteChunk(std::span<const core::ParsedEvent> chunk, std::int64_t& seq);

  Db& db_;
};

}  // namespace sellerwatch::store
