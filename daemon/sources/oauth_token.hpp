#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace sellerwatch::sources {

// The refresh-token grant shared by the marketplaces that use OAuth 2 (Login with Amazon, eBay).

struct AccessToken {
  std::string value;          // a secret
  core::Duration expires_in;  // as the token endpoint said (default 1 h)
};

// The token endpoint's JSON answer ({"access_token", "expires_in"}). Errors never quote the
// body (it holds the token).
core::Result<AccessToken> ParseTokenResponse(std::string_view body);

// A refused token request. 400 and 401/403 (OAuth's invalid_grant / invalid_client) mean the
// credentials are wrong or revoked: permanent, reason kCredentialsRejected, with `hint` naming
// the keys to check. Anything else as HttpStatusError. The OAuth `error` and
// `error_description` are quoted; the body never is.
core::Error TokenEndpointError(std::string_view url, long status,
                               std::optional<std::string_view> retry_after, std::string_view body,
                               std::string_view hint, core::Timestamp now);

// An access token kept until shortly before it expires (2 minutes, or half its life when that
// is shorter), so a poll never starts with a token about to lapse and the token endpoint is
// asked once per lifetime, not per call (eBay caps refresh grants per app and day).
class TokenCache {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;

  std::optional<std::string> Get(SteadyTime now) const;
  void Put(const AccessToken& token, SteadyTime now);
  void Invalidate() { token_.reset(); }

 private:
  std::optional<std::string> token_;
  SteadyTime expires_{};
};

}  // namespace sellerwatch::sources
