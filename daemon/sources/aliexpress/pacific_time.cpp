#include "sources/aliexpress/pacific_time.hpp"

#include <date/tz.h>
#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>

#include "core/local_time.hpp"

namespace sellerwatch::sources::aliexpress {
namespace json = boost::json;

namespace {

const date::time_zone* Pacific() {
  static const date::time_zone* zone = core::FindZone("America/Los_Angeles");
  return zone;
}

// Digits at text[at, at + n) as a number; nullopt when any is not a digit (from_chars alone
// would take a sign: "-026-03-08 02:30:00" is not a year AliExpress writes).
std::optional<int> Digits(std::string_view text, std::size_t at, std::size_t n) {
  for (std::size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  int v = 0;
  auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + n, v);
  if (ec != std::errc() || end != text.data() + at + n) return std::nullopt;
  return v;
}

}  // namespace

std::optional<core::Timestamp> ParsePacific(std::string_view text) {
  // "2026-03-08 02:30:00": fixed positions, nothing else accepted.
  if (text.size() != 19 || text[4] != '-' || text[7] != '-' || text[10] != ' ' || text[13] != ':' ||
      text[16] != ':') {
    return std::nullopt;
  }
  auto y = Digits(text, 0, 4), mo = Digits(text, 5, 2), d = Digits(text, 8, 2);
  auto h = Digits(text, 11, 2), mi = Digits(text, 14, 2), s = Digits(text, 17, 2);
  if (!y || !mo || !d || !h || !mi || !s || *h > 23 || *mi > 59 || *s > 59) return std::nullopt;
  date::year_month_day day{date::year(*y), date::month(static_cast<unsigned>(*mo)),
                           date::day(static_cast<unsigned>(*d))};
  if (!day.ok()) return std::nullopt;
  // Offsets change on whole minutes, so the minute decides and the seconds are added after.
  auto local = date::local_days(day) + std::chrono::hours(*h) + std::chrono::minutes(*mi);
  return core::LocalToUtc(Pacific(), local, core::LocalPick::kEarliest) + std::chrono::seconds(*s);
}

std::string FormatPacific(core::Timestamp t) {
  auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  return date::format("%Y-%m-%d %H:%M:%S", date::make_zoned(Pacific(), seconds));
}

std::string PacificWindowStart(core::Timestamp t) {
  auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  auto local = Pacific()->to_local(std::chrono::floor<std::chrono::minutes>(seconds));
  if (Pacific()->get_info(local).result == date::local_info::ambiguous) {
    return FormatPacific(t - std::chrono::hours(2));
  }
  return FormatPacific(t);
}

core::Result<std::optional<core::Timestamp>> PacificAt(const json::object& o, std::string_view key,
                                                       std::string_view record) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<core::Timestamp>();
  if (v->is_string()) {
    if (v->as_string().empty()) return std::optional<core::Timestamp>();
    if (auto t = ParsePacific(v->as_string())) return std::optional<core::Timestamp>(*t);
  }
  return core::Error::Data(
      fmt::format("{}: field '{}': expected a US Pacific time \"yyyy-MM-dd HH:mm:ss\", got {}",
                  record, key, json::serialize(*v).substr(0, 60)));
}

}  // namespace sellerwatch::sources::aliexpress
