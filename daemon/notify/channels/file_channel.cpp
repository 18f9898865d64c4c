#include "notify/channels/file_channel.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/error.hpp"
#include "notify/render/notification_json.hpp"

namespace sellerwatch::notify {

namespace {

core::Result<void> AppendLine(const std::string& path_, const std::string& line) {
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
    return core::Error::Transient(
        "file " + path_ + ": write: " + (written < 0 ? std::strerror(write_errno) : "short write"));
  }
  if (!synced) return core::Error::Transient("file " + path_ + ": fsync failed");
  return {};
}

}  // namespace

boost::asio::awaitable<SendOutcome> FileChannel::Send(const core::Notification& notification,
                                                      const LegContext&) {
  // A full disk or a missing permission may be fixed by the operator: retried.
  auto written = AppendLine(path_, NotificationJson(notification) + "\n");
  if (!written) {
    co_return SendOutcome{SendOutcome::Kind::kRetry, std::nullopt, written.error().message};
  }
  co_return SendOutcome{};
}

}  // namespace sellerwatch::notify
