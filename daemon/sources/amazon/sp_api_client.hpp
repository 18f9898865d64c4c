#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "core/error.hpp"
#include "core/time.hpp"

namespace sellerwatch::net {
class HttpClient;
}

namespace sellerwatch::sources::amazon {

// The Login with Amazon refresh-token request body (form-encoded; it holds secrets: never log it).
std::string TokenRequestBody(const config::AmazonSpApiSource& settings);

struct AccessToken {
  std::string value;          // "Atza|…": a secret
  core::Duration expires_in;  // as the token endpoint said (default 1 h)
};
// The token endpoint's JSON answer. Errors never quote the body (it holds the token).
core::Result<AccessToken> ParseTokenResponse(std::string_view body);

// A non-2xx SP-API answer as an error naming method and URL: 429 is rate limiting (Retry-After
// honoured when given; SP-API's 429s carry none), 5xx/408 transient, the rest permanent. The
// message quotes SP-API's own `errors[0]` code and message, never the raw body.
core::Error HttpStatusError(std::string_view method, std::string_view url, long status,
                            std::optional<std::string_view> retry_after, std::string_view body,
                            core::Timestamp now);

// Calls SP-API with a cached LWA access token (`x-amz-access-token`; no SigV4 since 2023). The
// token is refreshed shortly before it expires, and once when SP-API answers 401/403; a second
// refusal is "credentials rejected". Shared by the orders and report streams of one source, so
// they share one token.
class SpApiClient {
 public:
  SpApiClient(net::HttpClient& http, config::AmazonSpApiSource settings, core::Duration timeout,
              std::string ca_file, bool tls_verify);

  const config::AmazonSpApiSource& settings() const { return settings_; }

  // `path_and_query` is appended to `endpoint`. Returns the body of a 2xx answer.
  boost::asio::awaitable<core::Result<std::string>> Get(std::string path_and_query,
                                                        core::Timestamp now);
  boost::asio::awaitable<core::Result<std::string>> PostJson(std::string path, std::string body,
                                                             core::Timestamp now);
  // A pre-signed report document URL: no token; the URL itself is a credential, so errors show
  // only its scheme and host.
  boost::asio::awaitable<core::Result<std::string>> Download(std::string url, core::Timestamp now);

 private:
  boost::asio::awaitable<core::Result<std::string>> Call(std::string method, std::string url,
                                                         std::string body, core::Timestamp now);
  boost::asio::awaitable<core::Result<std::string>> Token();

  net::HttpClient& http_;
  config::AmazonSpApiSource settings_;
  core::Duration timeout_;
  std::string ca_file_;
  bool tls_verify_;
  std::optional<std::string> token_;
  std::chrono::steady_clock::time_point token_expires_{};
};

}  // namespace sellerwatch::sources::amazon
