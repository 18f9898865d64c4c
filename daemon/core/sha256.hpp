#pragma once

#include <string>
#include <string_view>

namespace sellerwatch::core {

// Lower-case hex SHA-256 of some bytes (file identity for the file source's ledger).
std::string Sha256Hex(std::string_view data);

}  // namespace sellerwatch::core
