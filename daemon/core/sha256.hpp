#pragma once

#include <string>
#include <string_view>

namespace sellerwatch::core {

// The 32 bytes of SHA-256 of some bytes (a Content-Security-Policy hash, base64-encoded).
std::string Sha256(std::string_view data);
// Lower-case hex SHA-256 of some bytes (file identity for the file source's ledger).
std::string Sha256Hex(std::string_view data);

}  // namespace sellerwatch::core
