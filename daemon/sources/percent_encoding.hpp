#pragma once

#include <string>
#include <string_view>

namespace sellerwatch::sources {

// RFC 3986 percent-encoding of everything but unreserved characters, for query values and
// form fields.
std::string PercentEncode(std::string_view value);

}  // namespace sellerwatch::sources
