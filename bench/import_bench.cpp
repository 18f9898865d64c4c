// `sellerwatch import` benchmark (issue 15): writes a normalized JSONL file of
// accounts × days × orders_per_day orders (plus their feedback, claims and messages, as the
// metrics benchmark generates them), imports it with the real binary into a fresh store, and
// prints throughput and the import process's peak RSS beside their targets (≥ 100,000 orders/s
// durable; ≤ 100 MB whatever the file size).
//
//   sellerwatch_import_bench [--accounts=N] [--days=N] [--orders-per-day=N] [--dir=PATH]

#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "bench_data.hpp"
#include "bench_report.hpp"

namespace sellerwatch::bench {
namespace {

int Run(int argc, char** argv) {
  const Scale scale = ScaleFromFlags(argc, argv, 10'000);
  std::filesystem::path dir = Flag(argc, argv, "dir", "");
  const bool temporary = dir.empty();
  if (temporary) {
    dir = std::filesystem::temp_directory_path() /
          fmt::format("sellerwatch-import-bench-{}", static_cast<long>(::getpid()));
  }
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  // The config: every account, nothing else the import needs.
  const auto config = dir / "sellerwatch.yaml";
  {
    std::ofstream out(config);
    out << "daemon: {state_dir: \"" << (dir / "state").string() << "\"}\naccounts:\n";
    for (int a = 0; a < scale.accounts; ++a) {
      out << "  - {id: " << AccountName(a) << ", marketplace: amazon}\n";
    }
    out << "receivers: [{name: console, console: {}}]\n";
  }
  const auto file = dir / "events.jsonl";
  const WrittenEvents written = WriteJsonl(scale, BenchNow(), file);
  const std::size_t orders = written.orders;
  const std::size_t events = written.events;
  fmt::print("sellerwatch import benchmark\n");
  fmt::print("  {} events ({} orders) of {} accounts, {:.0f} MB of JSONL\n\n", events, orders,
             scale.accounts, std::filesystem::file_size(file) / 1048576.0);
  std::fflush(stdout);

  auto started = std::chrono::steady_clock::now();
  pid_t pid = ::fork();
  if (pid == 0) {
    ::execl(SELLERWATCH_BINARY, SELLERWATCH_BINARY, "-c", config.c_str(), "import", file.c_str(),
            static_cast<char*>(nullptr));
    std::perror("exec sellerwatch");
    std::_Exit(127);
  }
  int status = 0;
  struct rusage usage {};
  if (pid < 0 || ::wait4(pid, &status, 0, &usage) != pid) {
    std::perror("run sellerwatch import");
    return 1;
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::cerr << "sellerwatch import failed with status " << status << "\n";
    return 1;
  }
  const double peak_mb = static_cast<double>(usage.ru_maxrss) / 1024;
  const double per_second = static_cast<double>(orders) / seconds;
  Figure("import, wall time (one transaction, durable)", fmt::format("{:.1f} s", seconds));
  Figure("orders per second", fmt::format("{:.0f}", per_second), "target >= 100,000",
         per_second >= 100'000);
  Figure("events per second", fmt::format("{:.0f}", static_cast<double>(events) / seconds));
  Figure("peak RSS of the import process", fmt::format("{:.1f} MB", peak_mb), "target <= 100 MB",
         peak_mb <= 100);
  Figure("store size",
         fmt::format("{:.0f} MB",
                     std::filesystem::file_size(dir / "state" / "sellerwatch.db") / 1048576.0));
  if (temporary) std::filesystem::remove_all(dir);
  return per_second >= 100'000 && peak_mb <= 100 ? 0 : 2;
}

}  // namespace
}  // namespace sellerwatch::bench

int main(int argc, char** argv) { return sellerwatch::bench::Run(argc, argv); }
