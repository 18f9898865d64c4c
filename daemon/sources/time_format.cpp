#include "sources/time_format.hpp"

// date.h's from_stream (date::parse) declares `long double S;` for %S and fills it through a
// helper GCC 12 cannot see through at -O2: a false -Wmaybe-uninitialized inside the system
// header, silenced for it alone (GCC classifies the warning by the header's lines).
#if defined(__GNUC__) && !defined(__clang__)  // clang has no such warning (and would warn)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#include <date/date.h>
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
#include <date/tz.h>
#include <fmt/format.h>

#include <boost/json.hpp>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

#include "core/local_time.hpp"
#include "sources/shown_value.hpp"

namespace sellerwatch::sources {
namespace json = boost::json;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

// 1970-01-01 .. 9999-12-31T23:59:59.999Z: what an order, feedback or message time can be.
constexpr std::int64_t kMaxMillis = 253402300799999;

core::Result<core::Timestamp> InRange(std::int64_t millis, const json::value& v,
                                      const TimeFormat& f) {
  if (millis >= 0 && millis <= kMaxMillis) return core::FromUnixMillis(millis);
  std::string hint;
  if (f.kind == TimeFormat::Kind::kUnix && millis > kMaxMillis)
    hint = " (milliseconds? then format: unix_ms)";
  return core::Error::Data(
      fmt::format("{} as {} is outside 1970..9999{}", ShownValue(v), f.Name(), hint));
}

// A number, or a string holding one, as milliseconds given the unit of one.
std::optional<std::int64_t> Millis(const json::value& v, std::int64_t per_unit) {
  if (v.is_int64()) {
    std::int64_t n = v.get_int64();
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    if (n > kMax / per_unit) return kMaxMillis + 1;
    if (n < -(kMax / per_unit)) return -1;  // compared, not abs(): abs(INT64_MIN) overflows
    return n * per_unit;
  }
  if (v.is_uint64()) return kMaxMillis + 1;  // beyond int64: certainly out of range
  double d = 0;
  if (v.is_double()) {
    d = v.get_double();
  } else if (v.is_string()) {
    std::string_view s = v.get_string();
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (!s.empty() && ec == std::errc() && end == s.data() + s.size()) {
      return Millis(json::value(n), per_unit);
    }
    auto [dend, dec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (s.empty() || dec != std::errc() || dend != s.data() + s.size()) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!std::isfinite(d) || std::abs(d * static_cast<double>(per_unit)) > 1e17)
    return kMaxMillis + 1;
  return static_cast<std::int64_t>(std::llround(d * static_cast<double>(per_unit)));
}

// Parsed, and the whole input consumed (trailing blanks allowed).
bool AtEnd(std::istringstream& in) {
  if (in.fail()) return false;
  if (in.eof()) return true;  // a number read up to the end (%S) already hit it
  in >> std::ws;
  return !in.fail() && in.peek() == std::char_traits<char>::eof();
}

// date.h (3.0.1) reads %S and %T into an uninitialised `long double` and converts it to the
// result's duration even when reading the seconds failed: into integer milliseconds that
// conversion of garbage is undefined behaviour (found by http_json_fuzz, again and again). Into
// floating-point milliseconds it is defined; the value is checked and rounded here instead.
using FloatMillis = std::chrono::duration<double, std::milli>;

std::optional<milliseconds> WholeMillis(FloatMillis d) {
  const double ms = std::round(d.count());
  if (!std::isfinite(ms) || std::abs(ms) > static_cast<double>(kMaxMillis) + 86'400'000.0 * 2) {
    return std::nullopt;  // beyond 9999 (plus a zone's offset): InRange refuses it anyway
  }
  return milliseconds(static_cast<std::int64_t>(ms));
}

std::optional<core::Timestamp> ParsePattern(std::string_view text, const TimeFormat& f) {
  std::istringstream in{std::string(text)};
  // Zero-initialised: date::parse may leave them untouched yet not fail the stream.
  if (f.PatternHasOffset()) {
    date::sys_time<FloatMillis> t{};
    in >> date::parse(f.pattern, t);
    if (!AtEnd(in)) return std::nullopt;
    auto ms = WholeMillis(t.time_since_epoch());
    if (!ms) return std::nullopt;
    return core::Timestamp(*ms);
  }
  date::local_time<FloatMillis> parsed{};
  in >> date::parse(f.pattern, parsed);
  if (!AtEnd(in)) return std::nullopt;
  auto ms = WholeMillis(parsed.time_since_epoch());
  if (!ms) return std::nullopt;
  const date::local_time<milliseconds> local{*ms};
  // The zone conversion works on minutes (every DST change falls on a minute); a reading in
  // the hour skipped in spring is the instant of the jump, one in the doubled hour the first.
  auto whole = date::floor<minutes>(local);
  return core::LocalToUtc(core::FindZone(f.timezone), whole) + (local - whole);
}

}  // namespace

std::string TimeFormat::Name() const {
  switch (kind) {
    case Kind::kRfc3339:
      return "rfc3339";
    case Kind::kUnix:
      return "unix";
    case Kind::kUnixMs:
      return "unix_ms";
    case Kind::kPattern:
      return "'" + pattern + "'";
    case Kind::kAuto:
      return "auto (RFC 3339 or YYYY-MM-DD[ HH:MM[:SS]])";
  }
  return "rfc3339";
}

bool TimeFormat::PatternHasOffset() const {
  return kind == Kind::kPattern &&
         (pattern.find("%z") != std::string::npos || pattern.find("%Ez") != std::string::npos ||
          pattern.find("%Oz") != std::string::npos);
}

core::Result<TimeFormat> ParseTimeFormat(std::string_view text, std::string timezone) {
  TimeFormat f;
  f.timezone = std::move(timezone);
  if (text == "rfc3339") return f;
  if (text == "unix") {
    f.kind = TimeFormat::Kind::kUnix;
    return f;
  }
  if (text == "unix_ms") {
    f.kind = TimeFormat::Kind::kUnixMs;
    return f;
  }
  if (text == "auto") {
    f.kind = TimeFormat::Kind::kAuto;
    return f;
  }
  if (text.find('%') == std::string_view::npos) {
    return core::Error::Config(
        "expected rfc3339, unix, unix_ms, auto or a pattern like \"%Y-%m-%d %H:%M:%S\"");
  }
  // date.h reads a field width ("%4Y") into an int without a bound: a width of more digits than
  // any field has would overflow it (found by http_json_fuzz).
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (text[i] != '%') continue;
    if (text[i + 1] == '%') {
      ++i;  // "%%": a literal percent sign
      continue;
    }
    std::size_t digits = 0;
    while (i + 1 + digits < text.size() &&
           std::isdigit(static_cast<unsigned char>(text[i + 1 + digits]))) {
      ++digits;
    }
    // One digit: a width of 10 or more lets %S read a number whose milliseconds overflow
    // date.h's rounding (UB); no date or time field needs one.
    if (digits > 1) {
      return core::Error::Config("a field width above 9 in the pattern");
    }
  }
  f.kind = TimeFormat::Kind::kPattern;
  f.pattern = std::string(text);
  // Write a known instant with the pattern and read it back: the day must survive.
  const core::Timestamp sample = *core::ParseRfc3339("2026-11-07T13:45:30Z");
  std::string written;
  try {
    written = FormatTime(sample, f);
  } catch (const std::exception&) {
    return core::Error::Config("not a valid time pattern");
  }
  auto back = ParsePattern(written, f);
  const auto* zone = core::FindZone(f.timezone);
  if (!back || core::LocalDayOf(zone, *back) != core::LocalDayOf(zone, sample)) {
    return core::Error::Config(fmt::format(
        "the pattern cannot read back a date it writes ('{}'): it needs the year, month and "
        "day (e.g. %Y-%m-%d, %d.%m.%Y, %F)",
        written));
  }
  return f;
}

