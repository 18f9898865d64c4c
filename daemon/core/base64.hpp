#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sellerwatch::core {

// RFC 4648 standard alphabet with '=' padding (webhook signatures, RFC 2047 B-words, HTTP Basic).
std::string Base64Encode(std::string_view bytes);
// Strict: standard alphabet, padded to a multiple of 4, no whitespace; nullopt otherwise.
std::optional<std::string> Base64Decode(std::string_view text);

}  // namespace sellerwatch::core
