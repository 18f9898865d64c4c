// SIGHUP reloads the config in the running daemon: a valid change applies without losing the
// alerts that are firing or the notifications waiting in the outbox; an invalid one keeps the
// old config running and tells the receivers with `config_reload_failed`.

#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <iostream>
#include <sstream>

#include "fakes/http_test_server.hpp"
#include "fakes/resident_memory.hpp"
#include "fakes/sanitizers.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;

// A deteriorating shop; `receivers` of the one route; `jsonl` and `late` write JSONL files,
// `down` is a webhook at `down_url` (answering 503, its notifications wait in the outbox).
std::string Config(const TempDir& dir, const std::string& receivers,
                   const std::string& extra_rules = "",
                   const std::string& down_url = "http://127.0.0.1:9/unused") {
  return SimulatorDaemonConfig(dir.File("state"),
                               extra_rules + "routes: [{match: {}, receivers: " + receivers +
                                   ", group_wait: 0s, group_interval: 1s}]\n"
                                   "receivers:\n"
                                   "  - {name: jsonl, file: {path: " +
                                   dir.File("alerts.jsonl") +
                                   "}}\n"
                                   "  - {name: late, file: {path: " +
                                   dir.File("late.jsonl") +
                                   "}}\n"
                                   "  - {name: down, webhook: {url: \"" +
                                   down_url + "\", timeout: 1s}}\n");
}

// (rule, status) of every alert in a JSONL receiver file.
std::vector<std::pair<std::string, std::string>> Alerts(const std::string& jsonl) {
  std::vector<std::pair<std::string, std::string>> out;
  std::istringstream lines(jsonl);
  for (std::string line; std::getline(lines, line);) {
    auto doc = boost::json::parse(line);
    for (const auto& a : doc.at("alerts").as_array()) {
      out.emplace_back(std::string(a.at("labels").at("rule").as_string()),
                       std::string(a.at("status").as_string()));
    }
  }
  return out;
}

std::int64_t PendingFor(const TempDir& dir, const std::string& receiver) {
  auto db = store::OpenStore(dir.File("state"));
  EXPECT_TRUE(db);
  auto due = store::OutboxStore(**db).Due(core::Timestamp::max(), 10000);
  EXPECT_TRUE(due);
  std::int64_t n = 0;
  for (const auto& leg : *due) n += leg.receiver == receiver;
  return n;
}

TEST(Reload, ValidChangeKeepsFiringAlertsAndQueuedNotifications) {
  HttpTestServer unavailable;
  unavailable.SetHandler([](const RecordedRequest&) { return ScriptedResponse{.status = 503}; });
  TempDir dir;
  std::string path =
      dir.Write("sellerwatch.yaml", Config(dir, "[jsonl, down]", "", unavailable.Url("/hook")));
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", path});
  ASSERT_TRUE(daemon.WaitForStderr("receiver=jsonl delivered", 60s)) << daemon.err();
  ASSERT_TRUE(daemon.WaitForStderr("receiver=down", 30s)) << daemon.err();  // first try failed
  std::int64_t queued = PendingFor(dir, "down");
  ASSERT_GT(queued, 0);

  // A receiver joins the route.
  dir.Write("sellerwatch.yaml", Config(dir, "[jsonl, down, late]", "", unavailable.Url("/hook")));
  daemon.Signal(SIGHUP);
  ASSERT_TRUE(daemon.WaitForStderr("reloaded: 1 accounts, 1 sources, 3 receivers", 20s))
      << daemon.err();
  // The newcomer hears what is firing; nothing was resolved by the reload itself.
  ASSERT_TRUE(daemon.WaitForStderr("receiver=late delivered", 30s)) << daemon.err();
  auto late = Alerts(ReadFile(dir.File("late.jsonl")));
  ASSERT_FALSE(late.empty());
  EXPECT_EQ(late.front().second, "firing");
  for (const auto& [rule, status] : Alerts(ReadFile(dir.File("alerts.jsonl")))) {
    EXPECT_NE(status, "resolved") << rule;
  }
  // The notifications waiting for the dead webhook are all still there.
  EXPECT_GE(PendingFor(dir, "down"), queued);
  EXPECT_EQ(daemon.err().find("is no longer configured"), std::string::npos) << daemon.err();

  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(30s);
  ASSERT_TRUE(code.has_value()) << daemon.err();
  EXPECT_EQ(*code, 0) << daemon.err();
}

TEST(Reload, InvalidChangeKeepsTheOldConfigAndRaisesConfigReloadFailed) {
  TempDir dir;
  std::string path = dir.Write("sellerwatch.yaml", Config(dir, "[jsonl]"));
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", path});
  ASSERT_TRUE(daemon.WaitForStderr("receiver=jsonl delivered", 60s)) << daemon.err();

  std::string bad = Config(dir, "[jsonl]",
                           "rules:\n"
                           "  - {name: typo, metric: order_defect_rat, warn: 0.5%}\n");
  dir.Write("sellerwatch.yaml", bad);
  auto check = Sellerwatch({"check-config", "-c", path});
  EXPECT_EQ(check.exit_code, 78) << check.err;

  daemon.Signal(SIGHUP);
  ASSERT_TRUE(daemon.WaitForStderr("reload failed, the running config stays", 20s)) << daemon.err();
  // Every problem is named with its place in the file.
  EXPECT_NE(daemon.err().find("sellerwatch.yaml:"), std::string::npos) << daemon.err();
  EXPECT_NE(daemon.err().find("order_defect_rat"), std::string::npos) << daemon.err();

  // The receivers are told, and the daemon goes on under the old config.
  bool told = false;
  for (std::size_t n = 2; !told && n < 40; ++n) {
    ASSERT_TRUE(daemon.WaitForStderr("receiver=jsonl delivered", 20s, n)) << daemon.err();
    for (const auto& [rule, status] : Alerts(ReadFile(dir.File("alerts.jsonl")))) {
      told = told || rule == "config_reload_failed";
    }
  }
  EXPECT_TRUE(told) << ReadFile(dir.File("alerts.jsonl"));

  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(30s);
  ASSERT_TRUE(code.has_value()) << daemon.err();
  EXPECT_EQ(*code, 0) << daemon.err();
}

