#pragma once

#include <spdlog/logger.h>

#include <boost/asio/awaitable.hpp>
#include <boost/json/object.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"
#include "sources/shopify/settings.hpp"
#include "sources/shopify/throttle.hpp"

namespace sellerwatch::net {
class HttpClient;
}

namespace sellerwatch::sources::shopify {

// THROTTLED answers waited out within one request before it fails (and the Poller waits).
inline constexpr int kMaxThrottleRetries = 5;

// What a 401/403 means for a static Admin API token, and what to do about it.
extern const char* const kCredentialsHint;

// A GraphQL answer without errors: the whole document (`data`, `extensions`) and its cost.
struct GraphqlAnswer {
  boost::json::object document;
  std::optional<QueryCost> cost;
};

// POSTs GraphQL requests to `{endpoint}/admin/api/{api_version}/graphql.json` with the static
// `X-Shopify-Access-Token`. A 401/403 is "credentials rejected" at once (there is no token to
// refresh). A THROTTLED answer (HTTP 200 or 429, errors[].extensions.code) is waited out for as
// long as its own cost block says — (requestedQueryCost − currentlyAvailable) / restoreRate —
// and asked again, at most kMaxThrottleRetries times and never past the caller's deadline;
// then it fails as rate limited, carrying the wait, so the Poller waits that long. Any other
// GraphQL error is an error naming Shopify's message (never the raw body).
class AdminClient {
 public:
  using SteadyTime = std::chrono::steady_clock::time_point;

  AdminClient(net::HttpClient& http, Settings settings, core::Duration timeout, std::string ca_file,
              bool tls_verify, std::shared_ptr<spdlog::logger> log, std::string source_id);

  const Settings& settings() const { return settings_; }
  const std::string& url() const { return url_; }  // the GraphQL endpoint
  const std::string& source_id() const { return source_id_; }
  spdlog::logger& log() const { return *log_; }

  boost::asio::awaitable<core::Result<GraphqlAnswer>> Query(std::string body, SteadyTime deadline,
                                                            core::Timestamp now);

  // Waits `wait` on a timer, unless that would pass `deadline`: then fails as rate limited
  // ("<why>: waiting 2s would pass the poll timeout"), carrying the wait for the Poller.
  boost::asio::awaitable<core::Result<void>> Pause(core::Duration wait, SteadyTime deadline,
                                                   std::string_view why);

 private:
  net::HttpClient& http_;
  Settings settings_;
  std::string url_;
  core::Duration timeout_;
  std::string ca_file_;
  bool tls_verify_;
  std::shared_ptr<spdlog::logger> log_;
  std::string source_id_;
};

}  // namespace sellerwatch::sources::shopify
