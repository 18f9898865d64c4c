#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace sellerwatch::sources::aliexpress {

// AliExpress writes and reads times as US Pacific wall-clock strings, "yyyy-MM-dd HH:mm:ss"
// (America/Los_Angeles, daylight saving time included: the tz database decides the offset).

// A reading → UTC. The hour that repeats when clocks fall back is read as its first
// occurrence (PDT); a time in the hour skipped in spring (which AliExpress cannot write) as
// the instant of the jump. nullopt: not in that format.
std::optional<core::Timestamp> ParsePacific(std::string_view text);

// An instant as AliExpress expects it in a query, to the second (rounded down).
std::string FormatPacific(core::Timestamp t);

// The start of a "modified since" query window: FormatPacific(t), except inside the repeated
// autumn hour, where a wall-clock reading cannot tell PDT from PST: then the reading of two
// hours earlier, which lies before the doubled hour, so nothing stamped in it is skipped.
std::string PacificWindowStart(core::Timestamp t);

// An optional Pacific time field of a record: absent, null or "" is nullopt, anything else
// must parse. `record` names the record in the error ("order 8100000000000001").
core::Result<std::optional<core::Timestamp>> PacificAt(const boost::json::object& o,
                                                       std::string_view key,
                                                       std::string_view record);

}  // namespace sellerwatch::sources::aliexpress
