#pragma once

#include <boost/asio/awaitable.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"
#include "sources/http_json/settings.hpp"

namespace sellerwatch::net {
class HttpClient;
}

namespace sellerwatch::sources::http_json {

// GETs pages of an http-json source with its headers. Errors name the URL by scheme and host
// only and have every configured secret (header values, the url's query values) cut out, as an
// API's error text may echo what it was sent. 401/403 is "credentials rejected"
// (Error::reason), 429 carries Retry-After, 5xx and 408 are transient (HttpStatusError).
class JsonApiClient {
 public:
  JsonApiClient(net::HttpClient& http, const Settings& settings, core::Duration timeout,
                std::string ca_file, bool tls_verify);

  // The body of a 2xx answer.
  boost::asio::awaitable<core::Result<std::string>> Get(std::string url, core::Timestamp now);

  // `text` with every secret of this source replaced by "<redacted>".
  std::string Scrub(std::string text) const;

 private:
  net::HttpClient& http_;
  std::vector<std::pair<std::string, std::string>> headers_;
  std::vector<std::string> secrets_;  // longest first
  core::Duration timeout_;
  std::string ca_file_;
  bool tls_verify_;
};

// A short error text from a JSON error answer ({"message"}, {"error": "..."|{"message"}},
// {"error_description"}, {"detail"}, {"title"}), at most 200 characters; "" when none.
std::string ApiErrorText(std::string_view body);

}  // namespace sellerwatch::sources::http_json
