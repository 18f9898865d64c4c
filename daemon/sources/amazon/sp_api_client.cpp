#include "sources/amazon/sp_api_client.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "net/http_client.hpp"
#include "sources/http_status_error.hpp"
#include "sources/percent_encoding.hpp"

namespace sellerwatch::sources::amazon {
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

core::Timestamp WallNow() {
  return std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
}

}  // namespace

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

std::string TokenRequestBody(const Settings& settings) {
  return "grant_type=refresh_token&refresh_token=" +
         PercentEncode(settings.refresh_token.Reveal()) +
         "&client_id=" + PercentEncode(settings.client_id.Reveal()) +
         "&client_secret=" + PercentEncode(settings.client_secret.Reveal());
}

SpApiClient::SpApiClient(net::HttpClient& http, Settings settings, core::Duration timeout,
                         std::string ca_file, bool tls_verify)
    : http_(http),
      settings_(std::move(settings)),
      // A call that hangs fails on its own, a little before the Poller's poll timeout, so the
      // log names the endpoint that hung.
      timeout_(timeout * 9 / 10),
      ca_file_(std::move(ca_file)),
      tls_verify_(tls_verify) {}

asio::awaitable<core::Result<std::string>> SpApiClient::Token() {
  auto steady = std::chrono::steady_clock::now();
  if (auto cached = token_.Get(steady)) co_return *cached;
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
    co_return TokenEndpointError(settings_.token_endpoint, response->status,
                                 response->Header("retry-after"), response->body,
                                 "check client_id, client_secret and refresh_token", WallNow());
  }
  auto parsed = ParseTokenResponse(response->body);
  if (!parsed) co_return parsed.error();
  token_.Put(*parsed, steady);
  co_return parsed->value;
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
      token_.Invalidate();  // expired or revoked early: one refresh, then believe the answer
      continue;
    }
    auto error = HttpStatusError(method, url, response->status, response->Header("retry-after"),
                                 ApiErrorText(response->body), now);
    if (AuthRefused(response->status)) {
      error.message +=
          " (credentials rejected after a token refresh: check the app's SP-API "
          "roles and that the seller's authorization is still valid)";
      error.reason = core::ErrorReason::kCredentialsRejected;
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
                             ApiErrorText(response->body), now);
    e.message = net::RedactUrl(e.message, url);
    co_return e;
  }
  co_return std::move(response->body);
}

}  // namespace sellerwatch::sources::amazon
