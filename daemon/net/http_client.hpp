#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace sellerwatch::net {

class CurlMulti;

struct HttpRequest {
  std::string method = "GET";
  std::string url{};
  // Sent as given. Values may hold secrets (tokens): they are never logged or put in errors.
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string body{};
  core::Duration connect_timeout = std::chrono::seconds(10);
  core::Duration timeout = std::chrono::seconds(30);  // the whole transfer
  std::string ca_file{};                              // empty: the system's CA store
  bool verify_tls = true;  // false only on explicit configuration; the caller logs it
  std::size_t max_response_bytes = std::size_t{32} << 20;  // after content decoding
  // What is over max_response_bytes: an error (false), or cut off and the response kept, for
  // callers that need only the status and the start of the body (notification receivers).
  bool truncate_response = false;
};

struct HttpResponse {
  long status = 0;
  // Of the final response (after any 1xx), names lower-cased, values trimmed, in order.
  std::vector<std::pair<std::string, std::string>> headers{};
  std::string body{};      // decoded when the server used gzip/deflate/br/zstd
  bool truncated = false;  // the body was cut at max_response_bytes (truncate_response)

  // The first header with this name (case-insensitive).
  std::optional<std::string_view> Header(std::string_view name) const;
};

// HTTP(S) over the shared CurlMulti. Every HTTP status, 5xx included, is a successful Send:
// the caller decides what a status means. Errors are transport failures:
//   kTransient: connection refused/reset, DNS failure, timeout, truncated or garbled response;
//   kPermanent: malformed or unsupported URL, TLS verification failure or bad CA file,
//               response larger than max_response_bytes (unless truncate_response).
// The error message names the method and URL and carries curl's error text.
//
// Proxies come from the environment as libcurl reads it: http_proxy (lower case only —
// libcurl ignores HTTP_PROXY because CGI programs get it from a request header),
// https_proxy/HTTPS_PROXY, all_proxy/ALL_PROXY and no_proxy/NO_PROXY.
// Redirects are not followed: a 3xx comes back as the response.
// `message` with every occurrence of `url` cut to its scheme and host
// ("https://hooks.slack.com/…"), for URLs that are credentials themselves (chat webhooks, Telegram
// bot tokens, heartbeats).
std::string RedactUrl(std::string message, std::string_view url);

class HttpClient {
 public:
  explicit HttpClient(CurlMulti& multi) : multi_(multi) {}

  boost::asio::awaitable<core::Result<HttpResponse>> Send(HttpRequest request);

 private:
  CurlMulti& multi_;
};

}  // namespace sellerwatch::net
