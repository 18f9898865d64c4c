#pragma once

// IANA time-zone names, checked against the system tz database (Howard Hinnant's date/tz).

#include <optional>
#include <string>

namespace sellerwatch::config {

bool IsKnownTimeZone(const std::string& name);
// The closest known zone name, for "did you mean" (case-insensitive).
std::optional<std::string> SuggestTimeZone(const std::string& name);

}  // namespace sellerwatch::config
