#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/time.hpp"

namespace sellerwatch::sources::aliexpress {

// The seller authorization a source calls with. Both tokens are secrets: never logged.
//
// The config holds the tokens the seller first pasted. Every refresh answers a new pair (the
// refresh token may rotate), and the newest pair is kept in the store, so a restart does not
// fall back to a token that has expired (or was replaced) in the meantime. A stored pair
// remembers which config tokens it descends from (`origin`, a fingerprint of them): when the
// seller pastes new tokens into the config, the config wins over the older stored chain.
struct TokenPair {
  std::string access_token;
  std::string refresh_token;
  std::optional<core::Timestamp> access_expires_at;   // unknown for the config's tokens
  std::optional<core::Timestamp> refresh_expires_at;  // the authorization's end
  std::string origin;
};

// SHA-256 of the config's tokens: identifies them without keeping them.
std::string Fingerprint(std::string_view access_token, std::string_view refresh_token);

// The stored form (JSON, in the cursors table under "<source id>#tokens") and back; nullopt
// when unreadable (then the config's tokens are used).
std::string EncodeStored(const TokenPair& pair);
std::optional<TokenPair> DecodeStored(std::string_view text);

// The pair to call with: the stored one when it descends from these config tokens, else the
// config's own.
TokenPair Choose(const std::optional<TokenPair>& stored, std::string_view config_access,
                 std::string_view config_refresh);

// A successful `/auth/token/refresh` answer (the flat response, its `code` "0"): the new
// access token (required), the new refresh token (the old one when absent), and their ends,
// absolute (`expire_time`, `refresh_token_valid_time`, epoch ms) or else relative to `now`
// (`expires_in`, `refresh_expires_in`, seconds; `refresh_expires_in` 0 means it cannot be
// refreshed again). Errors never quote the answer (it holds tokens).
core::Result<TokenPair> ParseRefreshAnswer(const boost::json::object& answer,
                                           const TokenPair& previous, core::Timestamp now);

}  // namespace sellerwatch::sources::aliexpress
