// The daemon with its store on a real filesystem that fills up (a small tmpfs, mounted for the
// test: needs root, skipped otherwise) while it polls and delivers: it says so once, /healthz
// stays 200 and /readyz answers 503 with the reason, it does not spin, and when space returns
// it carries on by itself — the notification whose `delivered` could not be written is not sent
// again, the events of the gap are stored, and the store is intact.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <unistd.h>

#include <atomic>
#include <boost/json.hpp>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <regex>
#include <sstream>

#include "fakes/http_test_server.hpp"
#include "fakes/raw_http_client.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A tmpfs of a fixed size on `dir` for the test's life.
class TmpfsMount {
 public:
  TmpfsMount(const std::string& dir, const std::string& size) : dir_(dir) {
    std::filesystem::create_directories(dir);
    const std::string options = "size=" + size + ",mode=0700";
    if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, options.c_str()) == 0) {
      mounted_ = true;
    } else {
      error_ = std::strerror(errno);
    }
  }
  ~TmpfsMount() {
    if (mounted_) ::umount2(dir_.c_str(), MNT_DETACH);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;

  bool mounted() const { return mounted_; }
  const std::string& error() const { return error_; }

 private:
  std::string dir_;
  bool mounted_ = false;
  std::string error_;
};

// Appends to `path` until the filesystem refuses (ENOSPC), in ever smaller pieces so no page
// is left over. Returns the bytes written.
std::size_t FillUp(const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return 0;
  const std::string chunk(1 << 20, 'f');
  std::size_t total = 0;
  for (std::size_t size = chunk.size(); size >= 1; size /= 4) {
    while (true) {
      ssize_t n = ::write(fd, chunk.data(), size);
      if (n <= 0) break;
      total += static_cast<std::size_t>(n);
      if (static_cast<std::size_t>(n) < size) break;
    }
  }
  ::close(fd);
  return total;
}

std::optional<RawResponse> Get(std::uint16_t port, const std::string& target) {
  RawHttpClient c(port);
  if (!c.Send(RawHttpClient::Request("GET", target))) return std::nullopt;
  return c.Read();
}

// A sample's value in a /metrics body ("name{labels} value" or "name value"); nullopt if absent.
std::optional<double> Sample(const std::string& body, const std::string& name_and_labels) {
  const std::string prefix = "\n" + name_and_labels + " ";
  auto at = body.find(prefix);
  if (at == std::string::npos) return std::nullopt;
  return std::stod(body.substr(at + prefix.size()));
}

// CPU time the process has used (user + system).
std::chrono::milliseconds CpuTime(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto after = stat.rfind(')');  // the command name may hold spaces
  std::istringstream fields(stat.substr(after + 2));
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 3; fields >> field; ++i) {
    if (i == 14) utime = std::stoll(field);
    if (i == 15) {
      stime = std::stoll(field);
      break;
    }
  }
  const long ticks = ::sysconf(_SC_CLK_TCK);
  return std::chrono::milliseconds((utime + stime) * 1000 / ticks);
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

// Holds the webhook's first request until released: the send is out when the disk fills.
struct Gate {
  std::mutex mutex;
  std::condition_variable changed;
  bool open = false;
  void Open() {
    std::lock_guard lock(mutex);
    open = true;
    changed.notify_all();
  }
  void Wait() {
    std::unique_lock lock(mutex);
    changed.wait_for(lock, 2min, [&] { return open; });  // bounded: a failed test must end
  }
};

