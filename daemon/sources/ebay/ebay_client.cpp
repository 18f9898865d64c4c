#include "sources/ebay/ebay_client.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "core/base64.hpp"
#include "net/http_client.hpp"
#include "sources/http_status_error.hpp"
#include "sources/percent_encoding.hpp"

namespace sellerwatch::sources::ebay {
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

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

constexpr const char* kConsentHint =
    "check that the seller's consent is still valid and covers the scopes this source asks for";

}  // namespace

std::string TokenRequestBody(const Settings& settings) {
  std::string scopes;
  for (const auto& s : settings.scopes) scopes += (scopes.empty() ? "" : " ") + s;
  return "grant_type=refresh_token&refresh_token=" +
         PercentEncode(settings.refresh_token.Reveal()) + "&scope=" + PercentEncode(scopes);
}

std::string BasicAuthorization(const Settings& settings) {
  return "Basic " +
         core::Base64Encode(settings.client_id.Reveal() + ":" + settings.client_secret.Reveal());
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
    : settings_(std::move(settings)),
      // eBay answers a revoked refresh token with 400 invalid_grant, a bad client with 401
      // invalid_client, a scope the seller never granted with 400 invalid_scope.
      session_(http,
               {settings_.token_endpoint,
                {{"Authorization", BasicAuthorization(settings_)}},
                TokenRequestBody(settings_),
                "check client_id, client_secret, refresh_token and scopes"},
               timeout, std::move(ca_file), tls_verify),
      rest_{[](net::HttpRequest& request, const std::string& token) {
              request.headers.emplace_back("Authorization", "Bearer " + token);
            },
            ApiErrorText, kConsentHint},
      post_order_{[marketplace = settings_.marketplace_id](net::HttpRequest& request,
                                                           const std::string& token) {
                    request.headers.emplace_back("Authorization", "IAF " + token);
                    request.headers.emplace_back("X-EBAY-C-MARKETPLACE-ID", marketplace);
                  },
                  ApiErrorText, kConsentHint} {}

asio::awaitable<core::Result<std::string>> EbayClient::Get(std::string path_and_query,
                                                           core::Timestamp now) {
  net::HttpRequest request = session_.Request("GET", settings_.endpoint + path_and_query);
  request.headers = {{"Accept", "application/json"}};
  co_return co_await session_.Call(std::move(request), rest_, now);
}

asio::awaitable<core::Result<std::string>> EbayClient::GetPostOrder(std::string path_and_query,
                                                                    core::Timestamp now) {
  net::HttpRequest request = session_.Request("GET", settings_.endpoint + path_and_query);
  request.headers = {{"Accept", "application/json"}};
  co_return co_await session_.Call(std::move(request), post_order_, now);
}

}  // namespace sellerwatch::sources::ebay
