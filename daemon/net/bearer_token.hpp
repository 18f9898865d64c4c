#pragma once

#include <optional>
#include <string_view>

namespace sellerwatch::net {

// Whether an Authorization header value is "Bearer <token>" (scheme case-insensitive, RFC 6750)
// for exactly `token`. The comparison takes the same time wherever the values differ, so the
// answer's timing tells nothing about the token. An empty `token` matches nothing.
bool BearerTokenMatches(std::optional<std::string_view> authorization, std::string_view token);

}  // namespace sellerwatch::net
