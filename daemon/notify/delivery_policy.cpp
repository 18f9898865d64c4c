#include "notify/delivery_policy.hpp"

#include <date/date.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <cctype>
#include <cmath>

namespace sellerwatch::notify {
namespace {

namespace json = boost::json;
using core::Duration;
using Kind = SendOutcome::Kind;

constexpr Duration kMaxWait = std::chrono::hours(24 * 30);

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Duration Clamp(Duration d) { return std::clamp(d, Duration(0), kMaxWait); }

Duration FromSeconds(double seconds) {
  if (!(seconds > 0)) return Duration(0);  // also NaN
  if (seconds >=
      static_cast<double>(std::chrono::duration_cast<std::chrono::seconds>(kMaxWait).count()))
    return kMaxWait;
  return Duration(std::llround(seconds * 1000.0));
}

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
  return negative ? Duration(0) : FromSeconds(value);
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

// The JSON body's wait hint: Discord {"retry_after": 1.5}, Telegram
// {"parameters": {"retry_after": 3}}.
std::optional<Duration> BodyRetryAfter(const json::object& o) {
  auto seconds = [](const json::value* v) -> std::optional<Duration> {
    if (v == nullptr) return std::nullopt;
    if (v->is_double()) return FromSeconds(v->get_double());
    if (v->is_int64()) return FromSeconds(static_cast<double>(v->get_int64()));
    if (v->is_uint64()) return FromSeconds(static_cast<double>(v->get_uint64()));
    return std::nullopt;
  };
  if (auto d = seconds(o.if_contains("retry_after"))) return d;
  if (const json::value* p = o.if_contains("parameters"); p != nullptr && p->is_object())
    return seconds(p->as_object().if_contains("retry_after"));
  return std::nullopt;
}

std::optional<json::object> JsonObject(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

std::optional<Duration> Longest(std::optional<Duration> a, std::optional<Duration> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

Kind ByStatus(long status) {
  if (status >= 200 && status < 300) return Kind::kDelivered;
  if (status == 408 || status == 429 || (status >= 500 && status < 600)) return Kind::kRetry;
  return Kind::kPermanent;
}

std::string Snippet(std::string_view body) {
  constexpr std::size_t kMax = 200;
  std::string out;
  for (char c : body.substr(0, kMax)) {
    out += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
  }
  if (body.size() > kMax) out += "...";
  return out;
}

}  // namespace

std::optional<Duration> ParseRetryAfter(std::string_view header_value, core::Timestamp now) {
  std::string_view v = Trim(header_value);
  if (v.empty()) return std::nullopt;
  if (auto d = ParseDelta(v)) return d;
  if (auto t = ParseHttpDate(v)) return Clamp(*t - now);
  return std::nullopt;
}

std::string_view Name(SendOutcome::Kind kind) {
  switch (kind) {
    case Kind::kDelivered:
      return "delivered";
    case Kind::kRetry:
      return "retry";
    case Kind::kPermanent:
      return "permanent";
  }
  return "?";
}

SendOutcome ClassifyHttp(long status, std::optional<std::string_view> retry_after_header,
                         std::string_view body, config::ReceiverType channel, core::Timestamp now) {
  SendOutcome out;
  if (status <= 0) {
    out.kind = Kind::kRetry;
    out.detail = "no HTTP response";
    return out;
  }
  std::optional<Duration> hint;
  if (retry_after_header) hint = ParseRetryAfter(*retry_after_header, now);

  long effective = status;
  std::string detail = "HTTP " + std::to_string(status);
  bool json_hints =
      channel == config::ReceiverType::kDiscord || channel == config::ReceiverType::kTelegram;
  if (json_hints) {
    if (auto o = JsonObject(body)) {
      hint = Longest(hint, BodyRetryAfter(*o));
      const json::value* ok = o->if_contains("ok");
      if (channel == config::ReceiverType::kTelegram && ok != nullptr && ok->is_bool() &&
          !ok->get_bool()) {
        // Telegram documents error_code as "subject to change": the HTTP status decides, and
        // error_code only when a proxy hid the failure behind a 2xx.
        const json::value* code = o->if_contains("error_code");
        bool has_code = code != nullptr && code->is_int64();
        bool hidden = effective >= 200 && effective < 300;
        if (hidden) effective = has_code ? static_cast<long>(code->get_int64()) : 500;
        detail = has_code ? "Telegram error " + std::to_string(code->get_int64())
                          : "Telegram ok:false without error_code";
        if (hidden) detail += " (HTTP " + std::to_string(status) + ")";
        if (const json::value* d = o->if_contains("description"); d != nullptr && d->is_string())
          detail += ": " + std::string(d->get_string());
      } else if (const json::value* m = o->if_contains("message");
                 m != nullptr && m->is_string() && ByStatus(status) != Kind::kDelivered) {
        detail += ": " + std::string(m->get_string());
      }
    }
  }
  out.kind = ByStatus(effective);
  if (out.kind == Kind::kDelivered) {
    out.detail = detail;
    return out;
  }
  if (detail == "HTTP " + std::to_string(status) && !body.empty()) detail += ": " + Snippet(body);
  out.detail = std::move(detail);
  if (out.kind == Kind::kRetry) out.retry_after = hint;
  return out;
}

SendOutcome ClassifySmtp(std::optional<int> reply_code, std::string_view message) {
  SendOutcome out;
  if (!reply_code) {
    out.kind = Kind::kRetry;
    out.detail = "SMTP: no reply" + (message.empty() ? "" : ": " + Snippet(message));
    return out;
  }
  int code = *reply_code;
  if (code >= 200 && code < 400) {
    out.kind = Kind::kDelivered;
  } else if (code >= 400 && code < 500) {
    out.kind = Kind::kRetry;
  } else {
    out.kind = Kind::kPermanent;  // 5xx, and codes outside the protocol
  }
  out.detail = "SMTP " + std::to_string(code) + (message.empty() ? "" : ": " + Snippet(message));
  return out;
}

core::Timestamp NextAttemptAt(int attempts, core::Timestamp now,
                              std::optional<Duration> retry_after, double jitter_unit,
                              const BackoffPolicy& policy) {
  double ceiling = static_cast<double>(policy.initial.count());
  const double max = static_cast<double>(policy.max.count());
  for (int i = 1; i < attempts && ceiling < max; ++i) ceiling *= policy.factor;
  ceiling = std::min(ceiling, max);
  if (!(jitter_unit >= 0.0)) jitter_unit = 0.0;  // also NaN
  jitter_unit = std::min(jitter_unit, 1.0);
  auto delay = Duration(std::llround(ceiling / 2 + jitter_unit * ceiling / 2));
  if (retry_after) delay = std::max(delay, *retry_after);
  return now + delay;
}

bool GivesUp(core::Timestamp first_attempt_at, core::Timestamp now, Duration retry_horizon) {
  return now - first_attempt_at >= retry_horizon;
}

}  // namespace sellerwatch::notify
