#pragma once

// "HH:MM" times of day and "Sat 09:00" weekly times, as written in quiet hours and digests.

#include <chrono>
#include <optional>
#include <string_view>

#include "config/config.hpp"

namespace sellerwatch::config {

// "22:00" -> 22h. Hours 0..23 (24:00 too when `allow_24` — the end of a day), minutes 0..59.
std::optional<std::chrono::minutes> ParseTimeOfDay(std::string_view text, bool allow_24 = false);
// "Sat 09:00", "saturday 9:00": a day (Mon..Sun or the full name, any case) and a time of day.
std::optional<WeeklyTime> ParseWeeklyTime(std::string_view text);

}  // namespace sellerwatch::config
