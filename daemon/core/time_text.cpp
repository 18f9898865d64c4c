#include "core/time_text.hpp"

#include <date/tz.h>

#include <charconv>
#include <sstream>

#include "core/local_time.hpp"

namespace sellerwatch::core {
namespace {

std::optional<Timestamp> FromLocal(date::local_time<std::chrono::seconds> local,
                                   const date::time_zone* zone) {
  if (zone == nullptr) return Timestamp(local.time_since_epoch());
  return LocalToUtc(zone, local);
}

std::optional<Timestamp> Epoch(std::string_view text, std::int64_t unit_ms) {
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return Timestamp(Duration(static_cast<std::int64_t>(value * static_cast<double>(unit_ms))));
}

// `text` read completely with `pattern`; an offset (%z) makes it an instant, else local time.
std::optional<Timestamp> WithPattern(std::string_view text, const std::string& pattern,
                                     const date::time_zone* zone) {
  std::istringstream in{std::string(text)};
  if (pattern.find("%z") != std::string::npos || pattern.find("%Ez") != std::string::npos) {
    date::sys_seconds t;
    in >> date::parse(pattern, t);
    if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
    return Timestamp(t.time_since_epoch());
  }
  date::local_seconds local;
  in >> date::parse(pattern, local);
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return FromLocal(local, zone);
}

}  // namespace

std::optional<TimeFormat> TimeFormat::Parse(std::string_view text) {
  if (text.empty() || text == "auto") return TimeFormat{};
  if (text == "unix") return TimeFormat{Kind::kUnix, {}};
  if (text == "unix_ms") return TimeFormat{Kind::kUnixMs, {}};
  if (text.find('%') != std::string_view::npos)
    return TimeFormat{Kind::kPattern, std::string(text)};
  return std::nullopt;
}

std::optional<Timestamp> ParseTimeText(std::string_view text, const TimeFormat& format,
                                       const date::time_zone* zone) {
  switch (format.kind) {
    case TimeFormat::Kind::kUnix:
      return Epoch(text, 1000);
    case TimeFormat::Kind::kUnixMs:
      return Epoch(text, 1);
    case TimeFormat::Kind::kPattern:
      return WithPattern(text, format.pattern, zone);
    case TimeFormat::Kind::kAuto:
      break;
  }
  if (auto t = ParseRfc3339(text)) return t;
  for (const char* pattern :
       {"%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d"}) {
    if (auto t = WithPattern(text, pattern, zone)) return t;
  }
  return std::nullopt;
}

}  // namespace sellerwatch::core
