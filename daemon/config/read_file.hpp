#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace sellerwatch::config {

// The whole content of a file, or nullopt with the strerror() text in `error` (a directory
// gives "Is a directory").
std::optional<std::string> ReadWholeFile(const std::string& path, std::string& error);

// The same for a file that must be a regular one of at most `max_bytes`: a device, FIFO or
// socket (/dev/zero, /dev/stdin, a named pipe) is refused without reading it, so a mistyped
// path can neither block the loader nor fill its memory.
std::optional<std::string> ReadRegularFile(const std::string& path, std::size_t max_bytes,
                                           std::string& error);

}  // namespace sellerwatch::config
