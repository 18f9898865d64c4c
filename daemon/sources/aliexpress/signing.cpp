#include "sources/aliexpress/signing.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>

namespace sellerwatch::sources::aliexpress {

std::string SigningString(std::string_view api_path, const Params& params) {
  std::string out(api_path);
  for (const auto& [key, value] : params) {
    if (key == "sign" || value.empty()) continue;
    out += key;
    out += value;
  }
  return out;
}

core::Result<std::string> Sign(std::string_view app_secret, std::string_view api_path,
                               const Params& params) {
  std::string text = SigningString(api_path, params);
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), app_secret.data(), static_cast<int>(app_secret.size()),
           reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac.data(),
           &length) == nullptr) {
    return core::Error::Internal("OpenSSL HMAC-SHA256 failed");
  }
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 0x0F];
  }
  return out;
}

}  // namespace sellerwatch::sources::aliexpress
