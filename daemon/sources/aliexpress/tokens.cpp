#include "sources/aliexpress/tokens.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/sha256.hpp"
#include "sources/aliexpress/envelope.hpp"
#include "sources/json_fields.hpp"

namespace sellerwatch::sources::aliexpress {
namespace json = boost::json;

namespace {

std::optional<core::Timestamp> MillisAt(const json::object& o, std::string_view key) {
  auto ms = IntAt(o, key);
  if (!ms || *ms <= 0) return std::nullopt;
  return core::FromUnixMillis(*ms);
}

}  // namespace

std::string Fingerprint(std::string_view access_token, std::string_view refresh_token) {
  std::string text = "sellerwatch aliexpress tokens\n";
  text.append(access_token);
  text += '\n';
  text.append(refresh_token);
  return core::Sha256Hex(text);
}

std::string EncodeStored(const TokenPair& pair) {
  json::object o;
  o["access_token"] = pair.access_token;
  o["refresh_token"] = pair.refresh_token;
  if (pair.access_expires_at) o["expire_time"] = core::ToUnixMillis(*pair.access_expires_at);
  if (pair.refresh_expires_at) {
    o["refresh_token_valid_time"] = core::ToUnixMillis(*pair.refresh_expires_at);
  }
  o["origin"] = pair.origin;
  return json::serialize(o);
}

std::optional<TokenPair> DecodeStored(std::string_view text) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) return std::nullopt;
  const json::object& o = v.as_object();
  TokenPair pair;
  pair.access_token = StringAt(o, "access_token");
  pair.refresh_token = StringAt(o, "refresh_token");
  pair.origin = StringAt(o, "origin");
  if (pair.access_token.empty() || pair.refresh_token.empty() || pair.origin.empty()) {
    return std::nullopt;
  }
  pair.access_expires_at = MillisAt(o, "expire_time");
  pair.refresh_expires_at = MillisAt(o, "refresh_token_valid_time");
  return pair;
}

TokenPair Choose(const std::optional<TokenPair>& stored, std::string_view config_access,
                 std::string_view config_refresh) {
  std::string origin = Fingerprint(config_access, config_refresh);
  if (stored && stored->origin == origin) return *stored;
  return {std::string(config_access), std::string(config_refresh), std::nullopt, std::nullopt,
          origin};
}

core::Result<TokenPair> ParseRefreshAnswer(const json::object& answer, const TokenPair& previous,
                                           core::Timestamp now) {
  TokenPair pair;
  pair.origin = previous.origin;
  pair.access_token = StringAt(answer, "access_token");
  if (pair.access_token.empty()) {
    return core::Error::Data("token refresh: the answer has no access_token");
  }
  pair.refresh_token = StringAt(answer, "refresh_token");
  if (pair.refresh_token.empty()) pair.refresh_token = previous.refresh_token;
  // Relative ends at most a century away: seconds near INT64_MAX overflow as milliseconds.
  constexpr std::int64_t kMaxSeconds = std::int64_t{100} * 365 * 24 * 3600;
  pair.access_expires_at = MillisAt(answer, "expire_time");
  if (!pair.access_expires_at) {
    if (auto s = IntAt(answer, "expires_in"); s && *s > 0) {
      pair.access_expires_at = now + std::chrono::seconds(std::min(*s, kMaxSeconds));
    }
  }
  pair.refresh_expires_at = MillisAt(answer, "refresh_token_valid_time");
  if (!pair.refresh_expires_at) {
    if (auto s = IntAt(answer, "refresh_expires_in"); s && *s >= 0) {
      pair.refresh_expires_at = now + std::chrono::seconds(std::min(*s, kMaxSeconds));
    }
  }
  return pair;
}

}  // namespace sellerwatch::sources::aliexpress
