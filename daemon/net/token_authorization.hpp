#pragma once

#include <optional>
#include <string_view>

namespace sellerwatch::net {

// Whether an Authorization header value presents `token`, in either of the two ways the
// endpoint accepts: "Bearer <token>" (RFC 6750: scripts, Prometheus) or HTTP Basic with any
// user name and the token as password (RFC 7617: what a browser sends after its prompt).
// Schemes are case-insensitive; the token is compared in constant time (digests first, so not
// even the length leaks). An empty `token` matches nothing.
bool TokenAuthorizes(std::optional<std::string_view> authorization, std::string_view token);

}  // namespace sellerwatch::net
