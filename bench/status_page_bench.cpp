// Status page benchmark (issue 18): the real daemon watching an agency's `accounts` accounts
// (a file source each, a store of accounts × days × orders_per_day orders written by the real
// `sellerwatch import`), its page requested over loopback the way a browser does: the overview
// (`/`, a page of 50 accounts worst first out of all of them), a later page, a filter, and one
// account's page (28-day charts from the store). Each is fetched `--repeat` times; the median
// and the slowest are reported beside the target.
//
//   sellerwatch_status_page_bench [--accounts=N] [--days=N] [--orders-per-day=N] [--repeat=N]

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "bench_data.hpp"
#include "bench_report.hpp"
#include "core/clock.hpp"
#include "daemon_process.hpp"
#include "fakes/raw_http_client.hpp"

namespace sellerwatch::bench {
namespace {

namespace fs = std::filesystem;

std::uint16_t LoggedPort(const fs::path& log) {
  std::ifstream in(log);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::smatch m;
  static const std::regex line(R"(http endpoint listening on 127\.0\.0\.1:(\d+))");
  return std::regex_search(text, m, line) ? static_cast<std::uint16_t>(std::stoi(m[1])) : 0;
}

struct Timing {
  double median_ms = 0;
  double max_ms = 0;
  std::size_t bytes = 0;
};

Timing Fetch(std::uint16_t port, const std::string& target, int repeat) {
  std::vector<double> ms;
  Timing t;
  for (int i = 0; i < repeat; ++i) {
    testing::RawHttpClient c(port, std::chrono::seconds(120));
    auto started = Clock::now();
    if (!c.Send(testing::RawHttpClient::Request("GET", target))) Die("send " + target);
    auto r = c.Read();
    ms.push_back(Seconds(started) * 1000);
    if (!r || r->status != 200) Die(fmt::format("GET {}: {}", target, r ? r->status : 0));
    t.bytes = r->body.size();
  }
  std::sort(ms.begin(), ms.end());
  t.median_ms = ms[ms.size() / 2];
  t.max_ms = ms.back();
  return t;
}

int Run(int argc, char** argv) {
  const Scale scale = ScaleFromFlags(argc, argv, 1'000);
  const int repeat = std::max(1, std::stoi(Flag(argc, argv, "repeat", "10")));
  const fs::path dir =
      fs::temp_directory_path() / fmt::format("sw-page-{}", static_cast<long>(::getpid()));
  fs::remove_all(dir);
  const auto config = WriteAgencyConfig(dir, scale.accounts, ", listen: \"127.0.0.1:0\"");
  const auto now = std::chrono::floor<std::chrono::minutes>(core::SystemClock().Now());
  const auto file = dir / "events.jsonl";
  const WrittenEvents written = WriteJsonl(scale, now, file);
  fmt::print("sellerwatch status page benchmark\n");
  fmt::print("  {} accounts with a file source each; {} events ({} orders); {} requests each\n\n",
             scale.accounts, written.events, written.orders, repeat);
  std::fflush(stdout);
  const auto log = dir / "sellerwatch.log";
  Import(config, file, log);
  fs::remove(file);

  NotifySocket notify(dir / "notify.sock");
  pid_t pid = Spawn({"run", "-c", config.string()}, log, notify.path());
  if (!notify.WaitReady(std::chrono::seconds(600))) {
    ::kill(pid, SIGKILL);
    Die("no READY=1 within 10 minutes; see " + log.string());
  }
  const std::uint16_t port = LoggedPort(log);
  if (port == 0) Die("no listening address in " + log.string());

  constexpr double kTargetMs = 500;
  bool met = true;
  auto report = [&](const char* label, const std::string& target, bool judged) {
    const Timing t = Fetch(port, target, repeat);
    const bool ok = t.median_ms <= kTargetMs;
    if (judged) met = met && ok;
    Figure(label, fmt::format("{:.0f} ms (max {:.0f})", t.median_ms, t.max_ms),
           judged ? fmt::format("target <= {:.0f} ms", kTargetMs) : "",
           judged ? std::optional<bool>(ok) : std::nullopt);
    Figure("  page size", fmt::format("{:.0f} KB", t.bytes / 1024.0));
  };
  report("GET / (first 50 of all, worst first)", "/", true);
  report("GET /?page=10", "/?page=10", true);
  report("GET /?label=team=t3 (1 in 8 accounts)", "/?label=team%3Dt3", true);
  report(fmt::format("GET /accounts/{}", AccountName(scale.accounts / 2)).c_str(),
         "/accounts/" + AccountName(scale.accounts / 2), true);
  Figure("resident memory after the requests", fmt::format("{:.0f} MB", RssMb(pid)));
  ::kill(pid, SIGTERM);
  WaitExit(pid);
  fs::remove_all(dir);
  return met ? 0 : 2;
}

}  // namespace
}  // namespace sellerwatch::bench

int main(int argc, char** argv) { return sellerwatch::bench::Run(argc, argv); }
