#include "config/time_of_day.hpp"

#include <array>
#include <cctype>
#include <string>

namespace sellerwatch::config {
namespace {

constexpr std::array<std::string_view, 7> kDays = {"sunday",   "monday", "tuesday", "wednesday",
                                                   "thursday", "friday", "saturday"};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::chrono::minutes> ParseTimeOfDay(std::string_view text, bool allow_24) {
  auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || text.size() != colon + 3)
    return std::nullopt;
  int hours = 0;
  int minutes = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i == colon) continue;
    char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    if (i < colon) {
      hours = hours * 10 + (c - '0');
    } else {
      minutes = minutes * 10 + (c - '0');
    }
  }
  if (minutes > 59) return std::nullopt;
  if (hours > 23 && !(allow_24 && hours == 24 && minutes == 0)) return std::nullopt;
  return std::chrono::hours(hours) + std::chrono::minutes(minutes);
}

std::optional<WeeklyTime> ParseWeeklyTime(std::string_view text) {
  text = Trim(text);
  auto space = text.find_first_of(" \t");
  if (space == std::string_view::npos) return std::nullopt;
  std::string day;
  for (char c : text.substr(0, space))
    day += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  auto time = ParseTimeOfDay(Trim(text.substr(space)));
  if (!time) return std::nullopt;
  for (unsigned i = 0; i < kDays.size(); ++i) {
    if (day == kDays[i] || (day.size() == 3 && day == kDays[i].substr(0, 3)))
      return WeeklyTime{std::chrono::weekday(i), *time};
  }
  return std::nullopt;
}

}  // namespace sellerwatch::config
