#include "sources/shopify/admin_client.hpp"

#include <fmt/format.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>

#include "net/http_client.hpp"
#include "net/retry_after.hpp"
#include "sources/http_status_error.hpp"
#include "sources/percent_encoding.hpp"
#include "sources/shopify/graphql_errors.hpp"

namespace sellerwatch::sources::shopify {
namespace asio = boost::asio;
namespace json = boost::json;

namespace {

// Never retry sooner than this, even when the numbers say the bucket is already full again.
constexpr core::Duration kMinThrottleWait = std::chrono::milliseconds(250);

std::string GraphqlUrl(const Settings& s) {
  std::string base = s.endpoint;
  while (base.ends_with('/')) base.pop_back();
  return base + "/admin/api/" + PercentEncode(s.api_version) + "/graphql.json";
}

}  // namespace

const char* const kCredentialsHint =
    "credentials rejected: the Admin API access token is wrong or was revoked (e.g. the app was "
    "uninstalled); re-install the custom app or create a new Admin API access token with the "
    "scopes read_orders and read_fulfillments (and read_all_orders for orders older than 60 "
    "days)";

AdminClient::AdminClient(net::HttpClient& http, Settings settings, core::Duration timeout,
                         std::string ca_file, bool tls_verify, std::shared_ptr<spdlog::logger> log,
                         std::string source_id)
    : http_(http),
      settings_(std::move(settings)),
      url_(GraphqlUrl(settings_)),
      // A call that hangs fails on its own, a little before the Poller's poll timeout, so the
      // log names the endpoint that hung.
      timeout_(timeout * 9 / 10),
      ca_file_(std::move(ca_file)),
      tls_verify_(tls_verify),
      log_(std::move(log)),
      source_id_(std::move(source_id)) {}

asio::awaitable<core::Result<void>> AdminClient::Pause(core::Duration wait, SteadyTime deadline,
                                                       std::string_view why) {
  if (wait <= core::Duration::zero()) co_return core::Result<void>();
  if (std::chrono::steady_clock::now() + wait > deadline) {
    co_return core::Error::RateLimited(
        fmt::format("{}: waiting {} would pass the poll timeout", why, core::FormatDuration(wait)),
        wait);
  }
  asio::steady_timer timer(co_await asio::this_coro::executor, wait);
  co_await timer.async_wait(asio::use_awaitable);
  co_return core::Result<void>();
}

asio::awaitable<core::Result<GraphqlAnswer>> AdminClient::Query(std::string body,
                                                                SteadyTime deadline,
                                                                core::Timestamp now) {
  for (int retry = 0;; ++retry) {
    net::HttpRequest request;
    request.method = "POST";
    request.url = url_;
    request.headers = {{"X-Shopify-Access-Token", settings_.access_token.Reveal()},
                       {"Content-Type", "application/json"},
                       {"Accept", "application/json"}};
    request.body = body;
    request.timeout = timeout_;
    request.ca_file = ca_file_;
    request.verify_tls = tls_verify_;
    auto response = co_await http_.Send(std::move(request));
    if (!response) co_return response.error();
    const long status = response->status;
    auto retry_after = response->Header("retry-after");

    if (AuthRefused(status)) {
      auto error = HttpStatusError("POST", url_, status, retry_after,
                                   ErrorText(ErrorsOf(response->body)), now);
      error.message += fmt::format(" ({})", kCredentialsHint);
      co_return std::move(error).WithReason(core::ErrorReason::kCredentialsRejected);
    }

    boost::system::error_code ec;
    json::value parsed = json::parse(response->body, ec);
    json::object* doc = !ec && parsed.is_object() ? &parsed.as_object() : nullptr;
    auto errors = doc ? ErrorsOf(*doc) : std::vector<GraphqlError>{};

    if (doc && HasCode(errors, "THROTTLED") && (status == 200 || status == 429)) {
      auto cost = ParseCost(*doc);
      std::optional<core::Duration> wait;
      if (cost && cost->requested) wait = WaitForPoints(*cost->requested, *cost);
      if (!wait) {
        // No cost block to compute from: Retry-After if sent, else the Poller's backoff.
        std::optional<core::Duration> hint;
        if (retry_after) hint = net::ParseRetryAfter(*retry_after, now);
        co_return core::Error::RateLimited(
            fmt::format("POST {}: THROTTLED by Shopify without a usable cost block; {}", url_,
                        hint ? "retrying after " + core::FormatDuration(*hint) : "backing off"),
            hint.value_or(core::Duration::zero()));
      }
      wait = std::max(*wait, kMinThrottleWait);
      std::string what = fmt::format("POST {}: THROTTLED by Shopify ({})", url_, Describe(*cost));
      if (retry >= kMaxThrottleRetries) {
        co_return core::Error::RateLimited(
            fmt::format("{}: still throttled after {} waits", what, kMaxThrottleRetries), *wait);
      }
      log_->info("source={} {}: waiting {} before asking again (retry {} of {})", source_id_, what,
                 core::FormatDuration(*wait), retry + 1, kMaxThrottleRetries);
      auto paused = co_await Pause(*wait, deadline, what);
      if (!paused) co_return paused.error();
      continue;
    }

    if (status / 100 != 2) {
      co_return HttpStatusError("POST", url_, status, retry_after, ErrorText(errors), now);
    }
    if (doc == nullptr) {
      co_return core::Error::Data(fmt::format("POST {}: malformed JSON{}", url_,
                                              ec ? ": " + ec.message() : " (not an object)"));
    }
    if (!errors.empty()) {
      std::string message = fmt::format("POST {}: GraphQL error: {}", url_, ErrorText(errors));
      core::Error error = core::Error::Permanent(message);
      if (HasCode(errors, "ACCESS_DENIED")) {
        error.message += fmt::format(" ({})", kCredentialsHint);
        error.reason = core::ErrorReason::kCredentialsRejected;
      } else if (HasCode(errors, "INTERNAL_SERVER_ERROR")) {
        error.kind = core::ErrorKind::kTransient;
      }
      error.http_status = static_cast<int>(status);
      co_return error;
    }
    auto cost = ParseCost(*doc);
    co_return GraphqlAnswer{std::move(*doc), cost};
  }
}

}  // namespace sellerwatch::sources::shopify
