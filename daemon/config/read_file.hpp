#pragma once

#include <optional>
#include <string>

namespace sellerwatch::config {

// The whole content of a file, or nullopt with the strerror() text in `error` (a directory
// gives "Is a directory").
std::optional<std::string> ReadWholeFile(const std::string& path, std::string& error);

}  // namespace sellerwatch::config
