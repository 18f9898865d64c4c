#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sellerwatch::core {

// Wall-clock instants are UTC with millisecond precision everywhere: in events, the store and
// messages. Intervals use std::chrono durations, never bare integers.
using Duration = std::chrono::milliseconds;
using Timestamp = std::chrono::sys_time<Duration>;

inline constexpr Duration kDay = std::chrono::hours(24);

inline std::int64_t ToUnixMillis(Timestamp t) { return t.time_since_epoch().count(); }
inline Timestamp FromUnixMillis(std::int64_t ms) { return Timestamp(Duration(ms)); }

// RFC 3339 with a mandatory offset ("Z" or "+02:00") and optional fractional seconds.
std::optional<Timestamp> ParseRfc3339(std::string_view text);
// "2026-11-01T10:00:00Z", or with ".250" when there are milliseconds.
std::string FormatRfc3339(Timestamp t);
// The same, appended to `out` without a string of its own (payloads carry several times each).
void AppendRfc3339(std::string& out, Timestamp t);

// Durations as written in config: "250ms", "30s", "5m", "12h", "7d", and sums like "1h30m".
std::optional<Duration> ParseDuration(std::string_view text);
// The shortest exact form: "90s" → "1m30s", "2d".
std::string FormatDuration(Duration d);

}  // namespace sellerwatch::core
