#pragma once

#include <boost/json/fwd.hpp>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace sellerwatch::sources {

// How other software writes a time: an API in a record field or the `{since}` of a URL, a
// spreadsheet export in a cell.
struct TimeFormat {
  enum class Kind {
    kRfc3339,
    kUnix,
    kUnixMs,
    kPattern,
    kAuto,  // RFC 3339, or "YYYY-MM-DD[( |T)HH:MM[:SS]]" in `timezone` (what spreadsheets write)
  };
  Kind kind = Kind::kRfc3339;
  std::string pattern;   // kPattern: a date::parse / strftime pattern, "%Y-%m-%d %H:%M:%S"
  std::string timezone;  // kPattern without %z: the IANA zone of its readings; "" = UTC

  bool operator==(const TimeFormat&) const = default;
  // "rfc3339", "unix", "unix_ms", "auto" or the pattern, for messages.
  std::string Name() const;
  // The pattern reads the UTC offset itself (%z), so `timezone` does not apply.
  bool PatternHasOffset() const;
};

// "rfc3339" | "unix" | "unix_ms" | "auto" | a pattern with at least one '%' conversion. A pattern
// must read back a date it wrote (so "%H:%M" alone or a typo like "%Y-%m-%q" is refused here, at
// check-config, not at the first record). The error says why.
core::Result<TimeFormat> ParseTimeFormat(std::string_view text, std::string timezone);

// A record's value in this format: RFC 3339 and patterns take strings; unix and unix_ms take
// numbers or numeric strings (fractions allowed). A reading outside 1970..9999 is refused (a
// unix_ms value read as unix seconds says so). Errors say what was expected and what came.
core::Result<core::Timestamp> ReadTime(const boost::json::value& value, const TimeFormat& format);

// An instant as the API expects it in a URL, to whole seconds (unix_ms: milliseconds); rounded
// down, so a `{since}` never skips the second it names.
std::string FormatTime(core::Timestamp t, const TimeFormat& format);

}  // namespace sellerwatch::sources
