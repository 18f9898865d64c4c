// `sellerwatch run` and `sellerwatch poll --once` end to end: events flow from a source into
// the store, a metric crosses its threshold, and the notification reaches the console and the
// JSONL file; SIGTERM stops the daemon cleanly.

#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <filesystem>
#include <sstream>

#include "core/time.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;

std::string SimulatorConfig(const TempDir& dir) {
  return SimulatorDaemonConfig(
      dir.File("state"),
      "routes: [{match: {}, receivers: [console, jsonl], group_wait: 0s, group_interval: 1s}]\n"
      "receivers:\n"
      "  - {name: console, console: {}}\n"
      "  - {name: jsonl, file: {path: " +
          dir.File("alerts.jsonl") + "}}\n");
}

TEST(DaemonCli, RunFiresAnAlertToConsoleAndFileThenStopsOnSigterm) {
  TempDir dir;
  std::string config = dir.Write("sellerwatch.yaml", SimulatorConfig(dir));
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config});
  ASSERT_TRUE(daemon.WaitForStdout("FIRING   critical shop-a: Pre-fulfilment cancel rate", 60s))
      << "stdout:\n"
      << daemon.out() << "\nstderr:\n"
      << daemon.err();
  // The same alert, as JSON, in the file receiver's group notifications (logged once written).
  bool found = false;
  std::string jsonl;
  for (std::size_t delivered = 1; !found && delivered < 20; ++delivered) {
    ASSERT_TRUE(daemon.WaitForStderr("receiver=jsonl delivered", 10s, delivered)) << daemon.err();
    jsonl = ReadFile(dir.File("alerts.jsonl"));
    std::istringstream lines(jsonl);
    for (std::string line; std::getline(lines, line);) {
      auto doc = boost::json::parse(line);
      EXPECT_EQ(doc.at("version").as_int64(), 1);
      for (const auto& alert : doc.at("alerts").as_array()) {
        if (alert.at("labels").at("rule").as_string() != "cancellation_rate" ||
            alert.at("severity").as_string() != "critical") {
          continue;
        }
        found = true;
        EXPECT_EQ(alert.at("status").as_string(), "firing");
        EXPECT_EQ(alert.at("labels").at("account").as_string(), "shop-a");
        EXPECT_EQ(alert.at("labels").at("marketplace").as_string(), "amazon");
        EXPECT_FALSE(alert.at("annotations").at("summary").as_string().empty());
      }
    }
  }
  EXPECT_TRUE(found) << jsonl;

  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(20s);
  ASSERT_TRUE(code.has_value()) << "daemon did not stop on SIGTERM\n" << daemon.err();
  EXPECT_EQ(*code, 0) << daemon.err();
  EXPECT_NE(daemon.err().find("stopped"), std::string::npos) << daemon.err();
}

TEST(DaemonCli, RestartDoesNotRepeatFiringNotifications) {
  TempDir dir;
  // One group per rule: the simulator keeps deteriorating between the runs, and a new alert
  // joining a shared group would rightly re-send that group with cancellation_rate in it.
  std::string config = dir.Write(
      "sellerwatch.yaml",
      SimulatorDaemonConfig(dir.File("state"),
                            "routes: [{match: {}, receivers: [console], group_by: [account, rule],"
                            " group_wait: 0s, group_interval: 1s}]\n"
                            "receivers:\n"
                            "  - {name: console, console: {}}\n"));
  {
    BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config});
    ASSERT_TRUE(daemon.WaitForStdout("FIRING   critical shop-a: Pre-fulfilment cancel rate", 60s))
        << daemon.err();
    daemon.Signal(SIGTERM);
    ASSERT_EQ(daemon.Wait(20s), std::optional<int>(0));
  }
  // A second run evaluates the same (still breached) data: the alert is already firing.
  auto once = Sellerwatch({"poll", "--once", "-c", config});
  EXPECT_EQ(once.exit_code, 0) << once.err;
  EXPECT_EQ(once.out.find("Pre-fulfilment cancel rate"), std::string::npos) << once.out;
}

