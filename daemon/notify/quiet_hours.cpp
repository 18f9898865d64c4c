#include "notify/quiet_hours.hpp"

#include <date/tz.h>

#include <algorithm>
#include <chrono>

#include "core/local_time.hpp"

namespace sellerwatch::notify {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using LocalMinutes = date::local_time<minutes>;

// The window that starts on local date `day` (a local midnight).
QuietWindow WindowOf(const date::time_zone* zone, const config::QuietHours& q,
                     date::local_days day) {
  LocalMinutes start = day + q.from;
  LocalMinutes end = q.to > q.from ? day + q.to : day + days(1) + q.to;
  return {core::LocalToUtc(zone, start, core::LocalPick::kEarliest),
          core::LocalToUtc(zone, end, core::LocalPick::kLatest)};
}

bool Degenerate(const config::QuietHours& q) {
  return q.from == q.to || (q.from.count() == 0 && q.to == days(1));
}

}  // namespace

std::optional<QuietWindow> ActiveQuietWindow(const config::QuietHours& quiet, core::Timestamp now) {
  if (Degenerate(quiet)) return std::nullopt;
  const date::time_zone* zone = core::FindZone(quiet.timezone);
  date::local_days today = core::LocalDayOf(zone, now);
  std::optional<QuietWindow> found;
  // A window that contains `now` started yesterday or today (local); later ones that touch it
  // extend it.
  for (int d = -1; d <= 2; ++d) {
    QuietWindow w = WindowOf(zone, quiet, today + days(d));
    if (w.start >= w.end) continue;
    if (!found) {
      if (w.start <= now && now < w.end) found = w;
    } else if (w.start <= found->end) {
      found->end = std::max(found->end, w.end);
    }
  }
  return found;
}

bool AppliesTo(const config::QuietHours& quiet, core::Severity severity) {
  return std::find(quiet.except.begin(), quiet.except.end(), severity) == quiet.except.end();
}

std::optional<core::Timestamp> QuietUntil(const std::optional<config::QuietHours>& quiet,
                                          core::Severity severity, core::Timestamp now) {
  if (!quiet || !AppliesTo(*quiet, severity)) return std::nullopt;
  if (auto w = ActiveQuietWindow(*quiet, now)) return w->end;
  return std::nullopt;
}

std::optional<core::Timestamp> NextQuietStart(const config::QuietHours& quiet,
                                              core::Timestamp now) {
  if (Degenerate(quiet)) return std::nullopt;
  const date::time_zone* zone = core::FindZone(quiet.timezone);
  date::local_days today = core::LocalDayOf(zone, now);
  for (int d = -1; d <= 2; ++d) {
    QuietWindow w = WindowOf(zone, quiet, today + days(d));
    if (w.start > now && w.start < w.end) return w.start;
  }
  return std::nullopt;
}

}  // namespace sellerwatch::notify
