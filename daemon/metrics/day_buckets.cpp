#include "metrics/day_buckets.hpp"

#include <algorithm>

namespace sellerwatch::metrics {

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
  out.days_.reserve(out.days_.size() + 4);
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

void DayBuckets::AddPartial(std::size_t i, std::uint32_t lo, std::uint32_t hi,
                            Counters& out) const {
  const Day& d = days_[i];
  auto e_first = entries_.begin() + EntriesBegin(i);
  auto e_last = entries_.begin() + d.entries_end;
  auto by_offset = [](const auto& e, std::uint32_t o) { return e.offset < o; };
  auto e_lo = std::lower_bound(e_first, e_last, lo, by_offset);
  auto e_hi = std::lower_bound(e_lo, e_last, hi, by_offset);
  auto m_first = messages_.begin() + MessagesBegin(i);
  auto m_last = messages_.begin() + d.messages_end;
  auto m_lo = std::lower_bound(m_first, m_last, lo, by_offset);
  auto m_hi = std::lower_bound(m_lo, m_last, hi, by_offset);

  auto inside = (e_hi - e_lo) + (m_hi - m_lo);
  auto outside = (e_last - e_first) + (m_last - m_first) - inside;
  if (inside <= outside) {
    for (auto e = e_lo; e != e_hi; ++e) out.Add(e->mask);
    for (auto m = m_lo; m != m_hi; ++m) out.Add(m->mask);
    return;
  }
  // Fewer entries outside [lo, hi): the day's totals minus those.
  out += d.totals;
  for (auto e = e_first; e != e_lo; ++e) out.Add(e->mask, -1);
  for (auto e = e_hi; e != e_last; ++e) out.Add(e->mask, -1);
  for (auto m = m_first; m != m_lo; ++m) out.Add(m->mask, -1);
  for (auto m = m_hi; m != m_last; ++m) out.Add(m->mask, -1);
}

Counters DayBuckets::Sum(core::Timestamp from, core::Timestamp to) const {
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
      AddPartial(i, lo, hi, out);
    }
  }
  return out;
}

Counters DayBuckets::PrefixOf(std::int64_t day, std::uint32_t offset) const {
  Counters out;
  std::size_t i = FindDay(day);
  if (i < days_.size() && days_[i].day == day && offset > 0) AddPartial(i, 0, offset, out);
  return out;
}

Counters DayBuckets::TotalsOf(std::int64_t day) const {
  std::size_t i = FindDay(day);
  if (i < days_.size() && days_[i].day == day) return days_[i].totals;
  return {};
}

std::vector<Counters> DayBuckets::SlidingSums(core::Timestamp from, core::Timestamp to,
                                              int count) const {
  std::vector<Counters> out(static_cast<std::size_t>(std::max(count, 0)));
  if (out.empty()) return out;
  out[0] = Sum(from, to);
  const std::int64_t first_day = DayOf(from);
  const std::uint32_t offset = OffsetIn(from, first_day);
  Counters prefix = PrefixOf(first_day, offset);
  for (std::size_t k = 1; k < out.size(); ++k) {
    if (from + static_cast<int>(k) * core::kDay >= to) break;  // the rest stay zero
    // [from + (k − 1) d, from + k d): the rest of day k − 1 from `offset`, and day k before it.
    const std::int64_t day = first_day + static_cast<std::int64_t>(k);
    Counters next_prefix = PrefixOf(day, offset);
    out[k] = out[k - 1];
    out[k] -= TotalsOf(day - 1);
    out[k] += prefix;
    out[k] -= next_prefix;
    prefix = next_prefix;
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

}  // namespace sellerwatch::metrics
