#pragma once

// One account's daily buckets of counters (DESIGN.md §3.2), exact to the millisecond.
//
// Why every bucket keeps per-event entries and not only its totals: a window [now − N d, now)
// starts and ends inside a UTC day, so the totals of the two edge days would count events outside
// the window or miss events inside it. Each day therefore keeps, besides its totals, one entry
// per contribution (offset within the day + counter mask; messages also their reply latency),
// sorted by offset. A range sum adds the totals of the whole days in between and scans only the
// two edge days — the smaller side of each split, the rest coming from the day's totals.
// The cost is memory: 8 bytes per entry (an order files up to four, one per reference time),
// 16 per message and 80 per day — about 27 KB per account at 10 orders a day over 60 days (the
// benchmark), where the day totals alone would take about 6 KB — and a scan of up to two days'
// entries per range instead of none.
//
// Days are kept in one sorted vector and all entries in one flat vector ordered by (day, offset),
// each day recording where its entries end: no per-day allocation, and appending at the recent
// end (where nearly all changes land) moves almost nothing.

#include <cstdint>
#include <optional>
#include <vector>

#include "core/time.hpp"
#include "metrics/contribution.hpp"
#include "metrics/snapshot_codec.hpp"

namespace sellerwatch::metrics {

class DayBuckets {
 public:
  static constexpr std::int64_t kDayMs = 86'400'000;
  // Days since the Unix epoch (UTC), rounding towards the past.
  static std::int64_t DayOf(core::Timestamp t);

  DayBuckets() = default;
  // Built in one pass from unsorted contributions (start-up); days before `floor_day` are left
  // out.
  static DayBuckets Build(std::vector<Contribution> items,
                          std::vector<MessageContribution> messages, std::int64_t floor_day);

  void Add(const Contribution& c);
  void Add(const MessageContribution& m);
  // Removes one equal entry; false when there was none (a caller bug or a change that arrived
  // for an event never filed). Changes to days before the floor are ignored and return true.
  bool Remove(const Contribution& c);
  bool Remove(const MessageContribution& m);

  // Sum of every contribution with a reference time in [from, to). Only the counters in
  // `wanted` are summed (the others are left 0): a forecast needs two of them.
  Counters Sum(core::Timestamp from, core::Timestamp to, CounterMask wanted = kAllCounters) const;

  // Sum(from + k days, to) for k = 0 .. count − 1 (zero once from + k days >= to): the shrinking
  // windows of a forecast in one pass. Consecutive ranges differ by a one-day slice, and each
  // edge day's partial sum serves two slices.
  std::vector<Counters> SlidingSums(core::Timestamp from, core::Timestamp to, int count,
                                    CounterMask wanted = kAllCounters) const;

  // Calls f(received_at, latency) for every message received in [from, to); latency is empty
  // for a message without a reply.
  template <class F>
  void ForEachMessage(core::Timestamp from, core::Timestamp to, F&& f) const;

  // Drops every day before `day`; later changes to those days are ignored.
  void DropBefore(std::int64_t day);
  std::int64_t floor_day() const { return floor_; }

  bool empty() const { return days_.empty(); }
  std::size_t MemoryBytes() const;

  // Engine snapshots: the exact state, restored as it was saved.
  void Save(SnapshotWriter& out) const;
  bool Restore(SnapshotReader& in);

 private:
  struct Entry {
    std::uint32_t offset;  // ms since the start of the day
    CounterMask mask;
  };
  struct MessageEntry {
    std::uint32_t offset;
    CounterMask mask;
    std::int64_t latency_ms;  // kNoReply when not replied
  };
  struct Day {
    std::int64_t day;
    std::uint32_t entries_end;   // this day's entries are [previous day's end, entries_end)
    std::uint32_t messages_end;  // likewise in messages_
    Counters totals;
  };
  static constexpr std::int64_t kNoReply = INT64_MIN;
  static constexpr std::int64_t kMinDay = INT64_MIN;

  static std::uint32_t OffsetIn(core::Timestamp t, std::int64_t day);
  static MessageEntry ToEntry(const MessageContribution& m, std::int64_t day);
  std::size_t FindDay(std::int64_t day) const;  // first index with days_[i].day >= day
  std::size_t DayIndex(std::int64_t day);       // creates the day when missing
  void EraseIfEmpty(std::size_t i);
  std::uint32_t EntriesBegin(std::size_t i) const { return i == 0 ? 0 : days_[i - 1].entries_end; }
  std::uint32_t MessagesBegin(std::size_t i) const {
    return i == 0 ? 0 : days_[i - 1].messages_end;
  }
  // Adds to `out` the contributions of day i with offsets in [lo, hi).
  void AddPartial(std::size_t i, std::uint32_t lo, std::uint32_t hi, CounterMask wanted,
                  Counters& out) const;

  std::vector<Day> days_;
  std::vector<Entry> entries_;
  std::vector<MessageEntry> messages_;
  std::int64_t floor_ = kMinDay;
};

template <class F>
void DayBuckets::ForEachMessage(core::Timestamp from, core::Timestamp to, F&& f) const {
  if (from >= to) return;
  const std::int64_t from_ms = core::ToUnixMillis(from);
  const std::int64_t to_ms = core::ToUnixMillis(to);
  const std::int64_t last_day = DayOf(to);
  for (std::size_t i = FindDay(DayOf(from)); i < days_.size() && days_[i].day <= last_day; ++i) {
    const std::int64_t base = days_[i].day * kDayMs;
    for (std::uint32_t k = MessagesBegin(i); k < days_[i].messages_end; ++k) {
      const MessageEntry& m = messages_[k];
      const std::int64_t at = base + m.offset;
      if (at < from_ms || at >= to_ms) continue;
      std::optional<core::Duration> latency;
      if (m.latency_ms != kNoReply) latency = core::Duration(m.latency_ms);
      f(core::FromUnixMillis(at), latency);
    }
  }
}

}  // namespace sellerwatch::metrics
