#include "config/time_zones.hpp"

#include <date/tz.h>

#include <cctype>
#include <stdexcept>
#include <vector>

#include "config/did_you_mean.hpp"

namespace sellerwatch::config {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

bool IsKnownTimeZone(const std::string& name) {
  if (name.empty()) return false;
  try {
    return date::locate_zone(name) != nullptr;
  } catch (const std::runtime_error&) {
    return false;
  }
}

std::optional<std::string> SuggestTimeZone(const std::string& name) {
  try {
    const auto& db = date::get_tzdb();
    std::vector<std::string> names;
    std::vector<std::string> lowered;
    for (const auto& zone : db.zones) names.push_back(zone.name());
    for (const auto& n : names) lowered.push_back(Lower(n));
    const std::string wanted = Lower(name);
    for (std::size_t i = 0; i < names.size(); ++i)
      if (lowered[i] == wanted) return names[i];  // only the case differs
    auto match = ClosestMatch(wanted, lowered);
    if (!match) return std::nullopt;
    for (std::size_t i = 0; i < names.size(); ++i)
      if (lowered[i] == *match) return names[i];
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace sellerwatch::config
