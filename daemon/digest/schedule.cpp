#include "digest/schedule.hpp"

#include <date/tz.h>

#include <algorithm>
#include <chrono>

#include "core/local_time.hpp"

namespace sellerwatch::digest {
namespace {

using std::chrono::days;
using std::chrono::minutes;

// Calls `f` with every slot whose local date is in [today + from, today + to].
template <class F>
void ForEachSlot(const config::DigestConfig& digest, core::Timestamp around, int from, int to,
                 F&& f) {
  const date::time_zone* zone = core::FindZone(digest.timezone);
  date::local_days today = core::LocalDayOf(zone, around);
  for (int d = from; d <= to; ++d) {
    date::local_days day = today + days(d);
    unsigned weekday = date::weekday(day).c_encoding();
    for (const config::WeeklyTime& entry : digest.schedule) {
      if (entry.day.c_encoding() == weekday) f(core::LocalToUtc(zone, day + entry.time_of_day));
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
