#include "daemon_process.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

#include "bench_data.hpp"
#include "fakes/resident_memory.hpp"

namespace sellerwatch::bench {

namespace fs = std::filesystem;

double Seconds(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "benchmark failed: " << what << "\n";
  std::exit(1);
}

pid_t Spawn(const std::vector<std::string>& args, const fs::path& log,
            const std::string& notify_socket) {
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  FILE* out = std::fopen(log.c_str(), "a");
  if (out) {
    ::dup2(::fileno(out), 1);
    ::dup2(::fileno(out), 2);
  }
  if (!notify_socket.empty()) ::setenv("NOTIFY_SOCKET", notify_socket.c_str(), 1);
  std::vector<char*> argv{const_cast<char*>(SELLERWATCH_BINARY)};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  ::execv(SELLERWATCH_BINARY, argv.data());
  std::perror("exec sellerwatch");
  std::_Exit(127);
}

int WaitExit(pid_t pid) {
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid) Die("waitpid");
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

NotifySocket::NotifySocket(const fs::path& path) : path_(path) {
  fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (fd_ < 0 || path.string().size() >= sizeof(addr.sun_path)) Die("notify socket");
  std::strcpy(addr.sun_path, path.c_str());
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) Die("bind " + path_);
}

NotifySocket::~NotifySocket() {
  ::close(fd_);
  fs::remove(path_);
}

bool NotifySocket::WaitReady(std::chrono::seconds timeout) {
  auto deadline = Clock::now() + timeout;
  char buffer[4096];
  while (Clock::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    auto n = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (n > 0 && std::string_view(buffer, n).find("READY=1") != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

double RssMb(pid_t pid) { return static_cast<double>(testing::ResidentKiB(pid)) / 1024; }

fs::path WriteAgencyConfig(const fs::path& dir, int accounts, const std::string& daemon_extra) {
  fs::create_directories(dir / "inbox");
  const auto config = dir / "sellerwatch.yaml";
  std::ofstream out(config);
  out << "daemon: {state_dir: \"" << (dir / "state").string() << "\"" << daemon_extra
      << "}\naccounts:\n";
  for (int a = 0; a < accounts; ++a) {
    const auto inbox = dir / "inbox" / AccountName(a);
    fs::create_directory(inbox);
    out << "  - id: " << AccountName(a) << "\n    marketplace: amazon\n"
        << "    labels: {team: t" << a % 8 << "}\n"
        << "    sources: [{type: file, path: \"" << inbox.string() << "\", poll: 1h}]\n";
  }
  out << "routes: [{match: {}, receivers: [log]}]\n"
      << "receivers: [{name: log, console: {}}]\n";
  return config;
}

void Import(const fs::path& config, const fs::path& file, const fs::path& log) {
  if (int rc = WaitExit(Spawn({"-c", config.string(), "import", file.string()}, log)); rc != 0) {
    Die(fmt::format("import exited {}; see {}", rc, log.string()));
  }
}

}  // namespace sellerwatch::bench
