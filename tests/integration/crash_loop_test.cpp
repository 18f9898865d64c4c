// Crash loop (issue 17): the daemon SIGKILLed 30 times at random moments while a simulated shop
// and dropped files deliver data and a webhook counts what arrives. Afterwards every queued
// notification was delivered, only a send in flight at a kill came twice (same webhook-id),
// the store is intact and no dropped file was skipped.

#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "fakes/http_test_server.hpp"
#include "fakes/process.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;

constexpr int kKills = 30;
constexpr int kOrdersPerFile = 5;

std::size_t CountOf(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto pos = text.find(what); pos != std::string::npos; pos = text.find(what, pos + 1)) ++n;
  return n;
}

class CrashLoop : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_.File("inbox"));
    config_ = SimulatorDaemonConfig(dir_.File("state"),
                                    "  - id: acme-files\n"
                                    "    marketplace: amazon\n"
                                    "    sources:\n"
                                    "      - {type: file, path: " +
                                        dir_.File("inbox") +
                                        ", poll: 200ms}\n"
                                        "receivers:\n"
                                        "  - name: hook\n"
                                        "    webhook: {url: \"" +
                                        hook_.Url("/hook") +
                                        "\"}\n"
                                        "routes:\n"
                                        "  - receivers: [hook]\n"
                                        "    group_by: [account, rule]\n"
                                        "    group_wait: 0s\n"
                                        "    group_interval: 1s\n");
    config_path_ = dir_.Write("sellerwatch.yaml", config_);
  }

  // A file of orders for acme-files, renamed into the inbox whole.
  void DropFile(int n) {
    std::string lines;
    for (int i = 0; i < kOrdersPerFile; ++i) {
      std::string id = "f" + std::to_string(n) + "-" + std::to_string(i);
      lines += R"({"type":"order","account":"acme-files","id":")" + id +
               R"(","purchased_at":"2026-11-20T10:00:00Z","status":"shipped",)"
               R"("fulfillment":"merchant","ship_by":"2026-11-22T10:00:00Z",)"
               R"("shipped_at":"2026-11-21T10:00:00Z","tracking_valid":true,)"
               R"("updated_at":"2026-11-21T10:00:00Z"})"
               "\n";
    }
    std::string tmp = dir_.Write("drop-" + std::to_string(n) + ".jsonl", lines);
    std::filesystem::rename(tmp, dir_.File("inbox/drop-" + std::to_string(n) + ".jsonl"));
  }

  std::vector<std::string> Args() {
    return {SellerwatchBinary(), "run", "-c", config_path_, "--log-level", "debug"};
  }

  TempDir dir_;
  HttpTestServer hook_;
  std::string config_;
  std::string config_path_;
};

TEST_F(CrashLoop, ThirtyKillsLoseNothingAndRepeatOnlyWhatWasInFlight) {
  const unsigned seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  int files = 0;
  for (int kill = 0; kill < kKills; ++kill) {
    if (kill % 3 == 0) DropFile(files++);
    BackgroundProcess daemon(Args());
    // A random moment: after 1 to 60 more lines of its (debug) log, at most 5 s.
    std::size_t lines = std::uniform_int_distribution<std::size_t>(1, 60)(rng);
    daemon.WaitForStderr("\n", 5s, lines);
    daemon.Signal(SIGKILL);
    ASSERT_TRUE(daemon.Wait(10s)) << "kill " << kill;
  }

  // One last run until everything queued is delivered and every file is in.
  BackgroundProcess daemon(Args());
  auto done = [&] {
    auto db = store::OpenStore(dir_.File("state"));
    if (!db) return false;
    auto counts = store::OutboxStore(**db).Counts();
    auto stored = store::EventStore(**db).Count("acme-files");
    return counts && counts->pending + counts->sending == 0 && stored &&
           *stored == files * kOrdersPerFile && hook_.RequestCount() > 0;
  };
  auto deadline = std::chrono::steady_clock::now() + 90s;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    daemon.WaitForStderr("\n", 1s, CountOf(daemon.err(), "\n") + 1);
  }
  daemon.Signal(SIGTERM);
  ASSERT_TRUE(daemon.Wait(30s));
  ASSERT_TRUE(done()) << daemon.err().substr(daemon.err().size() > 4000 ? daemon.err().size() - 4000
                                                                        : 0);

  auto db = store::OpenStore(dir_.File("state"));
  ASSERT_TRUE(db) << db.error().message;
  auto check = (*db)->Cached("PRAGMA integrity_check");
  ASSERT_TRUE(check);
  ASSERT_TRUE((*check)->Step().value());
  EXPECT_EQ((*check)->Text(0), "ok");
  (*check)->Reset();
  EXPECT_EQ(store::EventStore(**db).Count("acme-files").value(), files * kOrdersPerFile);

  // Every leg delivered; every webhook-id received is a leg's; repeats at most one per kill.
  std::set<std::string> keys;
  auto legs = store::OutboxStore(**db).QueuedSince("hook", core::Timestamp{});
  ASSERT_TRUE(legs) << legs.error().message;
  for (const auto& leg : *legs) {
    EXPECT_EQ(leg.status, store::LegStatus::kDelivered) << leg.key << ": " << leg.last_error;
    keys.insert(leg.key);
  }
  std::map<std::string, int> received;
  for (const auto& r : hook_.Requests()) ++received[r.Header("webhook-id").value_or("")];
  int repeats = 0;
  for (const auto& [id, n] : received) {
    EXPECT_TRUE(keys.contains(id)) << "unknown webhook-id " << id;
    repeats += n - 1;
  }
  for (const auto& key : keys) EXPECT_TRUE(received.contains(key)) << "never received: " << key;
  EXPECT_LE(repeats, kKills);
  EXPECT_GT(keys.size(), 3u) << "the soak produced too few notifications to mean anything";
}

}  // namespace
}  // namespace sellerwatch::testing
