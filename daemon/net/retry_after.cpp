#include "net/retry_after.hpp"

#include <date/date.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

namespace sellerwatch::net {
namespace {

using core::Duration;

constexpr Duration kMaxWait = kMaxRetryAfter;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Duration Clamp(Duration d) { return std::clamp(d, Duration(0), kMaxWait); }

}  // namespace

Duration RetryAfterSeconds(double seconds) {
  if (!(seconds > 0)) return Duration(0);  // also NaN
  if (seconds >=
      static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(kMaxWait).count()))
    return kMaxWait;
  return Duration(std::llround(seconds * 1000.0));
}

namespace {

// "-5", "120", "1.5": digits with an optional sign and fraction, nothing else.
std::optional<Duration> ParseDelta(std::string_view s) {
  bool negative = false;
  if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty() || !std::isdigit(static_cast<unsigned char>(s.front()))) return std::nullopt;
  double value = 0;
  double scale = 0;
  for (char c : s) {
    if (c == '.' && scale == 0) {
      scale = 1;
    } else if (std::isdigit(static_cast<unsigned char>(c))) {
      if (scale == 0) {
        value = value * 10 + (c - '0');
      } else {
        scale /= 10;
        value += (c - '0') * scale;
      }
    } else {
      return std::nullopt;
    }
  }
  if (s.back() == '.') return std::nullopt;
  return negative ? Duration(0) : RetryAfterSeconds(value);
}

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  bool Literal(std::string_view lit) {
    if (s_.substr(0, lit.size()) != lit) return false;
    s_.remove_prefix(lit.size());
    return true;
  }
  bool Spaces() {  // one or more (asctime pads the day with a space)
    if (s_.empty() || s_.front() != ' ') return false;
    while (!s_.empty() && s_.front() == ' ') s_.remove_prefix(1);
    return true;
  }
  std::optional<int> Number(std::size_t min_digits, std::size_t max_digits) {
    std::size_t n = 0;
    int v = 0;
    while (n < s_.size() && n < max_digits && std::isdigit(static_cast<unsigned char>(s_[n]))) {
      v = v * 10 + (s_[n] - '0');
      ++n;
    }
    if (n < min_digits) return std::nullopt;
    s_.remove_prefix(n);
    return v;
  }
  std::string_view Word() {
    std::size_t n = 0;
    while (n < s_.size() && std::isalpha(static_cast<unsigned char>(s_[n]))) ++n;
    std::string_view w = s_.substr(0, n);
    s_.remove_prefix(n);
    return w;
  }
  bool Done() const { return s_.empty(); }

 private:
  std::string_view s_;
};

constexpr std::array<std::string_view, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 7> kDays = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
constexpr std::array<std::string_view, 7> kLongDays = {
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

std::optional<int> Month(std::string_view w) {
  for (std::size_t i = 0; i < kMonths.size(); ++i)
    if (kMonths[i] == w) return static_cast<int>(i) + 1;
  return std::nullopt;
}

template <std::size_t N>
bool OneOf(const std::array<std::string_view, N>& names, std::string_view w) {
  return std::find(names.begin(), names.end(), w) != names.end();
}

struct Fields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
};

bool Clock(Scanner& sc, Fields& f) {
  auto h = sc.Number(2, 2);
  if (!h || !sc.Literal(":")) return false;
  auto m = sc.Number(2, 2);
  if (!m || !sc.Literal(":")) return false;
  auto s = sc.Number(2, 2);
  if (!s) return false;
  f.hour = *h;
  f.minute = *m;
  f.second = *s;
  return true;
}

// IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT",
// asctime "Sun Nov  6 08:49:37 1994".
std::optional<core::Timestamp> ParseHttpDate(std::string_view text) {
  Scanner sc(text);
  Fields f;
  std::string_view weekday = sc.Word();
  if (sc.Literal(",")) {
    if (!sc.Spaces()) return std::nullopt;
    auto day = sc.Number(2, 2);
    if (!day) return std::nullopt;
    f.day = *day;
    if (OneOf(kDays, weekday) && sc.Spaces()) {  // IMF-fixdate
      auto month = Month(sc.Word());
      if (!month || !sc.Spaces()) return std::nullopt;
      auto year = sc.Number(4, 4);
      if (!year) return std::nullopt;
      f.month = *month;
      f.year = *year;
    } else if (OneOf(kLongDays, weekday) && sc.Literal("-")) {  // RFC 850
      auto month = Month(sc.Word());
      if (!month || !sc.Literal("-")) return std::nullopt;
      auto year = sc.Number(2, 2);
      if (!year) return std::nullopt;
      f.month = *month;
      f.year = *year + (*year < 70 ? 2000 : 1900);
    } else {
      return std::nullopt;
    }
    if (!sc.Spaces() || !Clock(sc, f) || !sc.Spaces() || !sc.Literal("GMT")) return std::nullopt;
  } else {  // asctime
    if (!OneOf(kDays, weekday) || !sc.Spaces()) return std::nullopt;
    auto month = Month(sc.Word());
    if (!month || !sc.Spaces()) return std::nullopt;
    auto day = sc.Number(1, 2);
    if (!day || !sc.Spaces() || !Clock(sc, f) || !sc.Spaces()) return std::nullopt;
    auto year = sc.Number(4, 4);
    if (!year) return std::nullopt;
    f.month = *month;
    f.day = *day;
    f.year = *year;
  }
  if (!sc.Done() || f.hour > 23 || f.minute > 59 || f.second > 60) return std::nullopt;
  date::year_month_day ymd{date::year(f.year), date::month(static_cast<unsigned>(f.month)),
                           date::day(static_cast<unsigned>(f.day))};
  if (!ymd.ok()) return std::nullopt;
  return core::Timestamp(date::sys_days(ymd).time_since_epoch() + std::chrono::hours(f.hour) +
                         std::chrono::minutes(f.minute) + std::chrono::seconds(f.second));
}

}  // namespace

std::optional<Duration> ParseRetryAfter(std::string_view header_value, core::Timestamp now) {
  std::string_view v = Trim(header_value);
  if (v.empty()) return std::nullopt;
  if (auto d = ParseDelta(v)) return d;
  if (auto t = ParseHttpDate(v)) return Clamp(*t - now);
  return std::nullopt;
}

}  // namespace sellerwatch::net
