#include "core/local_time.hpp"

#include <date/tz.h>

namespace sellerwatch::core {

std::string FormatLocal(Timestamp t, const std::string& zone, const char* format) {
  auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  return date::format(format, date::make_zoned(FindZone(zone), seconds));
}

const date::time_zone* FindZone(const std::string& name) {
  try {
    return date::locate_zone(name.empty() ? "UTC" : name);
  } catch (const std::exception&) {
    return date::locate_zone("UTC");
  }
}

Timestamp LocalToUtc(const date::time_zone* zone, date::local_time<std::chrono::minutes> local,
                     LocalPick pick) {
  date::local_info info = zone->get_info(local);
  switch (info.result) {
    case date::local_info::nonexistent:
      return Timestamp(info.second.begin);
    case date::local_info::ambiguous: {
      auto offset = pick == LocalPick::kEarliest ? info.first.offset : info.second.offset;
      return Timestamp(local.time_since_epoch() - offset);
    }
    default:
      return Timestamp(local.time_since_epoch() - info.first.offset);
  }
}

date::local_days LocalDayOf(const date::time_zone* zone, Timestamp t) {
  return date::floor<date::days>(zone->to_local(date::floor<std::chrono::minutes>(t)));
}

}  // namespace sellerwatch::core
