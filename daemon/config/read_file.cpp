#include "config/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace sellerwatch::config {
namespace {

// Reads `fd` to its end, or to one byte past `max_bytes`, and closes it.
std::optional<std::string> ReadAll(int fd, std::size_t max_bytes, std::string& error) {
  std::string text;
  char chunk[8192];
  for (;;) {
    ssize_t n = ::read(fd, chunk, sizeof chunk);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      error = std::strerror(errno);
      ::close(fd);
      return std::nullopt;
    }
    if (n == 0) break;
    text.append(chunk, static_cast<std::size_t>(n));
    if (text.size() > max_bytes) break;
  }
  ::close(fd);
  return text;
}

}  // namespace

std::optional<std::string> ReadWholeFile(const std::string& path, std::string& error) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  return ReadAll(fd, std::string().max_size(), error);
}

std::optional<std::string> ReadRegularFile(const std::string& path, std::size_t max_bytes,
                                           std::string& error) {
  // O_NONBLOCK: opening a FIFO would otherwise wait for a writer.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0) {
    error = std::strerror(errno);
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    error = std::strerror(errno);
    ::close(fd);
    return std::nullopt;
  }
  if (S_ISDIR(st.st_mode)) {
    error = std::strerror(EISDIR);
    ::close(fd);
    return std::nullopt;
  }
  if (!S_ISREG(st.st_mode)) {
    error = "not a regular file";
    ::close(fd);
    return std::nullopt;
  }
  auto text = ReadAll(fd, max_bytes, error);
  if (text && text->size() > max_bytes) {
    error = "larger than " + std::to_string(max_bytes / 1024) + " KiB";
    return std::nullopt;
  }
  return text;
}

}  // namespace sellerwatch::config
