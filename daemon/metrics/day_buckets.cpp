#include "metrics/day_buckets.hpp"

#include <algorithm>
#include <bit>

namespace sellerwatch::metrics {
namespace {

// First element in [first, last) whose offset is not below `offset`. Branch-free: a day's
// entries are few, and the mispredicted branches of std::lower_bound dominated range sums.
template <class It>
It FirstAtOrAfter(It first, It last, std::uint32_t offset) {
  auto len = last - first;
  while (len > 1) {
    auto half = len / 2;
    first += static_cast<decltype(len)>(first[half - 1].offset < offset) * half;
    len -= half;
  }
  return first + static_cast<decltype(len)>(len == 1 && first->offset < offset);
}

// Adds `times` × the wanted counters of entries [first, last). For a few wanted counters (a
// forecast wants two) one branch-free pass per counter beats visiting each entry's set bits.
template <class It>
void AddMasks(It first, It last, CounterMask wanted, std::int32_t times, Counters& out) {
  if (std::popcount(wanted) <= 4) {
    for (CounterMask bits = wanted; bits != 0; bits = static_cast<CounterMask>(bits & (bits - 1))) {
      const int i = std::countr_zero(bits);
      std::int32_t n = 0;
      for (It e = first; e != last; ++e) n += (e->mask >> i) & 1;
      out.n[static_cast<std::size_t>(i)] += times * n;
    }
    return;
  }
  for (It e = first; e != last; ++e) out.Add(static_cast<CounterMask>(e->mask & wanted), times);
}

// Zeroes the counters outside `wanted` (whole-day totals carry them all).
Counters Only(Counters c, CounterMask wanted) {
  if (wanted == kAllCounters) return c;
  for (std::size_t i = 0; i < c.n.size(); ++i) {
    if (((wanted >> i) & 1) == 0) c.n[i] = 0;
  }
  return c;
}

}  // namespace

std::int64_t DayBuckets::DayOf(core::Timestamp t) {
  std::int64_t ms = core::ToUnixMillis(t);
  std::int64_t day = ms / kDayMs;
  if (ms % kDayMs < 0) --day;
  return day;
}

std::uint32_t DayBuckets::OffsetIn(core::Timestamp t, std::int64_t day) {
  return static_cast<std::uint32_t>(core::ToUnixMillis(t) - day * kDayMs);
}

DayBuckets::MessageEntry DayBuckets::ToEntry(const MessageContribution& m, std::int64_t day) {
  return MessageEntry{OffsetIn(m.received_at, day), m.mask,
                      m.latency ? m.latency->count() : kNoReply};
}

DayBuckets DayBuckets::Build(std::vector<Contribution> items,
                             std::vector<MessageContribution> messages, std::int64_t floor_day) {
  DayBuckets out;
  out.floor_ = floor_day;
  auto below = [floor_day](core::Timestamp t) { return DayOf(t) < floor_day; };
  std::erase_if(items, [&](const Contribution& c) { return below(c.at); });
  std::erase_if(messages, [&](const MessageContribution& m) { return below(m.received_at); });
  std::sort(items.begin(), items.end(),
            [](const Contribution& a, const Contribution& b) { return a.at < b.at; });
  std::sort(messages.begin(), messages.end(),
            [](const MessageContribution& a, const MessageContribution& b) {
              return a.received_at < b.received_at;
            });
  // Room for the changes to come, so that the first few do not copy the whole account.
  out.entries_.reserve(items.size() + items.size() / 16 + 16);
  out.messages_.reserve(messages.size() + messages.size() / 16 + 4);

  std::size_t a = 0;
  std::size_t b = 0;
  while (a < items.size() || b < messages.size()) {
    std::int64_t day = INT64_MAX;
    if (a < items.size()) day = DayOf(items[a].at);
    if (b < messages.size()) day = std::min(day, DayOf(messages[b].received_at));
    Day d{day, 0, 0, {}};
    for (; a < items.size() && DayOf(items[a].at) == day; ++a) {
      out.entries_.push_back(Entry{OffsetIn(items[a].at, day), items[a].mask});
      d.totals.Add(items[a].mask);
    }
    for (; b < messages.size() && DayOf(messages[b].received_at) == day; ++b) {
      out.messages_.push_back(ToEntry(messages[b], day));
      d.totals.Add(messages[b].mask);
    }
    d.entries_end = static_cast<std::uint32_t>(out.entries_.size());
    d.messages_end = static_cast<std::uint32_t>(out.messages_.size());
    out.days_.push_back(d);
  }
  std::vector<Day> days;
  days.reserve(out.days_.size() + 4);
  days.assign(out.days_.begin(), out.days_.end());
  out.days_ = std::move(days);
  return out;
}

std::size_t DayBuckets::FindDay(std::int64_t day) const {
  auto it = std::lower_bound(days_.begin(), days_.end(), day,
                             [](const Day& d, std::int64_t v) { return d.day < v; });
  return static_cast<std::size_t>(it - days_.begin());
}

std::size_t DayBuckets::DayIndex(std::int64_t day) {
  std::size_t i = FindDay(day);
  if (i == days_.size() || days_[i].day != day) {
    days_.insert(days_.begin() + static_cast<std::ptrdiff_t>(i),
                 Day{day, EntriesBegin(i), MessagesBegin(i), {}});
  }
  return i;
}

void DayBuckets::EraseIfEmpty(std::size_t i) {
  if (EntriesBegin(i) == days_[i].entries_end && MessagesBegin(i) == days_[i].messages_end) {
    days_.erase(days_.begin() + static_cast<std::ptrdiff_t>(i));
  }
}

void DayBuckets::Add(const Contribution& c) {
  std::int64_t day = DayOf(c.at);
  if (day < floor_) return;
  std::uint32_t offset = OffsetIn(c.at, day);
  std::size_t i = DayIndex(day);
  auto first = entries_.begin() + EntriesBegin(i);
  auto last = entries_.begin() + days_[i].entries_end;
  auto pos = std::upper_bound(first, last, offset,
                              [](std::uint32_t o, const Entry& e) { return o < e.offset; });
  entries_.insert(pos, Entry{offset, c.mask});
  for (std::size_t j = i; j < days_.size(); ++j) ++days_[j].entries_end;
  days_[i].totals.Add(c.mask);
}

void DayBuckets::Add(const MessageContribution& m) {
  std::int64_t day = DayOf(m.received_at);
  if (day < floor_) return;
  MessageEntry entry = ToEntry(m, day);
  std::size_t i = DayIndex(day);
  auto first = messages_.begin() + MessagesBegin(i);
  auto last = messages_.begin() + days_[i].messages_end;
  auto pos = std::upper_bound(first, last, entry.offset,
                              [](std::uint32_t o, const MessageEntry& e) { return o < e.offset; });
  messages_.insert(pos, entry);
  for (std::size_t j = i; j < days_.size(); ++j) ++days_[j].messages_end;
  days_[i].totals.Add(m.mask);
}

bool DayBuckets::Remove(const Contribution& c) {
  std::int64_t day = DayOf(c.at);
  if (day < floor_) return true;
  std::size_t i = FindDay(day);
  if (i == days_.size() || days_[i].day != day) return false;
  std::uint32_t offset = OffsetIn(c.at, day);
  auto first = entries_.begin() + EntriesBegin(i);
  auto last = entries_.begin() + days_[i].entries_end;
  auto pos = std::lower_bound(first, last, offset,
                              [](const Entry& e, std::uint32_t o) { return e.offset < o; });
  for (; pos != last && pos->offset == offset; ++pos) {
    if (pos->mask != c.mask) continue;
    entries_.erase(pos);
    for (std::size_t j = i; j < days_.size(); ++j) --days_[j].entries_end;
    days_[i].totals.Add(c.mask, -1);
    EraseIfEmpty(i);
    return true;
  }
  return false;
}

bool DayBuckets::Remove(const MessageContribution& m) {
  std::int64_t day = DayOf(m.received_at);
  if (day < floor_) return true;
  std::size_t i = FindDay(day);
  if (i == days_.size() || days_[i].day != day) return false;
  MessageEntry entry = ToEntry(m, day);
  auto first = messages_.begin() + MessagesBegin(i);
  auto last = messages_.begin() + days_[i].messages_end;
  auto pos = std::lower_bound(first, last, entry.offset,
                              [](const MessageEntry& e, std::uint32_t o) { return e.offset < o; });
  for (; pos != last && pos->offset == entry.offset; ++pos) {
    if (pos->mask != entry.mask || pos->latency_ms != entry.latency_ms) continue;
    messages_.erase(pos);
    for (std::size_t j = i; j < days_.size(); ++j) --days_[j].messages_end;
    days_[i].totals.Add(m.mask, -1);
    EraseIfEmpty(i);
    return true;
  }
  return false;
}

void DayBuckets::AddPartial(std::size_t i, std::uint32_t lo, std::uint32_t hi, CounterMask wanted,
                            Counters& out) const {
  const Day& d = days_[i];
  auto e_first = entries_.begin() + EntriesBegin(i);
  auto e_last = entries_.begin() + d.entries_end;
  auto e_lo = lo == 0 ? e_first : FirstAtOrAfter(e_first, e_last, lo);
  auto e_hi = hi == kDayMs ? e_last : FirstAtOrAfter(e_lo, e_last, hi);
  auto m_first = messages_.begin() + MessagesBegin(i);
  auto m_last = messages_.begin() + d.messages_end;
  auto m_lo = lo == 0 ? m_first : FirstAtOrAfter(m_first, m_last, lo);
  auto m_hi = hi == kDayMs ? m_last : FirstAtOrAfter(m_lo, m_last, hi);

  auto inside = (e_hi - e_lo) + (m_hi - m_lo);
  auto outside = (e_last - e_first) + (m_last - m_first) - inside;
  if (inside <= outside) {
    AddMasks(e_lo, e_hi, wanted, 1, out);
    AddMasks(m_lo, m_hi, wanted, 1, out);
    return;
  }
  // Fewer entries outside [lo, hi): the day's totals minus those.
  out += d.totals;
  AddMasks(e_first, e_lo, wanted, -1, out);
  AddMasks(e_hi, e_last, wanted, -1, out);
  AddMasks(m_first, m_lo, wanted, -1, out);
  AddMasks(m_hi, m_last, wanted, -1, out);
}

Counters DayBuckets::Sum(core::Timestamp from, core::Timestamp to, CounterMask wanted) const {
  Counters out;
  if (from >= to) return out;
  const std::int64_t first_day = DayOf(from);
  const std::int64_t last_day = DayOf(to);
  const std::uint32_t from_offset = OffsetIn(from, first_day);
  const std::uint32_t to_offset = OffsetIn(to, last_day);
  for (std::size_t i = FindDay(first_day); i < days_.size() && days_[i].day <= last_day; ++i) {
    const std::int64_t day = days_[i].day;
    std::uint32_t lo = day == first_day ? from_offset : 0;
    std::uint32_t hi = day == last_day ? to_offset : static_cast<std::uint32_t>(kDayMs);
    if (lo == 0 && hi == kDayMs) {
      out += days_[i].totals;
    } else if (lo < hi) {
      AddPartial(i, lo, hi, wanted, out);
    }
  }
  return Only(out, wanted);
}

std::vector<Counters> DayBuckets::SlidingSums(core::Timestamp from, core::Timestamp to, int count,
                                              CounterMask wanted) const {
  std::vector<Counters> out(static_cast<std::size_t>(std::max(count, 0)));
  if (out.empty()) return out;
  out[0] = Sum(from, to, wanted);
  const std::int64_t first_day = DayOf(from);
  const std::uint32_t offset = OffsetIn(from, first_day);
  // The days visited only move forward: one cursor instead of a search per day.
  std::size_t cursor = FindDay(first_day);
  auto find = [&](std::int64_t day) -> const Day* {
    while (cursor < days_.size() && days_[cursor].day < day) ++cursor;
    return cursor < days_.size() && days_[cursor].day == day ? &days_[cursor] : nullptr;
  };
  auto prefix_of = [&](std::int64_t day) {
    Counters c;
    if (find(day) && offset > 0) AddPartial(cursor, 0, offset, wanted, c);
    return Only(c, wanted);
  };
  Counters prefix = prefix_of(first_day);
  for (std::size_t k = 1; k < out.size(); ++k) {
    if (from + static_cast<int>(k) * core::kDay >= to) break;  // the rest stay zero
    // [from + (k − 1) d, from + k d): the rest of day k − 1 from `offset`, and day k before it.
    const std::int64_t day = first_day + static_cast<std::int64_t>(k);
    out[k] = out[k - 1];
    if (const Day* previous = find(day - 1)) out[k] -= Only(previous->totals, wanted);
    out[k] += prefix;
    prefix = prefix_of(day);
    out[k] -= prefix;
  }
  return out;
}

void DayBuckets::DropBefore(std::int64_t day) {
  floor_ = std::max(floor_, day);
  std::size_t k = FindDay(floor_);
  if (k == 0) return;
  const std::uint32_t entries_cut = days_[k - 1].entries_end;
  const std::uint32_t messages_cut = days_[k - 1].messages_end;
  entries_.erase(entries_.begin(), entries_.begin() + entries_cut);
  messages_.erase(messages_.begin(), messages_.begin() + messages_cut);
  days_.erase(days_.begin(), days_.begin() + static_cast<std::ptrdiff_t>(k));
  for (Day& d : days_) {
    d.entries_end -= entries_cut;
    d.messages_end -= messages_cut;
  }
}

std::size_t DayBuckets::MemoryBytes() const {
  return days_.capacity() * sizeof(Day) + entries_.capacity() * sizeof(Entry) +
         messages_.capacity() * sizeof(MessageEntry);
}

void DayBuckets::Save(SnapshotWriter& out) const {
  out.Put(floor_);
  out.PutArray(days_);
  out.PutArray(entries_);
  out.PutArray(messages_);
}

bool DayBuckets::Restore(SnapshotReader& in) {
  if (!in.Get(floor_) || !in.GetArray(days_) || !in.GetArray(entries_) || !in.GetArray(messages_)) {
    return false;
  }
  // The ends must index within the flat vectors, in order, or a later scan would overrun.
  std::uint32_t entries = 0;
  std::uint32_t messages = 0;
  for (const Day& d : days_) {
    if (d.entries_end < entries || d.messages_end < messages) return false;
    entries = d.entries_end;
    messages = d.messages_end;
  }
  return entries == entries_.size() && messages == messages_.size();
}

}  // namespace sellerwatch::metrics
