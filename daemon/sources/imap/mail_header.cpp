#include "sources/imap/mail_header.hpp"

#include <date/date.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/ascii.hpp"
#include "core/base64.hpp"

namespace sellerwatch::sources::imap {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::optional<int> Int(std::string_view s) {
  int n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return n;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::string> DecodeQ(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '_') {
      out += ' ';
    } else if (c == '=' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
               HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::optional<int> MonthOf(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string lower = core::AsciiLower(name);
  for (std::size_t i = 0; i < kMonths.size(); ++i)
    if (lower == kMonths[i]) return static_cast<int>(i + 1);
  return std::nullopt;
}

// "+0100", "-0700", or an obsolete zone name: minutes east of UTC.
std::optional<int> ZoneOffset(std::string_view zone) {
  if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-')) {
    auto hh = Int(zone.substr(1, 2));
    auto mm = Int(zone.substr(3, 2));
    if (!hh || !mm || *mm > 59) return std::nullopt;
    int minutes = *hh * 60 + *mm;
    return zone[0] == '-' ? -minutes : minutes;
  }
  struct Named {
    std::string_view name;
    int hours;
  };
  static constexpr std::array<Named, 12> kZones = {{{"ut", 0},
                                                    {"gmt", 0},
                                                    {"utc", 0},
                                                    {"z", 0},
                                                    {"est", -5},
                                                    {"edt", -4},
                                                    {"cst", -6},
                                                    {"cdt", -5},
                                                    {"mst", -7},
                                                    {"mdt", -6},
                                                    {"pst", -8},
                                                    {"pdt", -7}}};
  std::string lower = core::AsciiLower(zone);
  for (const auto& z : kZones)
    if (lower == z.name) return z.hours * 60;
  return std::nullopt;
}

std::optional<core::Timestamp> Civil(int year, int month, int day, std::string_view clock,
                                     int offset_minutes) {
  if (year < 100) year += year < 50 ? 2000 : 1900;  // RFC 5322 §4.3
  std::array<int, 3> hms{0, 0, 0};
  std::size_t part = 0, start = 0;
  for (std::size_t i = 0; i <= clock.size(); ++i) {
    if (i == clock.size() || clock[i] == ':') {
      if (part >= hms.size()) return std::nullopt;
      auto n = Int(clock.substr(start, i - start));
      if (!n) return std::nullopt;
      hms[part++] = *n;
      start = i + 1;
    }
  }
  if (part < 2 || hms[0] > 23 || hms[1] > 59 || hms[2] > 60) return std::nullopt;
  date::year_month_day ymd{date::year(year), date::month(static_cast<unsigned>(month)),
                           date::day(static_cast<unsigned>(day))};
  if (!ymd.ok()) return std::nullopt;
  return core::Timestamp(date::sys_days(ymd).time_since_epoch() + std::chrono::hours(hms[0]) +
                         std::chrono::minutes(hms[1] - offset_minutes) +
                         std::chrono::seconds(std::min(hms[2], 59)));
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (std::isspace(static_cast<unsigned char>(s[i])) || s[i] == ',')) ++i;
    std::size_t start = i;
    while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) && s[i] != ',') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

}  // namespace

HeaderFields ParseHeaderFields(std::string_view block) {
  HeaderFields out;
  std::string name, value;
  auto flush = [&] {
    if (!name.empty() && !out.contains(name)) out.emplace(name, std::string(Trim(value)));
    name.clear();
    value.clear();
  };
  std::size_t pos = 0;
  while (pos < block.size()) {
    std::size_t end = block.find('\n', pos);
    if (end == std::string_view::npos) end = block.size();
    std::string_view line = block.substr(pos, end - pos);
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) break;  // the end of the header
    if (line.front() == ' ' || line.front() == '\t') {
      if (!name.empty()) value += ' ' + std::string(Trim(line));
      continue;
    }
    flush();
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;
    std::string_view field = line.substr(0, colon);
    if (field.find_first_of(" \t") != std::string_view::npos) continue;
    name = core::AsciiLower(field);
    value = std::string(line.substr(colon + 1));
  }
  flush();
  return out;
}

