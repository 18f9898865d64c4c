// Other processes writing the store of a running daemon: `silence add` changes nothing in the
// metrics engine, an import of 10 events applies exactly those 10 (no reload of anything), and
// a clean restart restores the account from its snapshot instead of reading its events.

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <optional>
#include <regex>
#include <string>
#include <thread>

#include "core/time.hpp"
#include "fakes/raw_http_client.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;

// Polls /metrics (bounded) until `done` holds.
template <class Done>
bool Eventually(Done done) {
  for (auto deadline = std::chrono::steady_clock::now() + 30s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(20ms)) {
    if (done()) return true;
  }
  return false;
}

// Waits (bounded) until the daemon has evaluated twice more: whatever it would do about a
// write has been done by then.
bool TwoMoreEvaluations(std::uint16_t port) {
  auto start = MetricSample(port, "sellerwatch_evaluations_total");
  return start && Eventually([&] {
           auto now = MetricSample(port, "sellerwatch_evaluations_total");
           return now && *now >= *start + 2;
         });
}

// Merchant orders purchased yesterday (inside every window).
std::string Orders(int count) {
  const std::string yesterday = core::FormatRfc3339(
      std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now()) - core::kDay);
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += R"({"type":"order","account":"shop","id":"o)" + std::to_string(i) +
           R"(","purchased_at":")" + yesterday +
           R"(","status":"shipped","fulfillment":"merchant"})"
           "\n";
  }
  return out;
}

TEST(ChangeFeed, OutsideWritesApplyWhatChangedAndARestartReadsTheSnapshot) {
  TempDir dir;
  const std::string config = dir.Write(
      "sellerwatch.yaml", "daemon:\n  listen: \"127.0.0.1:0\"\n  state_dir: " + dir.File("state") +
                              "\n  evaluation_interval: 200ms\n"
                              "accounts:\n  - {id: shop, marketplace: amazon}\n"
                              "receivers: [{name: console, console: {}}]\n");
  ASSERT_EQ(Sellerwatch({"import", "-c", config, dir.Write("first.jsonl", Orders(3))}).exit_code,
            0);
  const std::string loaded_events = R"(sellerwatch_engine_account_loads_total{from="events"})";
  const std::string loaded_snapshot = R"(sellerwatch_engine_account_loads_total{from="snapshot"})";
  const std::string applied = "sellerwatch_engine_changes_applied_total";
  {
    BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config});
    ASSERT_TRUE(daemon.WaitForStderr("http endpoint listening on 127.0.0.1:", 30s)) << daemon.err();
    const std::uint16_t port = LoggedPort(daemon.err());
    ASSERT_TRUE(TwoMoreEvaluations(port)) << daemon.err();
    EXPECT_EQ(MetricSample(port, loaded_events), 1);  // no snapshot yet: its 3 events were read
    EXPECT_EQ(MetricSample(port, applied), 0);

    auto silence = Sellerwatch(
        {"silence", "add", "-c", config, "--account", "shop", "--for", "1h", "--comment", "t"});
    ASSERT_EQ(silence.exit_code, 0) << silence.err;
    ASSERT_TRUE(TwoMoreEvaluations(port));
    EXPECT_EQ(MetricSample(port, applied), 0);
    EXPECT_EQ(MetricSample(port, loaded_events), 1);

    // 10 events: 7 new orders and 3 new versions of the stored ones.
    std::string ten = Orders(10);
    for (std::string::size_type at = 0; (at = ten.find("shipped", at)) != std::string::npos;) {
      ten.replace(at, 7, "delivered");
    }
    auto import = Sellerwatch({"import", "-c", config, dir.Write("ten.jsonl", ten)});
    ASSERT_EQ(import.exit_code, 0) << import.err;
    ASSERT_TRUE(Eventually([&] { return MetricSample(port, applied) == 10; }));
    ASSERT_TRUE(TwoMoreEvaluations(port));
    EXPECT_EQ(MetricSample(port, applied), 10);
    EXPECT_EQ(MetricSample(port, loaded_events), 1);  // nothing was reloaded

    daemon.Signal(SIGTERM);
    ASSERT_EQ(daemon.Wait(30s), 0) << daemon.err();
  }
  BackgroundProcess restarted({SellerwatchBinary(), "run", "-c", config});
  ASSERT_TRUE(restarted.WaitForStderr("http endpoint listening on 127.0.0.1:", 30s))
      << restarted.err();
  const std::uint16_t port = LoggedPort(restarted.err());
  ASSERT_TRUE(TwoMoreEvaluations(port));
  EXPECT_EQ(MetricSample(port, loaded_snapshot), 1);
  EXPECT_EQ(MetricSample(port, loaded_events), 0);
  EXPECT_EQ(MetricSample(port, applied), 0);
  EXPECT_EQ(
      MetricSample(
          port,
          R"(sellerwatch_account_metric_denominator{account="shop",metric="cancellation_rate"})"),
      10);
  restarted.Signal(SIGTERM);
  EXPECT_EQ(restarted.Wait(30s), 0);
}

}  // namespace
}  // namespace sellerwatch::testing
