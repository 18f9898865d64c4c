#include "notify/render/webhook_signature.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <algorithm>
#include <array>
#include <string>

#include "core/base64.hpp"

namespace sellerwatch::notify {

bool IsValidWebhookId(std::string_view msg_id) {
  return !msg_id.empty() && std::none_of(msg_id.begin(), msg_id.end(), [](char c) {
    auto b = static_cast<unsigned char>(c);
    return c == '.' || b < 0x21 || b > 0x7E;
  });
}

core::Result<std::string> SignWebhook(std::string_view secret, std::string_view msg_id,
                                      std::int64_t timestamp_seconds, std::string_view body) {
  constexpr std::string_view kPrefix = "whsec_";
  if (!secret.starts_with(kPrefix)) {
    return core::Error::Config("webhook secret must start with \"whsec_\"");
  }
  std::optional<std::string> key = core::Base64Decode(secret.substr(kPrefix.size()));
  if (!key) return core::Error::Config("webhook secret: invalid base64 after \"whsec_\"");
  if (key->empty()) return core::Error::Config("webhook secret: empty key");
  // The id is part of the signed content and of a header: '.' would make it ambiguous.
  if (!IsValidWebhookId(msg_id)) {
    return core::Error::Data("webhook message id must be non-empty without '.' or controls");
  }
  std::string content = std::string(msg_id) + "." + std::to_string(timestamp_seconds) + ".";
  content.append(body);
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_length = 0;
  if (HMAC(EVP_sha256(), key->data(), static_cast<int>(key->size()),
           reinterpret_cast<const unsigned char*>(content.data()), content.size(), mac.data(),
           &mac_length) == nullptr) {
    return core::Error::Internal("OpenSSL HMAC-SHA256 failed");
  }
  return "v1," + core::Base64Encode(
                     std::string_view(reinterpret_cast<const char*>(mac.data()), mac_length));
}

}  // namespace sellerwatch::notify
