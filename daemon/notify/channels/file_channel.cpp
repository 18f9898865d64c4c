#include "notify/channels/file_channel.hpp"

#include <fcntl.h>
#include <sys/stat.h>
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
  // Where the line starts (the single writer appends): a line cut short by a full disk is cut
  // off again, so the file never holds half a notification and the retry appends it whole.
  struct stat before {};
  bool sized = ::fstat(fd, &before) == 0;
  ssize_t written = ::write(fd, line.data(), line.size());
  int write_errno = errno;
  if (written != static_cast<ssize_t>(line.size())) {
    if (sized) (void)::ftruncate(fd, before.st_size);
    ::close(fd);
    return core::Error::Transient(
        "file " + path_ + ": write: " + (written < 0 ? std::strerror(write_errno) : "short write"));
  }
  bool synced = ::fsync(fd) == 0;
  int sync_errno = errno;
  if (!synced && sized) (void)::ftruncate(fd, before.st_size);
  ::close(fd);
  if (!synced) {
    return core::Error::Transient("file " + path_ + ": fsync: " + std::strerror(sync_errno));
  }
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
