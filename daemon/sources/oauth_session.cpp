#include "sources/oauth_session.hpp"

#include <fmt/format.h>

#include "sources/http_status_error.hpp"

namespace sellerwatch::sources {
namespace asio = boost::asio;

OAuthSession::OAuthSession(net::HttpClient& http, Grant grant, core::Duration poll_timeout,
                           std::string ca_file, bool tls_verify)
    : http_(http),
      grant_(std::move(grant)),
      timeout_(poll_timeout * 9 / 10),
      ca_file_(std::move(ca_file)),
      tls_verify_(tls_verify) {}

net::HttpRequest OAuthSession::Request(std::string method, std::string url) const {
  net::HttpRequest request;
  request.method = std::move(method);
  request.url = std::move(url);
  request.timeout = timeout_;
  request.ca_file = ca_file_;
  request.verify_tls = tls_verify_;
  return request;
}

asio::awaitable<core::Result<std::string>> OAuthSession::Token() {
  auto steady = std::chrono::steady_clock::now();
  if (auto cached = token_.Get(steady)) co_return *cached;
  net::HttpRequest request = Request("POST", grant_.token_endpoint);
  request.headers = grant_.headers;
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.headers.emplace_back("Accept", "application/json");
  request.body = grant_.body;
  request.max_response_bytes = 1 << 20;
  auto response = co_await http_.Send(std::move(request));
  if (!response) co_return response.error().Context("access token");
  if (response->status / 100 != 2) {
    auto wall = std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
    co_return TokenEndpointError(grant_.token_endpoint, response->status,
                                 response->Header("retry-after"), response->body,
                                 grant_.rejected_hint, wall);
  }
  auto parsed = ParseTokenResponse(response->body);
  if (!parsed) co_return parsed.error();
  token_.Put(*parsed, steady);
  co_return parsed->value;
}

asio::awaitable<core::Result<std::string>> OAuthSession::Call(net::HttpRequest request,
                                                              const Api& api, core::Timestamp now) {
  for (int attempt = 0;; ++attempt) {
    auto token = co_await Token();
    if (!token) co_return token.error();
    net::HttpRequest signed_request = request;
    api.authorize(signed_request, *token);
    auto response = co_await http_.Send(std::move(signed_request));
    if (!response) co_return response.error();
    if (response->status / 100 == 2) co_return std::move(response->body);
    if (AuthRefused(response->status) && attempt == 0) {
      token_.Invalidate();  // expired or revoked early: one refresh, then believe the answer
      continue;
    }
    auto error =
        HttpStatusError(request.method, request.url, response->status,
                        response->Header("retry-after"), api.error_text(response->body), now);
    if (AuthRefused(response->status)) {
      error.message +=
          fmt::format(" (credentials rejected after a token refresh: {})", api.rejected_hint);
      error.reason = core::ErrorReason::kCredentialsRejected;
    }
    co_return error;
  }
}

}  // namespace sellerwatch::sources