core::Result<core::Timestamp> ReadTime(const json::value& v, const TimeFormat& f) {
  switch (f.kind) {
    case TimeFormat::Kind::kUnix:
    case TimeFormat::Kind::kUnixMs: {
      auto ms = Millis(v, f.kind == TimeFormat::Kind::kUnix ? 1000 : 1);
      if (!ms) {
        return core::Error::Data(
            fmt::format("expected {} (a number), got {}",
                        f.kind == TimeFormat::Kind::kUnix ? "unix seconds" : "unix milliseconds",
                        ShownValue(v)));
      }
      return InRange(*ms, v, f);
    }
    case TimeFormat::Kind::kRfc3339:
      if (v.is_string()) {
        if (auto t = core::ParseRfc3339(v.get_string()))
          return InRange(core::ToUnixMillis(*t), v, f);
      }
      return core::Error::Data(fmt::format(
          "expected an RFC 3339 time like 2026-11-01T10:00:00Z, got {}", ShownValue(v)));
    case TimeFormat::Kind::kPattern:
      if (v.is_string()) {
        if (auto t = ParsePattern(v.get_string(), f)) return InRange(core::ToUnixMillis(*t), v, f);
      }
      return core::Error::Data(
          fmt::format("expected a time like '{}', got {}", f.pattern, ShownValue(v)));
    case TimeFormat::Kind::kAuto:
      if (v.is_string()) {
        if (auto t = core::ParseRfc3339(v.get_string()))
          return InRange(core::ToUnixMillis(*t), v, f);
        for (const char* pattern : {"%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M",
                                    "%Y-%m-%dT%H:%M", "%Y-%m-%d"}) {
          TimeFormat local{TimeFormat::Kind::kPattern, pattern, f.timezone};
          if (auto t = ParsePattern(v.get_string(), local))
            return InRange(core::ToUnixMillis(*t), v, f);
        }
      }
      return core::Error::Data(fmt::format(
          "expected a time like 2026-11-01T10:00:00Z or 2026-11-01 10:00, got {}", ShownValue(v)));
  }
  return core::Error::Internal("unreachable");
}

std::string FormatTime(core::Timestamp t, const TimeFormat& f) {
  auto whole = date::floor<seconds>(t);
  switch (f.kind) {
    case TimeFormat::Kind::kRfc3339:
    case TimeFormat::Kind::kAuto:
      return core::FormatRfc3339(whole);
    case TimeFormat::Kind::kUnix:
      return std::to_string(whole.time_since_epoch().count());
    case TimeFormat::Kind::kUnixMs:
      return std::to_string(core::ToUnixMillis(t));
    case TimeFormat::Kind::kPattern:
      return date::format(f.pattern, date::make_zoned(core::FindZone(f.timezone), whole));
  }
  return core::FormatRfc3339(whole);
}

}  // namespace sellerwatch::sources