std::string DecodeWords(std::string_view value) {
  std::string out;
  std::size_t pos = 0;
  bool last_was_word = false;
  while (pos < value.size()) {
    std::size_t start = value.find("=?", pos);
    if (start == std::string_view::npos) {
      out += value.substr(pos);
      break;
    }
    // =?charset?E?text?=
    std::size_t q1 = value.find('?', start + 2);
    std::size_t q2 = q1 == std::string_view::npos ? q1 : value.find('?', q1 + 1);
    std::size_t end = q2 == std::string_view::npos ? q2 : value.find("?=", q2 + 1);
    if (end == std::string_view::npos || q2 != q1 + 2) {
      out += value.substr(pos, start + 2 - pos);
      pos = start + 2;
      last_was_word = false;
      continue;
    }
    std::string_view between = value.substr(pos, start - pos);
    // White space between two encoded words is not part of the text (RFC 2047 §6.2).
    if (!(last_was_word && Trim(between).empty())) out += between;
    char encoding = static_cast<char>(std::toupper(static_cast<unsigned char>(value[q1 + 1])));
    std::string_view text = value.substr(q2 + 1, end - q2 - 1);
    std::optional<std::string> decoded;
    if (encoding == 'B') decoded = core::Base64Decode(text);
    if (encoding == 'Q') decoded = DecodeQ(text);
    if (decoded) {
      out += *decoded;
      last_was_word = true;
    } else {
      out += value.substr(start, end + 2 - start);
      last_was_word = false;
    }
    pos = end + 2;
  }
  return out;
}

std::string FirstAddress(std::string_view value) {
  std::size_t lt = value.find('<');
  if (lt != std::string_view::npos) {
    std::size_t gt = value.find('>', lt);
    if (gt != std::string_view::npos) {
      std::string_view a = Trim(value.substr(lt + 1, gt - lt - 1));
      if (a.find('@') != std::string_view::npos) return core::AsciiLower(a);
    }
  }
  for (std::string_view w : Words(value)) {
    if (w.find('@') != std::string_view::npos && w.front() != '(' && w.front() != '"') {
      return core::AsciiLower(w);
    }
  }
  return {};
}

std::vector<std::string> MessageIds(std::string_view value) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (true) {
    std::size_t lt = value.find('<', pos);
    if (lt == std::string_view::npos) break;
    std::size_t gt = value.find('>', lt);
    if (gt == std::string_view::npos) break;
    if (gt > lt + 1) out.emplace_back(value.substr(lt, gt - lt + 1));
    pos = gt + 1;
  }
  return out;
}

std::optional<core::Timestamp> ParseMailDate(std::string_view value) {
  std::string_view v = Trim(value);
  if (std::size_t paren = v.find('('); paren != std::string_view::npos) {
    v = Trim(v.substr(0, paren));
  }
  std::vector<std::string_view> w = Words(v);
  // An optional day name first ("Tue," leaves "Tue" as a word).
  if (!w.empty() && !std::isdigit(static_cast<unsigned char>(w[0].front()))) {
    w.erase(w.begin());
  }
  if (w.size() < 4) return std::nullopt;
  auto day = Int(w[0]);
  auto month = MonthOf(w[1]);
  auto year = Int(w[2]);
  if (!day || !month || !year) return std::nullopt;
  std::optional<int> offset = w.size() >= 5 ? ZoneOffset(w[4]) : std::optional<int>(0);
  if (!offset) offset = 0;  // an unknown zone reads as UTC (RFC 5322 §4.3: "-0000")
  return Civil(*year, *month, *day, w[3], *offset);
}

std::optional<core::Timestamp> ParseInternalDate(std::string_view value) {
  // dd-Mon-yyyy hh:mm:ss +zzzz (the day may be space-padded)
  std::string_view v = Trim(value);
  std::size_t d1 = v.find('-');
  std::size_t d2 = d1 == std::string_view::npos ? d1 : v.find('-', d1 + 1);
  std::size_t sp = d2 == std::string_view::npos ? d2 : v.find(' ', d2 + 1);
  if (sp == std::string_view::npos) return std::nullopt;
  auto day = Int(Trim(v.substr(0, d1)));
  auto month = MonthOf(v.substr(d1 + 1, d2 - d1 - 1));
  auto year = Int(v.substr(d2 + 1, sp - d2 - 1));
  std::vector<std::string_view> rest = Words(v.substr(sp + 1));
  if (!day || !month || !year || rest.size() != 2) return std::nullopt;
  auto offset = ZoneOffset(rest[1]);
  if (!offset) return std::nullopt;
  return Civil(*year, *month, *day, rest[0], *offset);
}

}  // namespace sellerwatch::sources::imap
