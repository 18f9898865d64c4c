#pragma once

#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace sellerwatch::sources {

// A non-2xx answer of a marketplace API as an error naming method and URL, with `detail` (the
// API's own error code and message, never the raw body, which may echo secrets) appended:
// 429 is rate limiting (Retry-After honoured when given, else the Poller backs off), 5xx and
// 408 are transient, everything else permanent. The status travels as Error::http_status.
core::Error HttpStatusError(std::string_view method, std::string_view url, long status,
                            std::optional<std::string_view> retry_after, std::string_view detail,
                            core::Timestamp now);

// 401 and 403: the peer refused the credentials we sent.
inline bool AuthRefused(long status) { return status == 401 || status == 403; }

}  // namespace sellerwatch::sources
