#pragma once

// The real daemon as the benchmarks run it: spawned with its output to a log, waited for on
// systemd's notify socket, measured from /proc.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace sellerwatch::bench {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since);

[[noreturn]] void Die(const std::string& what);

// Runs `sellerwatch ARGS…` with stdout and stderr to `log`, NOTIFY_SOCKET set when given.
pid_t Spawn(const std::vector<std::string>& args, const std::filesystem::path& log,
            const std::string& notify_socket = "");

// The exit code, or 128 + the signal.
int WaitExit(pid_t pid);

// The datagram socket systemd would listen on.
class NotifySocket {
 public:
  explicit NotifySocket(const std::filesystem::path& path);
  ~NotifySocket();
  NotifySocket(const NotifySocket&) = delete;
  NotifySocket& operator=(const NotifySocket&) = delete;
  const std::string& path() const { return path_; }

  // Waits for a datagram with READY=1; false when `timeout` passes first.
  bool WaitReady(std::chrono::seconds timeout);

 private:
  std::string path_;
  int fd_ = -1;
};

double RssMb(pid_t pid);

// An agency's config in `dir`/sellerwatch.yaml: `accounts` accounts (AccountName), each with a
// file source of its own under `dir`/inbox and the label team: t0..t7; `daemon_extra` adds keys
// to `daemon:` (", listen: \"127.0.0.1:0\""). Returns its path.
std::filesystem::path WriteAgencyConfig(const std::filesystem::path& dir, int accounts,
                                        const std::string& daemon_extra = "");

// `sellerwatch import FILE` with that config, output to `log`; dies when it fails.
void Import(const std::filesystem::path& config, const std::filesystem::path& file,
            const std::filesystem::path& log);

}  // namespace sellerwatch::bench
