#pragma once

#include <optional>
#include <string_view>

#include "core/time.hpp"

namespace sellerwatch::net {

// `Retry-After` (RFC 9110 §10.2.3): delta-seconds, or an HTTP-date in IMF-fixdate, RFC 850 or
// asctime form. Lenient where harmless: surrounding spaces, a fraction ("1.5", kept to the
// millisecond). A negative delay or a date in the past gives 0; garbage gives nullopt. Capped
// at kMaxRetryAfter, the longest any peer's wait is honoured (other wait hints use it too).
inline constexpr core::Duration kMaxRetryAfter = std::chrono::hours(24 * 30);
std::optional<core::Duration> ParseRetryAfter(std::string_view header_value, core::Timestamp now);
// A wait given in (fractional) seconds, e.g. a JSON body's retry_after: clamped like the above.
core::Duration RetryAfterSeconds(double seconds);

}  // namespace sellerwatch::net
