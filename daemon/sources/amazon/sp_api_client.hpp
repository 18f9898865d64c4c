#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"
#include "sources/amazon/settings.hpp"
#include "sources/oauth_session.hpp"

namespace sellerwatch::sources::amazon {

// The Login with Amazon refresh-token request body (form-encoded; it holds secrets: never log it).
std::string TokenRequestBody(const Settings& settings);

// SP-API's `{"errors":[{"code","message"}]}` as "code: message" (for error messages), or "".
std::string ApiErrorText(std::string_view body);

// Calls SP-API with a cached LWA access token (`x-amz-access-token`; no SigV4 since 2023). The
// token is refreshed shortly before it expires, and once when SP-API answers 401/403; a second
// refusal is "credentials rejected". Shared by the orders and report streams of one source, so
// they share one token.
class SpApiClient {
 public:
  SpApiClient(net::HttpClient& http, Settings settings, core::Duration timeout, std::string ca_file,
              bool tls_verify);

  const Settings& settings() const { return settings_; }

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

  Settings settings_;
  OAuthSession session_;
  OAuthSession::Api api_;
};

}  // namespace sellerwatch::sources::amazon
