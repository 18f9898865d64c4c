#include "notify/channels/file_channel.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "notify/render/notification_json.hpp"

namespace sellerwatch::notify {

core::Result<void> FileChannel::Send(const core::Notification& notification) {
  std::string line = NotificationJson(notification) + "\n";
  std::error_code ec;
  auto parent = std::filesystem::path(path_).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) {
    return core::Error::Transient("file " + path_ + ": open: " + std::strerror(errno));
  }
  ssize_t written = ::write(fd, line.data(), line.size());
  int write_errno = errno;
  bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size())) {
    return core::Error::Transient("file " + path_ + ": write: " +
                                  (written < 0 ? std::strerror(write_errno) : "short write"));
  }
  if (!synced) return core::Error::Transient("file " + path_ + ": fsync failed");
  return {};
}

}  // namespace sellerwatch::notify
