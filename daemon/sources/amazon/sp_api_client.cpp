#include "sources/amazon/sp_api_client.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "net/http_client.hpp"
#include "sources/http_status_error.hpp"
#include "sources/percent_encoding.hpp"

namespace sellerwatch::sources::amazon {
namespace json = boost::json;
namespace asio = boost::asio;

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
    : settings_(std::move(settings)),
      // LWA takes the client credentials in the form; it answers a bad refresh token or client
      // with 400/401 {"error":"invalid_grant",...}.
      session_(http,
               {settings_.token_endpoint,
                {},
                TokenRequestBody(settings_),
                "check client_id, client_secret and refresh_token"},
               timeout, std::move(ca_file), tls_verify),
      api_{[](net::HttpRequest& request, const std::string& token) {
             request.headers.emplace_back("x-amz-access-token", token);
           },
           ApiErrorText,
           "check the app's SP-API roles and that the seller's authorization is still valid"} {}

asio::awaitable<core::Result<std::string>> SpApiClient::Call(std::string method, std::string url,
                                                             std::string body,
                                                             core::Timestamp now) {
  net::HttpRequest request = session_.Request(std::move(method), std::move(url));
  request.headers = {{"Accept", "application/json"}};
  if (!body.empty()) request.headers.emplace_back("Content-Type", "application/json");
  request.body = std::move(body);
  co_return co_await session_.Call(std::move(request), api_, now);
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
  net::HttpRequest request = session_.Request("GET", url);
  request.max_response_bytes = std::size_t{256} << 20;
  auto response = co_await session_.http().Send(std::move(request));
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
