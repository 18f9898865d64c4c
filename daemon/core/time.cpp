#include "core/time.hpp"

#include <date/date.h>

#include <cctype>
#include <charconv>

namespace sellerwatch::core {
namespace {

bool ReadDigits(std::string_view s, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  out = v;
  return true;
}

bool Expect(std::string_view s, std::size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

std::optional<Timestamp> ParseRfc3339(std::string_view s) {
  std::size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!ReadDigits(s, pos, 4, year) || !Expect(s, pos, '-') || !ReadDigits(s, pos, 2, month) ||
      !Expect(s, pos, '-') || !ReadDigits(s, pos, 2, day))
    return std::nullopt;
  if (pos >= s.size() || (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ')) return std::nullopt;
  ++pos;
  if (!ReadDigits(s, pos, 2, hour) || !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, minute) ||
      !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, second))
    return std::nullopt;
  int millis = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
      if (digits < 3) millis = millis * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return std::nullopt;
    for (int i = digits; i < 3; ++i) millis *= 10;
  }
  int offset_minutes = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int sign = s[pos] == '-' ? -1 : 1;
    ++pos;
    int oh = 0, om = 0;
    if (!ReadDigits(s, pos, 2, oh) || !Expect(s, pos, ':') || !ReadDigits(s, pos, 2, om))
      return std::nullopt;
    if (oh > 23 || om > 59) return std::nullopt;
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return std::nullopt;  // an offset is mandatory: a local time is ambiguous
  }
  if (pos != s.size()) return std::nullopt;
  if (hour > 23 || minute > 59 || second > 60) return std::nullopt;
  date::year_month_day ymd{date::year(year), date::month(static_cast<unsigned>(month)),
                           date::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return std::nullopt;
  if (second == 60) second = 59;  // leap second: clamp, sys_time has none
  auto t = date::sys_days(ymd) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
           std::chrono::seconds(second) + Duration(millis) - std::chrono::minutes(offset_minutes);
  return std::chrono::time_point_cast<Duration>(t);
}

void AppendRfc3339(std::string& out, Timestamp t) {
  const auto day = std::chrono::floor<date::days>(t);
  const date::year_month_day ymd{day};
  const int year = static_cast<int>(ymd.year());
  const bool whole_second = t.time_since_epoch().count() % 1000 == 0;
  if (year < 0 || year > 9999) {  // rare: date::format knows how to write these years
    out += whole_second ? date::format("%FT%TZ", std::chrono::floor<std::chrono::seconds>(t))
                        : date::format("%FT%TZ", t);
    return;
  }
  // Digits by hand: date::format builds an ostringstream per call, and an import writes several
  // times per event for millions of events.
  const std::int64_t ms = (t - day).count();
  char text[] = "0000-00-00T00:00:00.000Z";
  auto put = [&text](std::size_t at, std::int64_t value, int digits) {
    for (int i = digits - 1; i >= 0; --i, value /= 10)
      text[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
  };
  put(0, year, 4);
  put(5, static_cast<unsigned>(ymd.month()), 2);
  put(8, static_cast<unsigned>(ymd.day()), 2);
  put(11, ms / 3'600'000, 2);
  put(14, ms / 60'000 % 60, 2);
  put(17, ms / 1000 % 60, 2);
  if (whole_second) {
    out.append(text, 19);
    out += 'Z';
  } else {
    put(20, ms % 1000, 3);
    out.append(text, 24);
  }
}

std::string FormatRfc3339(Timestamp t) {
  std::string out;
  AppendRfc3339(out, t);
  return out;
}

std::optional<Duration> ParseDuration(std::string_view s) {
  if (s.empty()) return std::nullopt;
  Duration total{0};
  std::size_t pos = 0;
  while (pos < s.size()) {
    std::int64_t n = 0;
    auto [end, ec] = std::from_chars(s.data() + pos, s.data() + s.size(), n);
    if (ec != std::errc() || end == s.data() + pos || n < 0) return std::nullopt;
    pos = static_cast<std::size_t>(end - s.data());
    std::size_t unit_start = pos;
    while (pos < s.size() && std::isalpha(static_cast<unsigned char>(s[pos]))) ++pos;
    std::string_view unit = s.substr(unit_start, pos - unit_start);
    std::int64_t ms_per = 0;
    if (unit == "ms") {
      ms_per = 1;
    } else if (unit == "s") {
      ms_per = 1000;
    } else if (unit == "m") {
      ms_per = 60'000;
    } else if (unit == "h") {
      ms_per = 3'600'000;
    } else if (unit == "d") {
      ms_per = 86'400'000;
    } else if (unit == "w") {
      ms_per = 7 * 86'400'000LL;
    } else {
      return std::nullopt;
    }
    if (n > (std::int64_t{1} << 50) / ms_per) return std::nullopt;  // absurd, would overflow
    total += Duration(n * ms_per);
  }
  return total;
}

std::string FormatDuration(Duration d) {
  std::int64_t ms = d.count();
  if (ms == 0) return "0s";
  std::string out;
  if (ms < 0) {
    out = "-";
    ms = -ms;
  }
  struct Unit {
    std::int64_t ms;
    const char* name;
  };
  static constexpr Unit kUnits[] = {
      {86'400'000, "d"}, {3'600'000, "h"}, {60'000, "m"}, {1000, "s"}, {1, "ms"}};
  for (const auto& u : kUnits) {
    if (ms >= u.ms) {
      out += std::to_string(ms / u.ms) + u.name;
      ms %= u.ms;
    }
  }
  return out;
}

}  // namespace sellerwatch::core
