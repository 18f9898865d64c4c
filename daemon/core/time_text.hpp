#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace date {
class time_zone;
}

namespace sellerwatch::core {

// How a time is written by software that is not ours (a spreadsheet export, an ERP's JSON).
struct TimeFormat {
  enum class Kind {
    kAuto,    // RFC 3339, or "YYYY-MM-DD[ HH:MM[:SS]]" read in `zone`
    kUnix,    // seconds since 1970, integer or decimal
    kUnixMs,  // milliseconds since 1970
    kPattern  // a strftime-style pattern as date::parse reads it: "%d.%m.%Y %H:%M"
  };
  Kind kind = Kind::kAuto;
  std::string pattern;  // kPattern only

  bool operator==(const TimeFormat&) const = default;

  // "auto" (or ""), "unix", "unix_ms", or a pattern containing '%'; nullopt otherwise.
  static std::optional<TimeFormat> Parse(std::string_view text);
};

// `text` as an instant. Readings without an offset are wall-clock time in `zone` (null: UTC);
// a doubled hour (clocks falling back) takes the earlier instant. nullopt when it does not fit.
std::optional<Timestamp> ParseTimeText(std::string_view text, const TimeFormat& format,
                                       const date::time_zone* zone);

}  // namespace sellerwatch::core
