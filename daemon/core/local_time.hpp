#pragma once

#include <string>

#include "core/time.hpp"

namespace sellerwatch::core {

// An instant as a seller reads it in their own zone, e.g. "Mon 18:00 PST" with the default
// format. `zone` is an IANA name that config has already validated; UTC is used if it is not.
std::string FormatLocal(Timestamp t, const std::string& zone, const char* format = "%a %H:%M %Z");

}  // namespace sellerwatch::core
