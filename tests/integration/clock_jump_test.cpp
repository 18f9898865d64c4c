// The real daemon under libfaketime while its wall clock steps back an hour and then forward six
// (issue 17): a pending `for` timer fires after the time that elapsed (not an hour late, not at
// once), no group repeats because the clock gained hours, and no alert starts in the future.

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>

#include "core/clock.hpp"
#include "core/time.hpp"
#include "fakes/http_test_server.hpp"
#include "fakes/process.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"
#include "store/alert_state_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;

constexpr const char* kFakeTime = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

// 40 orders over the last 5 days: 4 cancelled by the seller (10 %), 4 shipped late (11 %) and 4
// without valid tracking (89 % valid).
std::string Orders(core::Timestamp now) {
  std::string out;
  for (int i = 0; i < 40; ++i) {
    core::Timestamp bought = now - 5 * core::kDay + i * 2h;
    core::Timestamp ship_by = bought + 24h;
    bool cancelled = i < 4;
    bool late = i >= 4 && i < 8;
    bool untracked = i >= 8 && i < 12;
    std::string o = R"({"type":"order","account":"acme","id":"o)" + std::to_string(i) +
                    R"(","purchased_at":")" + core::FormatRfc3339(bought) +
                    R"(","fulfillment":"merchant","ship_by":")" + core::FormatRfc3339(ship_by) +
                    "\"";
    if (cancelled) {
      o += R"(,"status":"cancelled","cancelled_at":")" + core::FormatRfc3339(bought + 1h) +
           R"(","cancel_initiator":"seller")";
    } else {
      o += R"(,"status":"shipped","shipped_at":")" +
           core::FormatRfc3339(late ? ship_by + 5h : bought + 3h) + R"(","tracking_valid":)" +
           (untracked ? "false" : "true");
    }
    out += o + R"(,"updated_at":")" + core::FormatRfc3339(bought + 6h) + "\"}\n";
  }
  return out;
}

class ClockJump : public ::testing::Test {
 protected:
  void SetUp() override {
#if defined(__SANITIZE_ADDRESS__)
    // GCC's ASan runtime is a shared library that must come first among the libraries (clang,
    // the sanitizer build's compiler, links its own in statically and runs this test).
    GTEST_SKIP() << "libfaketime cannot be preloaded ahead of GCC's sanitizer runtime";
#endif
    if (!std::filesystem::exists(kFakeTime)) GTEST_SKIP() << kFakeTime << " missing (libfaketime)";
    SetOffset("+0");
    config_ = dir_.Write("sellerwatch.yaml",
                         "daemon:\n"
                         "  listen: \"127.0.0.1:0\"\n"
                         "  state_dir: " +
                             dir_.File("state") +
                             "\n"
                             "  evaluation_interval: 300ms\n"
                             "accounts:\n"
                             "  - id: acme\n"
                             "    marketplace: custom\n"
                             "    thresholds:\n"
                             "      cancellation_rate: {critical: 2.5%, for: 3h}\n"
                             "      late_shipment_rate_10d: {critical: 4%}\n"
                             "      valid_tracking_rate: {critical: 95%, for: 10s}\n"
                             "receivers:\n"
                             "  - name: hook\n"
                             "    webhook: {url: \"" +
                             hook_.Url("/hook") +
                             "\"}\n"
                             "routes:\n"
                             "  - receivers: [hook]\n"
                             "    group_by: [rule]\n"
                             "    group_wait: 0s\n"
                             "    group_interval: 1s\n"
                             "    repeat_interval: 4h\n");
    auto imported = Sellerwatch(
        {"import", dir_.Write("orders.jsonl", Orders(core::SystemClock().Now())), "-c", config_});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  // libfaketime re-reads this file (at most once a second): "+6h", "-1h" from the real time.
  void SetOffset(const std::string& offset) {
    std::string tmp = dir_.File("faketime.tmp");
    std::ofstream(tmp) << offset << "\n";
    std::filesystem::rename(tmp, dir_.File("faketime"));
  }
  std::map<std::string, std::string> FakeTimeEnv() {
    return {{"LD_PRELOAD", std::string(SELLERWATCH_REAL_TIMERFD) + " " + kFakeTime},
            {"FAKETIME_TIMESTAMP_FILE", dir_.File("faketime")},
            {"FAKETIME_CACHE_DURATION", "1"},
            {"FAKETIME_DONT_FAKE_MONOTONIC", "1"}};
  }
  std::size_t Notified(const std::string& rule) {
    std::size_t n = 0;
    for (const auto& r : hook_.Requests())
      n += r.body.find("\"" + rule + "\"") != std::string::npos;
    return n;
  }

  TempDir dir_;
  HttpTestServer hook_;
  std::string config_;
};

TEST_F(ClockJump, TimersFollowElapsedTimeWhenTheWallClockStepsBackAndForward) {
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config_, "--log-level", "debug"},
                           FakeTimeEnv());
  // The late-shipment alert fires at once; the tracking one is pending for 10 s.
  ASSERT_TRUE(hook_.WaitForRequests(1, 60s)) << daemon.err();
  ASSERT_EQ(Notified("late_shipment_rate_10d"), 1u);
  ASSERT_EQ(Notified("valid_tracking_rate"), 0u);

  SetOffset("-1h");
  ASSERT_TRUE(daemon.WaitForStderr("the wall clock jumped back by 1h", 30s)) << daemon.err();
  // Nothing that fired starts in the (faked) future.
  {
    auto db = store::OpenStore(dir_.File("state"));
    ASSERT_TRUE(db) << db.error().message;
    for (const auto& r : store::AlertStateStore(**db).Load().value()) {
      EXPECT_LE(r.since, core::SystemClock().Now() - 1h + 10s) << r.rule;
    }
  }
  // Ten seconds of elapsed time after it began, not an hour and ten.
  auto fired = std::chrono::steady_clock::now() + 60s;
  while (Notified("valid_tracking_rate") == 0 && std::chrono::steady_clock::now() < fired) {
    hook_.WaitForRequests(hook_.RequestCount() + 1, 1s);
  }
  ASSERT_EQ(Notified("valid_tracking_rate"), 1u) << daemon.err();

  const std::size_t before = hook_.RequestCount();
  SetOffset("+5h");
  ASSERT_TRUE(daemon.WaitForStderr("the wall clock jumped forward by 6h", 30s)) << daemon.err();
  // Ten evaluations after the jump: no group repeated (repeat_interval 4h of elapsed time),
  // and the cancellation alert pending for 3 h has not fired.
  std::size_t evaluated = 0;
  for (auto pos = daemon.err().find("evaluated "); pos != std::string::npos;
       pos = daemon.err().find("evaluated ", pos + 1)) {
    ++evaluated;
  }
  ASSERT_TRUE(daemon.WaitForStderr("evaluated ", 30s, evaluated + 10)) << daemon.err();
  EXPECT_EQ(hook_.RequestCount(), before) << daemon.err();
  EXPECT_EQ(Notified("cancellation_rate"), 0u);

  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(30s);
  ASSERT_TRUE(code);
  EXPECT_EQ(*code, 0) << daemon.err();
}

}  // namespace
}  // namespace sellerwatch::testing
