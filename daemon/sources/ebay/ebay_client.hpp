#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"
#include "sources/ebay/settings.hpp"
#include "sources/oauth_session.hpp"

namespace sellerwatch::net {
class HttpClient;
}

namespace sellerwatch::sources::ebay {

// The refresh-token grant's form body: grant_type, refresh_token and the space-separated
// scopes, each percent-encoded (it holds a secret: never log it). eBay's own Java client drops
// the '&' before scope=; this one does not.
std::string TokenRequestBody(const Settings& settings);

// "Basic base64(client_id:client_secret)", the token endpoint's client authentication.
std::string BasicAuthorization(const Settings& settings);

// eBay's error envelopes as "errorId: message" for error messages, or "": REST
// {"errors":[…]}, Post-Order {"error":[…]} and {"errorMessage":{"error":…}}. The raw body is
// never quoted.
std::string ApiErrorText(std::string_view body);

// Calls eBay with a cached OAuth user access token: `Authorization: Bearer` for the REST APIs
// (Fulfillment, Analytics), `Authorization: IAF` plus X-EBAY-C-MARKETPLACE-ID for Post-Order.
// The token is refreshed shortly before it expires and once when eBay answers 401/403; a
// second refusal is "credentials rejected". Shared by the orders and standards streams of one
// source, so they share one token (eBay caps refresh grants per app and day).
class EbayClient {
 public:
  EbayClient(net::HttpClient& http, Settings settings, core::Duration timeout, std::string ca_file,
             bool tls_verify);

  const Settings& settings() const { return settings_; }

  // `path_and_query` is appended to `endpoint`. Returns the body of a 2xx answer.
  boost::asio::awaitable<core::Result<std::string>> Get(std::string path_and_query,
                                                        core::Timestamp now);
  boost::asio::awaitable<core::Result<std::string>> GetPostOrder(std::string path_and_query,
                                                                 core::Timestamp now);

 private:
  Settings settings_;
  OAuthSession session_;
  OAuthSession::Api rest_;        // Authorization: Bearer
  OAuthSession::Api post_order_;  // Authorization: IAF, X-EBAY-C-MARKETPLACE-ID
};

}  // namespace sellerwatch::sources::ebay
