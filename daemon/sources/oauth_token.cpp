#include "sources/oauth_token.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "net/retry_after.hpp"
#include "sources/http_status_error.hpp"

namespace sellerwatch::sources {
namespace json = boost::json;

namespace {

constexpr core::Duration kTokenMargin = std::chrono::minutes(2);

// OAuth's {"error", "error_description"} as ": error - description", or "".
std::string OAuthErrorText(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  std::string what;
  for (const char* key : {"error", "error_description"}) {
    const json::value* f = v.as_object().if_contains(key);
    if (f != nullptr && f->is_string()) {
      what += (what.empty() ? "" : " - ") + std::string(f->as_string()).substr(0, 200);
    }
  }
  return what;
}

}  // namespace

core::Result<AccessToken> ParseTokenResponse(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) {
    return core::Error::Transient("token endpoint: answer is not a JSON object");
  }
  const json::object& o = v.as_object();
  const json::value* token = o.if_contains("access_token");
  if (token == nullptr || !token->is_string() || token->as_string().empty()) {
    return core::Error::Transient("token endpoint: answer has no access_token");
  }
  AccessToken out{std::string(token->as_string()), std::chrono::hours(1)};
  if (const json::value* e = o.if_contains("expires_in"); e != nullptr && e->is_number()) {
    // Bounded like Retry-After (a day-long token is the longest seen): 1e300 must not overflow.
    auto seconds = e->to_number<double>();
    if (seconds > 0) out.expires_in = std::max(net::RetryAfterSeconds(seconds), core::Duration(1));
  }
  return out;
}

core::Error TokenEndpointError(std::string_view url, long status,
                               std::optional<std::string_view> retry_after, std::string_view body,
                               std::string_view hint, core::Timestamp now) {
  core::Error error = HttpStatusError("POST", url, status, retry_after, OAuthErrorText(body), now);
  if (status == 400 || AuthRefused(status)) {
    error.message += fmt::format(" (credentials rejected: {})", hint);
    error.reason = core::ErrorReason::kCredentialsRejected;
  }
  return error.Context("access token");
}

std::optional<std::string> TokenCache::Get(SteadyTime now) const {
  if (token_ && now < expires_) return token_;
  return std::nullopt;
}

void TokenCache::Put(const AccessToken& token, SteadyTime now) {
  token_ = token.value;
  expires_ = now + std::max<core::Duration>(token.expires_in - kTokenMargin, token.expires_in / 2);
}

}  // namespace sellerwatch::sources