TEST(DiskFull, TheDaemonSaysSoOnceWaitsWithoutSpinningAndCarriesOnWhenSpaceReturns) {
  TempDir dir;
  const std::string fs = dir.File("fs");
  TmpfsMount mount(fs, "16m");
  if (!mount.mounted()) {
    GTEST_SKIP() << "cannot mount a tmpfs on " << fs << " (" << mount.error()
                 << "): this test needs root (CAP_SYS_ADMIN) to put the store on a small "
                    "filesystem";
  }
  Gate gate;
  std::atomic<bool> held{false};
  HttpTestServer server;
  server.SetHandler([&](const RecordedRequest&) {
    if (!held.exchange(true)) gate.Wait();  // the first send, on the server's thread
    return ScriptedResponse{};
  });
  struct OpenOnExit {  // a failing test must not leave the server's thread held
    Gate& gate;
    ~OpenOnExit() { gate.Open(); }
  } open_on_exit{gate};
  const std::string state = fs + "/state";
  const std::string alerts = fs + "/alerts.jsonl";
  std::string config = dir.Write(
      "sellerwatch.yaml",
      SimulatorDaemonConfig(state,
                            "routes: [{match: {}, receivers: [hook, file], group_wait: 0s, "
                            "group_interval: 2s}]\n"
                            "receivers:\n"
                            "  - {name: hook, webhook: {url: \"" +
                                server.Url("/hook") +
                                "\", timeout: 5m}}\n"
                                "  - {name: file, file: {path: " +
                                alerts + "}}\n"));
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config});
  // Waits for `done`, reading the daemon's output meanwhile (so its pipe never fills).
  auto eventually = [&](auto done, std::chrono::milliseconds timeout) {
    const auto end = Clock::now() + timeout;
    while (!done()) {
      if (Clock::now() >= end) return false;
      daemon.WaitForStderr("\x01 never logged", 100ms);
    }
    return true;
  };
  ASSERT_TRUE(daemon.WaitForStderr("http endpoint listening on 127.0.0.1:", 30s)) << daemon.err();
  const std::uint16_t port = LoggedPort(daemon.err());
  ASSERT_NE(port, 0) << daemon.err();

  // The first notification's send is out and held.
  ASSERT_TRUE(eventually([&] { return server.RequestCount() > 0; }, 60s)) << daemon.err();
  const std::string first_id = server.Requests()[0].Header("webhook-id").value_or("");
  ASSERT_FALSE(first_id.empty());

  // A WAL already checkpointed would take new frames in its old space for a while: truncate
  // it, so the daemon's next writes need new space as a growing store's do.
  {
    auto db = store::Db::Open(state + "/sellerwatch.db");
    ASSERT_TRUE(db) << db.error().message;
    ASSERT_TRUE(eventually(
        [&] {
          auto stmt = (*db)->Cached("PRAGMA wal_checkpoint(TRUNCATE)");
          if (!stmt) return false;
          auto row = (*stmt)->Step();
          if (!row || !*row) return false;
          bool done = (*stmt)->Int(0) == 0;
          (*stmt)->Reset();
          return done;
        },
        30s));
  }
  const std::string filler = fs + "/filler";
  ASSERT_GT(FillUp(filler), 0u);
  const auto filled_at = std::chrono::system_clock::now();

  // The daemon runs into the full disk: not ready, with the reason; still healthy.
  std::string not_ready;
  ASSERT_TRUE(eventually(
      [&] {
        auto r = Get(port, "/readyz");
        if (!r || r->status != 503) return false;
        not_ready = r->body;
        return true;
      },
      60s))
      << daemon.err();
  EXPECT_NE(not_ready.find("store " + state + "/sellerwatch.db cannot be written: disk full"),
            std::string::npos)
      << not_ready;
  auto health = Get(port, "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  // The held send succeeds now; its `delivered` meets the full disk.
  gate.Open();

  // Observed for a while: no busy loop, no flood.
  auto metrics_before = Get(port, "/metrics");
  ASSERT_TRUE(metrics_before && metrics_before->status == 200);
  const double refused_before =
      Sample(metrics_before->body, "sellerwatch_store_write_refusals_total").value_or(-1);
  EXPECT_EQ(Sample(metrics_before->body, "sellerwatch_ready"), 0) << metrics_before->body;
  EXPECT_EQ(Sample(metrics_before->body, "sellerwatch_store_writable"), 0);
  const std::size_t log_before = daemon.err().size();
  const auto cpu_before = CpuTime(daemon.pid());
  const auto window_start = Clock::now();
  daemon.WaitForStderr("\x01 never logged", 6s);
  const auto window =
      std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - window_start);
  const auto cpu = CpuTime(daemon.pid()) - cpu_before;
  auto metrics_after = Get(port, "/metrics");
  ASSERT_TRUE(metrics_after && metrics_after->status == 200);
  const double refused =
      Sample(metrics_after->body, "sellerwatch_store_write_refusals_total").value_or(-1) -
      refused_before;
  const std::string window_log = daemon.err().substr(log_before);
  // Writers try once per backoff step (1 s, 2 s, 4 s …), a few of them at each.
  EXPECT_LE(refused, 2.0 * static_cast<double>(window.count()) / 1000 + 10)
      << "refused writes in " << window.count() << " ms";
  EXPECT_GE(refused, 0);
  EXPECT_LT(cpu.count(), window.count() / 4)
      << "CPU time " << cpu.count() << " ms in " << window.count() << " ms";
  EXPECT_LE(Count(window_log, "\n"), 10u) << window_log;
  EXPECT_EQ(Count(daemon.err(), "cannot be written: disk full"), 1u) << daemon.err();

  // Space returns: ready again by itself, one line says so.
  std::filesystem::remove(filler);
  const auto freed_at = std::chrono::system_clock::now();
  ASSERT_TRUE(eventually(
      [&] {
        auto r = Get(port, "/readyz");
        return r && r->status == 200;
      },
      120s))
      << daemon.err();
  ASSERT_TRUE(daemon.WaitForStderr("can be written again", 10s)) << daemon.err();
  // The source polls and stores again after the gap.
  const double freed_s = std::chrono::duration<double>(freed_at.time_since_epoch()).count();
  ASSERT_TRUE(eventually(
      [&] {
        auto m = Get(port, "/metrics");
        auto last = m ? Sample(m->body,
                               "sellerwatch_source_last_success_timestamp_seconds{account="
                               "\"shop-a\",source=\"simulator\"}")
                      : std::nullopt;
        return last && *last > freed_s;
      },
      60s))
      << daemon.err();
  // The held notification's `delivered` is written (no leg is left `sending`), and it is not
  // sent again.
  ASSERT_TRUE(eventually(
      [&] {
        auto m = Get(port, "/metrics");
        return m && Sample(m->body, "sellerwatch_outbox_legs{status=\"sending\"}") == 0;
      },
      90s))
      << daemon.err();
  EXPECT_NE(daemon.err().find("receiver=hook delivered " + first_id), std::string::npos);
  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(60s);
  ASSERT_TRUE(code.has_value()) << daemon.err();
  EXPECT_EQ(*code, 0) << daemon.err();

  std::map<std::string, int> ids;
  for (const auto& r : server.Requests()) ++ids[r.Header("webhook-id").value_or("")];
  EXPECT_EQ(ids[first_id], 1);
  for (const auto& [id, n] : ids) EXPECT_EQ(n, 1) << "webhook-id " << id << " sent " << n << "x";
  EXPECT_EQ(Count(daemon.err(), "cannot be written: disk full"), 1u) << daemon.err();

  auto db = store::Db::Open(state + "/sellerwatch.db");
  ASSERT_TRUE(db) << db.error().message;
  auto one = [&](const std::string& sql) -> std::string {
    auto stmt = (*db)->Cached(sql);
    if (!stmt) return "(" + stmt.error().message + ")";
    auto row = (*stmt)->Step();
    if (!row || !*row) return "(no row)";
    std::string v = (*stmt)->Text(0);
    (*stmt)->Reset();
    return v;
  };
  EXPECT_EQ(one("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(one("SELECT status FROM outbox WHERE leg_key = '" + first_id + "'"), "delivered");
  EXPECT_EQ(one("SELECT count(*) FROM outbox WHERE status = 'sending'"), "0");
  // Events the simulator made during the gap and after it were stored: the cursor moved past
  // the moment space returned, with the events it covers.
  const auto filled_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(filled_at.time_since_epoch()).count();
  const auto freed_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(freed_at.time_since_epoch()).count();
  auto cursor =
      boost::json::parse(one("SELECT value FROM cursors WHERE source = 'shop-a/simulator'"));
  EXPECT_GT(cursor.as_object().at("until").as_int64(), freed_ms) << cursor;
  EXPECT_NE(one("SELECT count(*) FROM events WHERE updated_at > " + std::to_string(filled_ms) +
                " AND updated_at <= " + std::to_string(freed_ms)),
            "0");
  // The file receiver's lines are whole: none was cut by the full disk.
  std::ifstream lines(alerts);
  std::size_t n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    boost::system::error_code ec;
    boost::json::parse(line, ec);
    EXPECT_FALSE(ec) << "line " << n + 1 << " of " << alerts << ": " << line;
  }
  EXPECT_GT(n, 0u);
}

}  // namespace
}  // namespace sellerwatch::testing
