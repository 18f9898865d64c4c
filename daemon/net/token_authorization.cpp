#include "net/token_authorization.hpp"

#include <openssl/crypto.h>

#include <cctype>
#include <string>

#include "core/base64.hpp"
#include "core/sha256.hpp"

namespace sellerwatch::net {
namespace {

// The credentials after "<scheme> " (case-insensitive scheme), blanks trimmed; empty when the
// header has another scheme.
std::optional<std::string_view> Credentials(std::string_view value, std::string_view scheme) {
  if (value.size() <= scheme.size() || value[scheme.size()] != ' ') return std::nullopt;
  for (std::size_t i = 0; i < scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != scheme[i]) return std::nullopt;
  }
  std::string_view rest = value.substr(scheme.size());
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  return rest;
}

bool SameSecret(std::string_view presented, std::string_view token) {
  const std::string a = core::Sha256Hex(presented);
  const std::string b = core::Sha256Hex(token);
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

bool TokenAuthorizes(std::optional<std::string_view> authorization, std::string_view token) {
  if (!authorization || token.empty()) return false;
  if (auto bearer = Credentials(*authorization, "bearer")) return SameSecret(*bearer, token);
  auto basic = Credentials(*authorization, "basic");
  if (!basic) return false;
  auto decoded = core::Base64Decode(*basic);  // "user:password"; the user name is not checked
  if (!decoded) return false;
  auto colon = decoded->find(':');
  if (colon == std::string::npos) return false;
  return SameSecret(std::string_view(*decoded).substr(colon + 1), token);
}

}  // namespace sellerwatch::net
