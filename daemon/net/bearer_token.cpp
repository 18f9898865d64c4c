#include "net/bearer_token.hpp"

#include <openssl/crypto.h>

#include <cctype>
#include <string>

#include "core/sha256.hpp"

namespace sellerwatch::net {

bool BearerTokenMatches(std::optional<std::string_view> authorization, std::string_view token) {
  if (!authorization || token.empty()) return false;
  constexpr std::string_view kScheme = "bearer";
  std::string_view value = *authorization;
  if (value.size() <= kScheme.size() || value[kScheme.size()] != ' ') return false;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) return false;
  }
  std::string_view presented = value.substr(kScheme.size());
  while (!presented.empty() && presented.front() == ' ') presented.remove_prefix(1);
  while (!presented.empty() && presented.back() == ' ') presented.remove_suffix(1);
  // Digests first: equal lengths whatever was sent, so no early exit on length either.
  const std::string a = core::Sha256Hex(presented);
  const std::string b = core::Sha256Hex(token);
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace sellerwatch::net
