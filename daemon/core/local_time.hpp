#pragma once

#include <date/date.h>

#include <chrono>
#include <string>

#include "core/time.hpp"

namespace date {
class time_zone;
}

namespace sellerwatch::core {

// An instant as a seller reads it in their own zone, e.g. "Mon 18:00 PST" with the default
// format. `zone` is an IANA name that config has already validated; UTC is used if it is not.
std::string FormatLocal(Timestamp t, const std::string& zone, const char* format = "%a %H:%M %Z");

// The zone of an IANA name; UTC for an empty or unknown one.
const date::time_zone* FindZone(const std::string& name);

// Which instant a doubled local time (the hour that repeats when clocks fall back) means.
enum class LocalPick { kEarliest, kLatest };

// A wall-clock reading → UTC. A reading that does not exist (the hour skipped when clocks
// spring forward) maps to the instant of the jump; a doubled one as `pick` says.
Timestamp LocalToUtc(const date::time_zone* zone, date::local_time<std::chrono::minutes> local,
                     LocalPick pick = LocalPick::kEarliest);

// The local calendar day an instant falls on.
date::local_days LocalDayOf(const date::time_zone* zone, Timestamp t);

}  // namespace sellerwatch::core
