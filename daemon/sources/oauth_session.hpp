#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "net/http_client.hpp"
#include "sources/oauth_token.hpp"

namespace sellerwatch::sources {

// An API behind an OAuth 2 refresh-token grant (Login with Amazon, eBay), shared by the streams
// of one source so they share one access token. The token is fetched when first needed, kept
// until shortly before it expires, and refreshed once when the API answers 401/403; a second
// refusal is "credentials rejected" (Error::reason), which source_down reports as such.
class OAuthSession {
 public:
  // The refresh-token request of one marketplace. It holds secrets: never logged.
  struct Grant {
    std::string token_endpoint;
    std::vector<std::pair<std::string, std::string>> headers;  // e.g. Basic client auth
    std::string body;                                          // the form
    std::string rejected_hint;  // what to check when the token endpoint refuses
  };
  // How one API takes the token and words its errors.
  struct Api {
    std::function<void(net::HttpRequest&, const std::string& token)> authorize;
    std::function<std::string(std::string_view body)> error_text;  // its envelope, never raw
    std::string rejected_hint;  // what to check when it refuses a fresh token
  };

  // `poll_timeout` bounds each call a little below it, so a call that hangs fails on its own
  // and the log names the endpoint that hung.
  OAuthSession(net::HttpClient& http, Grant grant, core::Duration poll_timeout, std::string ca_file,
               bool tls_verify);

  // A request with this source's call timeout, CA file and TLS verification.
  net::HttpRequest Request(std::string method, std::string url) const;
  // `request` with the access token; the body of a 2xx answer, else an error naming method
  // and URL (HttpStatusError with the API's error text).
  boost::asio::awaitable<core::Result<std::string>> Call(net::HttpRequest request, const Api& api,
                                                         core::Timestamp now);
  net::HttpClient& http() { return http_; }

 private:
  boost::asio::awaitable<core::Result<std::string>> Token();

  net::HttpClient& http_;
  Grant grant_;
  core::Duration timeout_;
  std::string ca_file_;
  bool tls_verify_;
  TokenCache token_;
};

}  // namespace sellerwatch::sources
