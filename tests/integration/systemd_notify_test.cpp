// Type=notify: the daemon tells systemd READY=1 (with a STATUS line), pings the watchdog from
// its io loop at half of WATCHDOG_USEC, and says STOPPING=1 on SIGTERM. The test plays systemd:
// a datagram socket named by NOTIFY_SOCKET.

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;

class NotifySocket {
 public:
  explicit NotifySocket(const std::string& path) : path_(path) {
    fd_ = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof(addr.sun_path) - 1);
    bound_ = ::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~NotifySocket() { ::close(fd_); }
  bool bound() const { return bound_; }

  // Reads datagrams until `text` appears at or after `from` in what was received, or the
  // deadline passes; keeps them all.
  bool WaitFor(const std::string& text, std::chrono::milliseconds timeout, std::size_t from = 0) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (received_.find(text, from) == std::string::npos) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      pollfd p{fd_, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
      char buf[4096];
      ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
      if (n > 0) received_.append(buf, static_cast<std::size_t>(n)).push_back('\n');
    }
    return true;
  }
  const std::string& received() const { return received_; }

 private:
  std::string path_;
  int fd_ = -1;
  bool bound_ = false;
  std::string received_;
};

TEST(SystemdNotify, ReadyWatchdogReloadingAndStopping) {
  TempDir dir;
  std::string config = dir.Write(
      "sellerwatch.yaml", "daemon: {listen: \"127.0.0.1:0\", state_dir: " + dir.File("state") +
                              "}\n"
                              "accounts: [{id: shop, marketplace: amazon, sources: [{type: "
                              "simulator, seed: 1, orders_per_day: 5, poll: 1h}]}]\n"
                              "receivers: [{name: console, console: {}}]\n");
  NotifySocket socket(dir.File("notify.sock"));
  ASSERT_TRUE(socket.bound());
  BackgroundProcess daemon(
      {SellerwatchBinary(), "run", "-c", config},
      {{"NOTIFY_SOCKET", dir.File("notify.sock")}, {"WATCHDOG_USEC", "200000"}});
  ASSERT_TRUE(socket.WaitFor("READY=1", 30s)) << daemon.err();
  EXPECT_NE(socket.received().find("STATUS=1 accounts, "), std::string::npos) << socket.received();
  ASSERT_TRUE(socket.WaitFor("WATCHDOG=1", 5s)) << socket.received();
  std::size_t watchdog_seen = socket.received().rfind("WATCHDOG=1");
  ASSERT_TRUE(socket.WaitFor("WATCHDOG=1", 5s, watchdog_seen + 1)) << "pings are periodic";

  daemon.Signal(SIGHUP);
  ASSERT_TRUE(socket.WaitFor("RELOADING=1", 10s)) << socket.received() << daemon.err();
  std::size_t reloading = socket.received().find("RELOADING=1");
  auto usec = socket.received().find("MONOTONIC_USEC=", reloading);
  ASSERT_NE(usec, std::string::npos) << socket.received();
  EXPECT_GT(std::stoull(socket.received().substr(usec + 15)), 0u);
  ASSERT_TRUE(socket.WaitFor("READY=1", 10s, reloading)) << socket.received() << daemon.err();

  daemon.Signal(SIGTERM);
  ASSERT_TRUE(socket.WaitFor("STOPPING=1", 10s)) << socket.received();
  auto code = daemon.Wait(20s);
  ASSERT_TRUE(code.has_value());
  EXPECT_EQ(*code, 0) << daemon.err();
}

}  // namespace
}  // namespace sellerwatch::testing
