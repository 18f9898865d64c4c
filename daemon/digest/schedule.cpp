#include "digest/schedule.hpp"

#include <date/tz.h>

#include <algorithm>
#include <chrono>

namespace sellerwatch::digest {
namespace {

using std::chrono::days;
using std::chrono::minutes;

const date::time_zone* Zone(const std::string& name) {
  try {
    return date::locate_zone(name.empty() ? "UTC" : name);
  } catch (const std::exception&) {
    return date::locate_zone("UTC");
  }
}

// Local wall-clock reading → UTC: a gap maps to the jump instant, a doubled time to its first
// occurrence. Same rule as notify/quiet_hours.cpp, whose helper is file-local.
core::Timestamp ToUtc(const date::time_zone* zone, date::local_time<minutes> local) {
  date::local_info info = zone->get_info(local);
  if (info.result == date::local_info::nonexistent) return core::Timestamp(info.second.begin);
  // For ambiguous readings `first` is the earlier occurrence; for unique ones the only one.
  return core::Timestamp(local.time_since_epoch() - info.first.offset);
}

date::local_days LocalDay(const date::time_zone* zone, core::Timestamp t) {
  return date::floor<days>(zone->to_local(date::floor<minutes>(t)));
}

// Calls `f` with every slot whose local date is in [today + from, today + to].
template <class F>
void ForEachSlot(const config::DigestConfig& digest, core::Timestamp around, int from, int to,
                 F&& f) {
  const date::time_zone* zone = Zone(digest.timezone);
  date::local_days today = LocalDay(zone, around);
  for (int d = from; d <= to; ++d) {
    date::local_days day = today + days(d);
    unsigned weekday = date::weekday(day).c_encoding();
    for (const config::WeeklyTime& entry : digest.schedule) {
      if (entry.day.c_encoding() == weekday) f(ToUtc(zone, day + entry.time_of_day));
    }
  }
}

}  // namespace

std::optional<core::Timestamp> NextSlot(const config::DigestConfig& digest, core::Timestamp after) {
  std::optional<core::Timestamp> best;
  // A day of margin on each side: the local date of `after` and the slot's UTC instant may
  // differ by an offset, and every weekday occurs within the next 7 days.
  ForEachSlot(digest, after, -1, 8, [&](core::Timestamp slot) {
    if (slot > after && (!best || slot < *best)) best = slot;
  });
  return best;
}

std::optional<core::Timestamp> LatestSlotAtOrBefore(const config::DigestConfig& digest,
                                                    core::Timestamp now) {
  std::optional<core::Timestamp> best;
  ForEachSlot(digest, now, -8, 1, [&](core::Timestamp slot) {
    if (slot <= now && (!best || slot > *best)) best = slot;
  });
  return best;
}

DigestDecision Due(const config::DigestConfig& digest,
                   std::optional<core::Timestamp> last_slot_sent, core::Timestamp now) {
  DigestDecision decision{std::nullopt, NextSlot(digest, now).value_or(now + core::kDay)};
  std::optional<core::Timestamp> latest = LatestSlotAtOrBefore(digest, now);
  if (!latest) return decision;
  bool newer = last_slot_sent ? *latest > *last_slot_sent : now - *latest <= kFirstStartGrace;
  if (newer) decision.send_slot = latest;
  return decision;
}

}  // namespace sellerwatch::digest
