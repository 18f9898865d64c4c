#include "core/local_time.hpp"

#include <date/tz.h>

namespace sellerwatch::core {

std::string FormatLocal(Timestamp t, const std::string& zone, const char* format) {
  auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  try {
    return date::format(format, date::make_zoned(zone, seconds));
  } catch (const std::exception&) {
    return date::format(format, date::make_zoned("UTC", seconds));
  }
}

}  // namespace sellerwatch::core
