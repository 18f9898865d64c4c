#include "sources/ebay/ebay_client.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "net/http_client.hpp"
#include "sources/http_status_error.hpp"
#include "sources/percent_encoding.hpp"

namespace sellerwatch::sources::ebay {
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

std::string Base64(std::string_view bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

// "errorId: message" of one error object.
std::string ErrorObjectText(const json::value& v) {
  if (!v.is_object()) return {};
  const json::object& o = v.as_object();
  std::string out;
  if (const json::value* id = o.if_contains("errorId"); id != nullptr) {
    if (id->is_int64()) out = std::to_string(id->as_int64());
    if (id->is_string()) out = std::string(id->as_string()).substr(0, 40);
  }
  if (const json::value* m = o.if_contains("message"); m != nullptr && m->is_string()) {
    out += (out.empty() ? "" : ": ") + std::string(m->as_string()).substr(0, 200);
  }
  return out;
}

const json::value* FirstOf(const json::value* list) {
  if (list == nullptr) return nullptr;
  if (list->is_array()) return list->as_array().empty() ? nullptr : &list->as_array()[0];
  return list->is_object() ? list : nullptr;
}

core::Timestamp WallNow() {
  return std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
}

}  // namespace

std::string TokenRequestBody(const Settings& settings) {
  std::string scopes;
  for (const auto& s : settings.scopes) scopes += (scopes.empty() ? "" : " ") + s;
  return "grant_type=refresh_token&refresh_token=" +
         PercentEncode(settings.refresh_token.Reveal()) + "&scope=" + PercentEncode(scopes);
}

std::string BasicAuthorization(const Settings& settings) {
  return "Basic " + Base64(settings.client_id.Reveal() + ":" + settings.client_secret.Reveal());
}

std::string ApiErrorText(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  const json::object& o = v.as_object();
  const json::value* first = FirstOf(o.if_contains("errors"));
  if (first == nullptr) first = FirstOf(o.if_contains("error"));
  if (first == nullptr) {
    if (const json::value* m = o.if_contains("errorMessage"); m != nullptr && m->is_object()) {
      first = FirstOf(m->as_object().if_contains("error"));
    }
  }
  return first != nullptr ? ErrorObjectText(*first) : std::string();
}

EbayClient::EbayClient(net::HttpClient& http, Settings settings, core::Duration timeout,
                       std::string ca_file, bool tls_verify)
    : http_(http),
      settings_(std::move(settings)),
      // A call that hangs fails on its own, a little before the Poller's poll timeout, so the
      // log names the endpoint that hung.
      timeout_(timeout * 9 / 10),
      ca_file_(std::move(ca_file)),
      tls_verify_(tls_verify) {}

asio::awaitable<core::Result<std::string>> EbayClient::Token() {
  auto steady = std::chrono::steady_clock::now();
  if (auto cached = token_.Get(steady)) co_return *cached;
  net::HttpRequest request;
  request.method = "POST";
  request.url = settings_.token_endpoint;
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"},
                     {"Accept", "application/json"},
                     {"Authorization", BasicAuthorization(settings_)}};
  request.body = TokenRequestBody(settings_);
  request.timeout = timeout_;
  request.ca_file = ca_file_;
  request.verify_tls = tls_verify_;
  request.max_response_bytes = 1 << 20;
  auto response = co_await http_.Send(std::move(request));
  if (!response) co_return response.error().Context("access token");
  if (response->status / 100 != 2) {
    // eBay answers a revoked refresh token with 400 invalid_grant, a bad client with 401
    // invalid_client, a scope the seller never granted with 400 invalid_scope.
    co_return TokenEndpointError(
        settings_.token_endpoint, response->status, response->Header("retry-after"), response->body,
        "check client_id, client_secret, refresh_token and scopes", WallNow());
  }
  auto parsed = ParseTokenResponse(response->body);
  if (!parsed) co_return parsed.error();
  token_.Put(*parsed, steady);
  co_return parsed->value;
}

asio::awaitable<core::Result<std::string>> EbayClient::Call(Scheme scheme, std::string url,
                                                            core::Timestamp now) {
  for (int attempt = 0;; ++attempt) {
    auto token = co_await Token();
    if (!token) co_return token.error();
    net::HttpRequest request;
    request.url = url;
    request.headers = {{"Accept", "application/json"}};
    if (scheme == Scheme::kBearer) {
      request.headers.emplace_back("Authorization", "Bearer " + *token);
    } else {
      request.headers.emplace_back("Authorization", "IAF " + *token);
      request.headers.emplace_back("X-EBAY-C-MARKETPLACE-ID", settings_.marketplace_id);
    }
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
    auto error = HttpStatusError("GET", url, response->status, response->Header("retry-after"),
                                 ApiErrorText(response->body), now);
    if (AuthRefused(response->status)) {
      error.message +=
          " (credentials rejected after a token refresh: check that the seller's consent is "
          "still valid and covers the scopes this source asks for)";
      error.reason = core::ErrorReason::kCredentialsRejected;
    }
    co_return error;
  }
}

asio::awaitable<core::Result<std::string>> EbayClient::Get(std::string path_and_query,
                                                           core::Timestamp now) {
  co_return co_await Call(Scheme::kBearer, settings_.endpoint + path_and_query, now);
}

asio::awaitable<core::Result<std::string>> EbayClient::GetPostOrder(std::string path_and_query,
                                                                    core::Timestamp now) {
  co_return co_await Call(Scheme::kIaf, settings_.endpoint + path_and_query, now);
}

}  // namespace sellerwatch::sources::ebay
