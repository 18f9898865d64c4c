// Start-up benchmark (issue 15): the real daemon, the way an agency runs it — a config of
// `accounts` accounts, each with a file source, and a store of accounts × days × orders_per_day
// orders (plus feedback, claims, messages) written by the real `sellerwatch import`. Measures
// the time from exec to systemd's READY=1 (through a NOTIFY_SOCKET the benchmark listens on)
// for the first start (no engine snapshots yet: every event is read) and for a restart after a
// clean stop (snapshots, then the change feed), the clean stop itself, and the resident memory
// at READY=1.
//
//   sellerwatch_startup_bench [--accounts=N] [--days=N] [--orders-per-day=N] [--dir=PATH]

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "bench_data.hpp"
#include "bench_report.hpp"
#include "core/clock.hpp"
#include "daemon_process.hpp"

namespace sellerwatch::bench {
namespace {

namespace fs = std::filesystem;
struct Start {
  double ready_s = 0;
  double rss_mb = 0;
  double stop_s = 0;
};

// One `run` to READY=1, then SIGTERM and a clean stop.
Start RunOnce(const fs::path& config, const fs::path& dir, const fs::path& log) {
  NotifySocket notify(dir / "notify.sock");
  Start s;
  auto started = Clock::now();
  pid_t pid = Spawn({"run", "-c", config.string()}, log, notify.path());
  if (!notify.WaitReady(std::chrono::seconds(600))) {
    ::kill(pid, SIGKILL);
    Die("no READY=1 within 10 minutes; see " + log.string());
  }
  s.ready_s = Seconds(started);
  s.rss_mb = RssMb(pid);
  auto stopping = Clock::now();
  ::kill(pid, SIGTERM);
  if (int rc = WaitExit(pid); rc != 0) Die(fmt::format("run exited {}; see {}", rc, log.string()));
  s.stop_s = Seconds(stopping);
  return s;
}

int Run(int argc, char** argv) {
  const Scale scale = ScaleFromFlags(argc, argv, 10'000);
  fs::path dir = Flag(argc, argv, "dir", "");
  const bool temporary = dir.empty();
  if (temporary) {
    dir = fs::temp_directory_path() / fmt::format("sw-startup-{}", static_cast<long>(::getpid()));
  }
  fs::remove_all(dir);

  const auto config = WriteAgencyConfig(dir, scale.accounts);
  // The history, dated up to now so that every window of the daemon sees it.
  const auto now = std::chrono::floor<std::chrono::minutes>(core::SystemClock().Now());
  const auto file = dir / "events.jsonl";
  const WrittenEvents written = WriteJsonl(scale, now, file);
  fmt::print("sellerwatch start-up benchmark\n");
  fmt::print("  {} accounts with a file source each; {} events ({} orders)\n\n", scale.accounts,
             written.events, written.orders);
  std::fflush(stdout);

  const auto log = dir / "sellerwatch.log";
  auto importing = Clock::now();
  Import(config, file, log);
  Figure("store written by `import` (setup)", fmt::format("{:.0f} s", Seconds(importing)));
  fs::remove(file);

  const Start first = RunOnce(config, dir, log);
  Figure("first start to READY=1, no snapshots yet", fmt::format("{:.1f} s", first.ready_s),
         "(once, after an upgrade)");
  Figure("  clean stop (saves every snapshot)", fmt::format("{:.1f} s", first.stop_s));
  const Start again = RunOnce(config, dir, log);
  Figure("restart to READY=1 (snapshots + feed)", fmt::format("{:.1f} s", again.ready_s),
         "target <= 10 s", again.ready_s <= 10);
  Figure("  resident memory at READY=1", fmt::format("{:.0f} MB", again.rss_mb));
  Figure("  clean stop", fmt::format("{:.1f} s", again.stop_s));
  if (temporary) fs::remove_all(dir);
  return again.ready_s <= 10 ? 0 : 2;
}

}  // namespace
}  // namespace sellerwatch::bench

int main(int argc, char** argv) { return sellerwatch::bench::Run(argc, argv); }