TEST(DaemonCli, PollOnceReadsDroppedFilesOnceAndRefusesBadOnes) {
  TempDir dir;
  std::string inbox = dir.File("inbox");
  std::filesystem::create_directories(inbox);
  std::string config = dir.Write(
      "sellerwatch.yaml", "daemon: {listen: \"127.0.0.1:0\", state_dir: " + dir.File("state") +
                              "}\n"
                              "accounts:\n"
                              "  - id: shop-b\n"
                              "    marketplace: amazon\n"
                              "    sources:\n"
                              "      - {type: file, path: " +
                              inbox +
                              ", poll: 1m}\n"
                              "routes: [{match: {}, receivers: [console], "
                              "group_wait: 0s, group_interval: 1s}]\n"
                              "receivers:\n"
                              "  - {name: console, console: {}}\n");
  dir.Write(
      "inbox/2026-11-01.jsonl",
      R"({"type":"order","id":"b1","purchased_at":"2026-11-01T10:00:00Z","status":"shipped","fulfillment":"merchant","updated_at":"2026-11-01T12:00:00Z"})"
      "\n"
      R"({"type":"feedback","id":"f1","order_id":"b1","rating":5,"received_at":"2026-11-05T10:00:00Z"})"
      "\n");
  dir.Write(
      "inbox/2026-11-02.jsonl",
      R"({"type":"order","id":"b2","purchased_at":"2026-11-02T10:00:00Z","status":"shipped","fulfillment":"merchant"})"
      "\n"
      R"({"type":"order","id":"b3","purchased_at":"tomorrow","status":"shipped","fulfillment":"merchant"})"
      "\n");
  dir.Write("inbox/.partial.jsonl", "{");  // hidden: still being copied

  auto first = Sellerwatch({"poll", "--once", "-c", config});
  EXPECT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find(inbox + "/2026-11-02.jsonl:2: field 'purchased_at'"), std::string::npos)
      << first.err;
  auto db = store::OpenStore(dir.File("state"));
  ASSERT_TRUE(db);
  EXPECT_EQ(*store::EventStore(**db).Count("shop-b"), 2);  // b1 and f1; nothing from the bad file

  // Nothing new: the good file is not read again, the bad one is not re-reported.
  auto second = Sellerwatch({"poll", "--once", "-c", config});
  EXPECT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(second.err.find("2026-11-02.jsonl"), std::string::npos) << second.err;

  // Fixing the file (new content) gets it read.
  dir.Write(
      "inbox/2026-11-02.jsonl",
      R"({"type":"order","id":"b2","purchased_at":"2026-11-02T10:00:00Z","status":"shipped","fulfillment":"merchant"})"
      "\n");
  auto third = Sellerwatch({"poll", "--once", "-c", config});
  EXPECT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(*store::EventStore(**db).Count("shop-b"), 3);
}

TEST(DaemonCli, PollOnceExitsOneWhenASourceFails) {
  TempDir dir;
  std::string config = dir.Write(
      "sellerwatch.yaml", "daemon: {listen: \"127.0.0.1:0\", state_dir: " + dir.File("state") +
                              "}\n"
                              "accounts:\n"
                              "  - id: shop-c\n"
                              "    marketplace: amazon\n"
                              "    sources: [{type: file, path: " +
                              dir.File("missing-dir") +
                              "}]\n"
                              "routes: [{match: {}, receivers: [console], group_wait: 0s}]\n"
                              "receivers: [{name: console, console: {}}]\n");
  auto r = Sellerwatch({"poll", "--once", "-c", config});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("source=shop-c/file poll failed"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("missing-dir"), std::string::npos) << r.err;
}

TEST(DaemonCli, RunningDaemonSeesEventsImportedBehindItsBack) {
  TempDir dir;
  std::string config = dir.Write(
      "sellerwatch.yaml", "daemon: {listen: \"127.0.0.1:0\", state_dir: " + dir.File("state") +
                              ", evaluation_interval: 300ms}\n"
                              "accounts: [{id: shop-d, marketplace: amazon}]\n"
                              "routes: [{match: {}, receivers: [console], group_wait: 0s}]\n"
                              "receivers: [{name: console, console: {}}]\n");
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config});
  ASSERT_TRUE(daemon.WaitForStderr("started", 30s)) << daemon.err();
  // 20 merchant orders of the last days, 2 cancelled by the seller: 10 % >= 2.5 %.
  std::string lines;
  auto now = std::chrono::system_clock::now();
  for (int i = 0; i < 20; ++i) {
    auto purchased = core::FormatRfc3339(std::chrono::time_point_cast<core::Duration>(
        now - std::chrono::hours(24) - std::chrono::minutes(i)));
    lines += R"({"type":"order","id":"d)" + std::to_string(i) + R"(","purchased_at":")" +
             purchased + R"(","fulfillment":"merchant","status":")" +
             (i < 2 ? R"(cancelled","cancel_initiator":"seller"})" : R"(shipped"})") + "\n";
  }
  std::string file = dir.Write("orders.jsonl", lines);
  auto imported = Sellerwatch({"import", "--account", "shop-d", "-c", config, file});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_TRUE(daemon.WaitForStdout(
      "FIRING   critical shop-d: Pre-fulfilment cancel rate (7 days) is 10%", 30s))
      << daemon.out() << daemon.err();
  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.Wait(20s), std::optional<int>(0));
}

TEST(DaemonCli, VersionAndUsage) {
  auto v = Sellerwatch({"--version"});
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_NE(v.out.find("sellerwatch "), std::string::npos);
  auto none = Sellerwatch({});
  EXPECT_EQ(none.exit_code, 64);
  auto poll = Sellerwatch({"poll"});
  EXPECT_EQ(poll.exit_code, 64);
}

}  // namespace
}  // namespace sellerwatch::testing
