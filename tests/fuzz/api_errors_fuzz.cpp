// What peers send besides data: OAuth token answers and the error envelopes of each API, which
// the sources turn into error messages (logged, and shown in source_down alerts). The first
// byte picks:
//   0  an OAuth token answer (Login with Amazon, eBay) and the token endpoint's refusal
//   1  SP-API, eBay and http-json error envelopes     2  Shopify GraphQL `errors`
//   3  an SMTP reply (code in the first byte of the rest)
//   4  an AliExpress token refresh answer, kept in the store and read back
// A token's lifetime must be a sane duration; an error text must never quote the raw body.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "notify/delivery_policy.hpp"
#include "sources/aliexpress/tokens.hpp"
#include "sources/amazon/sp_api_client.hpp"
#include "sources/ebay/ebay_client.hpp"
#include "sources/http_json/json_api_client.hpp"
#include "sources/json_fields.hpp"
#include "sources/oauth_token.hpp"
#include "sources/shopify/graphql_errors.hpp"

using namespace sellerwatch;

namespace {

const core::Timestamp kNow = core::FromUnixMillis(1795000000000);

// Error texts are built from the envelope's fields, each cut short: a long body must not come
// back whole.
void CheckText(const std::string& error_text, std::string_view body) {
  if (body.size() > 4096) {
    fuzz::Require(error_text.find(body) == std::string::npos, "an error text quotes the body");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [mode, text] = fuzz::Select(data, size, 5);
  switch (mode) {
    case 0: {
      if (auto token = sources::ParseTokenResponse(text)) {
        fuzz::Require(!token->value.empty(), "an empty access token");
        fuzz::Require(token->expires_in > core::Duration::zero() &&
                          token->expires_in <= std::chrono::hours(24 * 365),
                      "a token lifetime that is not a sane duration", text);
        sources::TokenCache cache;
        const auto now = std::chrono::steady_clock::time_point{} + std::chrono::hours(1000);
        cache.Put(*token, now);
        fuzz::Require(cache.Get(now).has_value(), "a fresh token is not kept");
      }
      for (long status : {400L, 401L, 429L, 500L}) {
        core::Error e = sources::TokenEndpointError("https://api.amazon.com/auth/o2/token", status,
                                                    "120", text, "refresh_token", kNow);
        CheckText(e.message, text);
      }
      break;
    }
    case 1:
      CheckText(sources::amazon::ApiErrorText(text), text);
      CheckText(sources::ebay::ApiErrorText(text), text);
      CheckText(sources::http_json::ApiErrorText(text), text);
      break;
    case 2: {
      auto errors = sources::shopify::ErrorsOf(text);
      (void)sources::shopify::HasCode(errors, "THROTTLED");
      CheckText(sources::shopify::ErrorText(errors), text);
      break;
    }
    case 4: {
      auto answer = sources::ParseJsonObject(text, "token refresh");
      if (!answer) break;
      sources::aliexpress::TokenPair previous{"old-access", "old-refresh", std::nullopt,
                                              std::nullopt, "origin"};
      auto pair = sources::aliexpress::ParseRefreshAnswer(*answer, previous, kNow);
      if (!pair) break;
      // The pair is kept in the store; a restart must find it again, whole.
      const std::string stored = sources::aliexpress::EncodeStored(*pair);
      auto back = sources::aliexpress::DecodeStored(stored);
      fuzz::Require(back.has_value(), "a stored token pair that does not read back", stored);
      fuzz::Require(back->access_token == pair->access_token &&
                        back->refresh_token == pair->refresh_token &&
                        back->access_expires_at == pair->access_expires_at &&
                        back->refresh_expires_at == pair->refresh_expires_at,
                    "a stored token pair that reads back otherwise", stored);
      break;
    }
    default: {
      if (text.empty()) break;
      const int code = static_cast<unsigned char>(text[0]) * 3;  // 0..765
      (void)notify::ClassifySmtp(code, text.substr(1));
      (void)notify::ClassifySmtp(std::nullopt, text.substr(1));
      break;
    }
  }
  return 0;
}