TEST(Reload, JsonLogFormatCarriesFields) {
  TempDir dir;
  std::string path = dir.Write("sellerwatch.yaml", Config(dir, "[jsonl]"));
  BackgroundProcess daemon({SellerwatchBinary(), "run", "--log-format", "json", "-c", path});
  ASSERT_TRUE(daemon.WaitForStderr("receiver=jsonl delivered", 60s)) << daemon.err();
  daemon.Signal(SIGTERM);
  ASSERT_TRUE(daemon.Wait(30s).has_value());
  bool with_receiver = false;
  std::istringstream lines(daemon.err());
  for (std::string line; std::getline(lines, line);) {
    auto doc = boost::json::parse(line).as_object();  // every line is one JSON object
    EXPECT_TRUE(doc.contains("ts") && doc.contains("level") && doc.contains("msg")) << line;
    if (doc.contains("receiver")) {
      with_receiver = true;
      EXPECT_EQ(doc.at("receiver").as_string(), "jsonl") << line;
    }
  }
  EXPECT_TRUE(with_receiver) << daemon.err();
}

// Months of reloads in a few seconds: each one restarts a source, adds or removes an account
// and moves the digest. Tasks and memory stay where they were after the first reloads.
TEST(Reload, TwoHundredReloadsLeaveMemoryAndTasksFlat) {
  TempDir dir;
  auto config = [&](int reload) {
    const bool odd = reload % 2 == 1;
    std::string yaml =
        "daemon: {listen: \"127.0.0.1:0\", state_dir: " + dir.File("state") +
        ", evaluation_interval: 500ms}\n"
        "accounts:\n"
        "  - {id: shop-a, marketplace: amazon, sources: [{type: simulator, seed: 42, "
        "orders_per_day: 10, scenario: deteriorating, poll: " +
        std::string(odd ? "300ms" : "200ms") + "}]}\n";
    if (odd) {
      yaml += "  - {id: shop-b, marketplace: ebay, sources: [{type: simulator, seed: 7}]}\n";
    }
    return yaml + "routes: [{match: {}, receivers: [jsonl]}]\n" +
           "receivers: [{name: jsonl, file: {path: " + dir.File("alerts.jsonl") + "}}]\n" +
           "digest: {schedule: \"" + (odd ? "Sun" : "Sat") + " 09:00\", receivers: [jsonl]}\n";
  };
  const std::string path = dir.Write("sellerwatch.yaml", config(0));
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", path});
  ASSERT_TRUE(daemon.WaitForStderr("http endpoint listening on 127.0.0.1:", 30s)) << daemon.err();
  const std::uint16_t port = LoggedPort(daemon.err());
  auto reload = [&](int n) {
    dir.Write("sellerwatch.yaml", config(n));
    daemon.Signal(SIGHUP);
    return daemon.WaitForStderr("reloaded: ", 30s, static_cast<std::size_t>(n));
  };

  constexpr int kWarmUp = 50;
  constexpr int kReloads = 200;
  for (int n = 1; n <= kWarmUp; ++n) ASSERT_TRUE(reload(n)) << "reload " << n << daemon.err();
  const auto tasks_before = MetricSample(port, "sellerwatch_tasks");
  const std::int64_t rss_before = ResidentKiB(daemon.pid());
  for (int n = kWarmUp + 1; n <= kReloads; ++n) {
    ASSERT_TRUE(reload(n)) << "reload " << n << daemon.err();
  }
  EXPECT_EQ(MetricSample(port, "sellerwatch_config_reloads_total"), kReloads);
  // Same config as at the warm-up's end (both even): the evaluation, group, delivery,
  // re-send and digest loops and one poller per source.
  ASSERT_TRUE(tasks_before.has_value());
  EXPECT_EQ(*tasks_before, 6);
  EXPECT_EQ(MetricSample(port, "sellerwatch_tasks"), tasks_before);
  const std::int64_t rss_after = ResidentKiB(daemon.pid());
  std::cout << "RSS after " << kWarmUp << " reloads " << rss_before << " KiB, after " << kReloads
            << " " << rss_after << " KiB\n";
  if (!kAddressSanitizer) {  // ASan holds freed memory back in its quarantine
    EXPECT_LT(rss_after - rss_before, 2 * 1024)
        << "KiB grown over " << kReloads - kWarmUp << " reloads";
  }
  EXPECT_EQ(daemon.err().find("stopped unexpectedly"), std::string::npos) << daemon.err();

  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(30s);
  ASSERT_TRUE(code.has_value()) << daemon.err();
  EXPECT_EQ(*code, 0) << daemon.err();
}

}  // namespace
}  // namespace sellerwatch::testing
