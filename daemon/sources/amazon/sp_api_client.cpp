#include "sources/amazon/sp_api_client.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "net/http_client.hpp"
#include "net/retry_after.hpp"
#include "sources/amazon/url_query.hpp"

namespace sellerwatch::sources::amazon {
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

// A fresh token is used until this long before it expires.
constexpr core::Duration kTokenMargin = std::chrono::minutes(2);

bool AuthRefused(long status) { return status == 401 || status == 403; }

// SP-API's `{"errors":[{"code","message"}]}` as "code: message", or "" when absent.
std::string ApiErrorText(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  const json::value* errors = v.as_object().if_contains("errors");
  if (errors == nullptr || !errors->is_array() || errors->as_array().empty()) return {};
  const json::value& first = errors->as_array()[0];
  if (!first.is_object()) return {};
  std::string out;
  for (const char* key : {"code", "message"}) {
    const json::value* f = first.as_object().if_contains(key);
    if (f == nullptr || !f->is_string()) continue;
    if (!out.empty()) out += ": ";
    out += std::string(f->as_string()).substr(0, 200);
  }
  return out;
}

}  // namespace

std::string TokenRequestBody(const config::AmazonSpApiSource& settings) {
  return "grant_type=refresh_token&refresh_token=" +
         PercentEncode(settings.refresh_token.Reveal()) +
         "&client_id=" + PercentEncode(settings.client_id.Reveal()) +
         "&client_secret=" + PercentEncode(settings.client_secret.Reveal());
}

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
    auto seconds = e->to_number<double>();
    if (seconds > 0) out.expires_in = core::Duration(static_cast<std::int64_t>(seconds * 1000));
  }
  return out;
}

core::Error HttpStatusError(std::string_view method, std::string_view url, long status,
                            std::optional<std::string_view> retry_after, std::string_view body,
                            core::Timestamp now) {
  std::string detail = ApiErrorText(body);
  std::string message =
      fmt::format("{} {}: HTTP {}{}{}", method, url, status, detail.empty() ? "" : ": ", detail);
  if (status == 429) {
    std::optional<core::Duration> wait;
    if (retry_after) wait = net::ParseRetryAfter(*retry_after, now);
    message += wait ? fmt::format(" (rate limited; retry after {})", core::FormatDuration(*wait))
                    : " (rate limited; backing off)";
    return core::Error::RateLimited(std::move(message), wait.value_or(core::Duration(0)));
  }
  if (status >= 500 || status == 408) return core::Error::Transient(std::move(message));
  return core::Error::Permanent(std::move(message));
}

SpApiClient::SpApiClient(net::HttpClient& http, config::AmazonSpApiSource settings,
                         core::Duration timeout, std::string ca_file, bool tls_verify)
    : http_(http),
      settings_(std::move(settings)),
      // A call that hangs fails on its own, a little before the Poller's poll timeout, so the
      // log names the endpoint that hung.
      timeout_(timeout * 9 / 10),
      ca_file_(std::move(ca_file)),
      tls_verify_(tls_verify) {}

asio::awaitable<core::Result<std::string>> SpApiClient::Token() {
  auto steady = std::chrono::steady_clock::now();
  if (token_ && steady < token_expires_) co_return *token_;
  net::HttpRequest request;
  request.method = "POST";
  request.url = settings_.token_endpoint;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"}};
  request.body = TokenRequestBody(settings_);
  request.timeout = timeout_;
  request.ca_file = ca_file_;
  request.verify_tls = tls_verify_;
  request.max_response_bytes = 1 << 20;
  auto response = co_await http_.Send(std::move(request));
  if (!response) co_return response.error().Context("access token");
  if (response->status / 100 != 2) {
    // LWA answers a bad refresh token or client with 400/401 {"error":"invalid_grant",...}.
    std::string what;
    boost::system::error_code ec;
    json::value v = json::parse(response->body, ec);
    if (!ec && v.is_object()) {
      for (const char* key : {"error", "error_description"}) {
        const json::value* f = v.as_object().if_contains(key);
        if (f != nullptr && f->is_string()) {
          what += (what.empty() ? ": " : " - ") + std::string(f->as_string()).substr(0, 200);
        }
      }
    }
    std::string message = fmt::format("access token: POST {}: HTTP {}{}", settings_.token_endpoint,
                                      response->status, what);
    if (response->status == 400 || AuthRefused(response->status)) {
      co_return core::Error::Permanent(
          message + " (credentials rejected: check client_id, client_secret and refresh_token)");
    }
    co_return HttpStatusError(
        "POST", settings_.token_endpoint, response->status, response->Header("retry-after"),
        response->body,
        std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now()))
        .Context("access token");
  }
  auto parsed = ParseTokenResponse(response->body);
  if (!parsed) co_return parsed.error();
  token_ = parsed->value;
  token_expires_ =
      steady + std::max<core::Duration>(parsed->expires_in - kTokenMargin, parsed->expires_in / 2);
  co_return *token_;
}

asio::awaitable<core::Result<std::string>> SpApiClient::Call(std::string method, std::string url,
                                                             std::string body,
                                                             core::Timestamp now) {
  for (int attempt = 0;; ++attempt) {
    auto token = co_await Token();
    if (!token) co_return token.error();
    net::HttpRequest request;
    request.method = method;
    request.url = url;
    request.headers = {{"x-amz-access-token", *token}, {"Accept", "application/json"}};
    if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
    request.body = body;
    request.timeout = timeout_;
    request.ca_file = ca_file_;
    request.verify_tls = tls_verify_;
    auto response = co_await http_.Send(std::move(request));
    if (!response) co_return response.error();
    if (response->status / 100 == 2) co_return std::move(response->body);
    if (AuthRefused(response->status) && attempt == 0) {
      token_.reset();  // expired or revoked early: one refresh, then believe the answer
      continue;
    }
    auto error = HttpStatusError(method, url, response->status, response->Header("retry-after"),
                                 response->body, now);
    if (AuthRefused(response->status)) {
      error.message +=
          " (credentials rejected after a token refresh: check the app's SP-API "
          "roles and that the seller's authorization is still valid)";
    }
    co_return error;
  }
}

asio::awaitable<core::Result<std::string>> SpApiClient::Get(std::string path_and_query,
                                                            core::Timestamp now) {
  std::string url = settings_.endpoint + path_and_query;
  co_return co_await Call("GET", std::move(url), {}, now);
}

asio::awaitable<core::Result<std::string>> SpApiClient::PostJson(std::string path, std::string body,
                                                                 core::Timestamp now) {
  std::string url = settings_.endpoint + path;
  co_return co_await Call("POST", std::move(url), std::move(body), now);
}

asio::awaitable<core::Result<std::string>> SpApiClient::Download(std::string url,
                                                                 core::Timestamp now) {
  net::HttpRequest request;
  request.url = url;
  request.timeout = timeout_;
  request.ca_file = ca_file_;
  request.verify_tls = tls_verify_;
  request.max_response_bytes = std::size_t{256} << 20;
  auto response = co_await http_.Send(std::move(request));
  if (!response) {
    auto e = response.error();
    e.message = net::RedactUrl(e.message, url);
    co_return e;
  }
  if (response->status / 100 != 2) {
    auto e = HttpStatusError("GET", url, response->status, response->Header("retry-after"),
                             response->body, now);
    e.message = net::RedactUrl(e.message, url);
    co_return e;
  }
  co_return std::move(response->body);
}

}  // namespace sellerwatch::sources::amazon
