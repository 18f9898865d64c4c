// Issue 15's whole deployment, as an agency runs it: 2 shards × 2 replicas of the real daemon on
// ONE config file (file sources shared by all four, each replica its own store), every one
// posting to a real two-peer Alertmanager cluster that notifies one webhook sink. Each alert
// arrives once; each account is watched by exactly one shard; the loss of an Alertmanager peer
// or of a sellerwatch replica loses nothing and repeats nothing; a cleared breach resolves once.

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>

#include "core/clock.hpp"
#include "core/shard.hpp"
#include "core/time.hpp"
#include "fakes/alertmanager_cluster.hpp"
#include "fakes/raw_http_client.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;

constexpr std::size_t kShards = 2;
constexpr std::size_t kReplicas = 2;

std::string Rfc3339(std::chrono::system_clock::time_point t) {
  return core::FormatRfc3339(std::chrono::time_point_cast<core::Duration>(t));
}

// `count` merchant orders of the last day, the first `cancelled` of them cancelled by the
// seller. 20 with 2 cancelled: cancellation_rate 10 %, critical (limit 2.5 %).
std::string Orders(const std::string& prefix, int count, int cancelled) {
  std::string lines;
  auto now = std::chrono::system_clock::now();
  for (int i = 0; i < count; ++i) {
    lines += R"({"type":"order","id":")" + prefix + std::to_string(i) + R"(","purchased_at":")" +
             Rfc3339(now - 20h - std::chrono::seconds(i)) +
             R"(","fulfillment":"merchant","status":")" +
             (i < cancelled ? R"(cancelled","cancel_initiator":"seller"})" : R"(shipped"})") + "\n";
  }
  return lines;
}

// Three account ids per shard, found by the same hashmod the daemon uses.
std::vector<std::vector<std::string>> AccountsByShard() {
  std::vector<std::vector<std::string>> by_shard(kShards);
  for (int i = 0; by_shard[0].size() < 3 || by_shard[1].size() < 3; ++i) {
    std::string id = "shop-" + std::to_string(i);
    for (std::uint64_t s = 0; s < kShards; ++s) {
      if (core::Owns({s, kShards}, id) && by_shard[s].size() < 3) by_shard[s].push_back(id);
    }
  }
  return by_shard;
}

bool IsAlertOf(const SinkAlert& a, const std::string& status, const std::string& account) {
  return a.status == status && a.labels.count("alertname") &&
         a.labels.at("alertname") == "cancellation_rate" && a.labels.count("account") &&
         a.labels.at("account") == account;
}

std::size_t CountOf(const std::vector<SinkAlert>& alerts, const std::string& status,
                    const std::string& account) {
  return std::count_if(alerts.begin(), alerts.end(),
                       [&](const SinkAlert& a) { return IsAlertOf(a, status, account); });
}

// Every notified alert, for failure messages.
std::string Describe(const std::vector<SinkAlert>& alerts) {
  std::string out;
  for (const auto& a : alerts) {
    out += a.status + " {";
    for (const auto& [k, v] : a.labels) out += k + "=" + v + " ";
    out += "}\n";
  }
  return out;
}

// The agency's fleet: one config, every account a file inbox, one alertmanager receiver with
// both peers.
class Fleet {
 public:
  explicit Fleet(const AlertmanagerCluster& am) : accounts_(AccountsByShard()) {
    std::string accounts;
    for (const auto& shard : accounts_) {
      for (const auto& id : shard) {
        std::filesystem::create_directories(dir_.File("inbox/" + id));
        accounts += "  - id: " + id +
                    "\n    marketplace: amazon\n    sources: [{type: file, path: " +
                    dir_.File("inbox/" + id) + ", poll: 200ms}]\n";
      }
    }
    config_ = dir_.Write("sellerwatch.yaml",
                         "daemon:\n  listen: \"127.0.0.1:0\"\n  state_dir: " + dir_.File("state") +
                             "\n  evaluation_interval: 500ms\naccounts:\n" + accounts +
                             "routes: [{match: {}, receivers: [am], group_by: [account], "
                             "group_wait: 0s, group_interval: 1s}]\n"
                             "receivers:\n  - name: am\n    alertmanager: {urls: " +
                             am.UrlsYaml() + ", resend_interval: 2s, timeout: 5s}\n");
  }

  // The account ids shard `s` owns.
  const std::vector<std::string>& Owned(std::size_t s) const { return accounts_[s]; }

  // Drops a file into the account's inbox, the way a seller's download lands.
  void Deliver(const std::string& account, const std::string& name, const std::string& jsonl) {
    dir_.Write("inbox/" + account + "/" + name + ".tmp", jsonl);
    std::filesystem::rename(dir_.File("inbox/" + account + "/" + name + ".tmp"),
                            dir_.File("inbox/" + account + "/" + name));
  }

  // Replica r of shard s: `run --shard s/2` with a store of its own.
  void Start(std::size_t s, std::size_t r) {
    daemons_[{s, r}] = std::make_unique<BackgroundProcess>(std::vector<std::string>{
        SellerwatchBinary(), "run", "-c", config_, "--shard",
        std::to_string(s) + "/" + std::to_string(kShards), "--state-dir",
        dir_.File("state-" + std::to_string(s) + "-" + std::to_string(r))});
  }
  BackgroundProcess& Daemon(std::size_t s, std::size_t r) { return *daemons_.at({s, r}); }

  void Kill(std::size_t s, std::size_t r) {
    Daemon(s, r).Signal(SIGKILL);
    Daemon(s, r).Wait(10s);
    daemons_.erase({s, r});
  }

  // Reads what the daemons logged so far, so none blocks on a full pipe while the test waits
  // elsewhere.
  void Drain() {
    for (auto& [key, daemon] : daemons_) daemon->WaitForStderr("\x01", 1ms);
  }

  // GET /metrics of a replica; empty when it does not answer.
  std::string Metrics(std::size_t s, std::size_t r) {
    auto& daemon = Daemon(s, r);
    if (!daemon.WaitForStderr("http endpoint listening on 127.0.0.1:", 30s)) return {};
    return testing::Metrics(LoggedPort(daemon.err()));
  }

  std::string Logs() {
    std::string out;
    for (auto& [key, daemon] : daemons_) {
      out += "--- shard " + std::to_string(key.first) + " replica " + std::to_string(key.second) +
             " ---\n" + daemon->err();
    }
    return out;
  }

  ~Fleet() {
    for (auto& [key, daemon] : daemons_) daemon->Signal(SIGTERM);
    for (auto& [key, daemon] : daemons_) daemon->Wait(20s);
  }

 private:
  TempDir dir_;
  std::vector<std::vector<std::string>> accounts_;
  std::string config_;
  std::map<std::pair<std::size_t, std::size_t>, std::unique_ptr<BackgroundProcess>> daemons_;
};

// Waits (draining the daemons' logs) until every account in `accounts` has `n` notifications of
// `status`, then watches one dedupe window more for a duplicate.
bool WaitForNotices(const AlertmanagerCluster& am, Fleet& fleet, const std::string& status,
                    const std::vector<std::string>& accounts, std::chrono::milliseconds timeout) {
  bool all = am.WaitForSink(
      [&](const std::vector<SinkAlert>& alerts) {
        fleet.Drain();
        return std::all_of(accounts.begin(), accounts.end(),
                           [&](const std::string& id) { return CountOf(alerts, status, id) >= 1; });
      },
      timeout);
  am.WaitForSink(
      [&](const auto&) {
        fleet.Drain();
        return false;
      },
      am.DedupeWindow() + 2s);  // a peer's duplicate, or a second replica's late one
  return all;
}

// Whether peer i holds the account's alert as active with an endsAt still in the future.
bool ActiveOn(const AlertmanagerCluster& am, std::size_t i, const std::string& account) {
  auto alerts = am.Alerts(i);
  if (!alerts) return false;
  for (const auto& a : *alerts) {
    const auto& labels = a.at("labels").as_object();
    if (!labels.contains("account") || labels.at("account").as_string() != account ||
        labels.at("alertname") != "cancellation_rate" || a.at("status").at("state") != "active") {
      continue;
    }
    auto ends = core::ParseRfc3339(a.at("endsAt").as_string());
    return ends && *ends > core::SystemClock().Now();
  }
  return false;
}

TEST(FleetHa, TwoShardsTimesTwoReplicasBehindAnAlertmanagerCluster) {
  // Margins for six processes on two cores: replicas of a shard may see a recovery seconds
  // apart, and the slower one's re-send of the firing alert must reach Alertmanager before the
  // group's resolved notice goes out (group_interval, as README's HA advice says); a peer slowed
  // by the load must still gossip its notification log within the second peer's wait.
  AlertmanagerCluster am(
      AlertmanagerCluster::Options{.group_interval = "4s", .peer_timeout = "3s"});
  ASSERT_TRUE(am.Start()) << am.Logs();
  Fleet fleet(am);
  // Account 0 of each shard breaches from the start.
  std::vector<std::string> first = {fleet.Owned(0)[0], fleet.Owned(1)[0]};
  for (const auto& id : first) fleet.Deliver(id, "orders.jsonl", Orders(id + "-", 20, 2));
  for (std::size_t s = 0; s < kShards; ++s) {
    for (std::size_t r = 0; r < kReplicas; ++r) fleet.Start(s, r);
  }

  // 1. Four daemons, two of them watching each account: each alert arrives exactly once.
  ASSERT_TRUE(WaitForNotices(am, fleet, "firing", first, 60s))
      << Describe(am.SinkAlerts()) << fleet.Logs() << am.Logs();
  auto alerts = am.SinkAlerts();
  for (const auto& id : first) EXPECT_EQ(CountOf(alerts, "firing", id), 1u) << Describe(alerts);

  // 2. Each account is in exactly one shard's /metrics: both replicas of its shard, no other.
  for (std::size_t s = 0; s < kShards; ++s) {
    for (std::size_t r = 0; r < kReplicas; ++r) {
      std::string metrics = fleet.Metrics(s, r);
      ASSERT_FALSE(metrics.empty()) << fleet.Logs();
      EXPECT_NE(metrics.find("sellerwatch_shard_info{shard=\"" + std::to_string(s) +
                             "\",shards=\"2\"} 1"),
                std::string::npos)
          << metrics;
      for (std::size_t owner = 0; owner < kShards; ++owner) {
        for (const auto& id : fleet.Owned(owner)) {
          bool shown = metrics.find("account=\"" + id + "\"") != std::string::npos;
          EXPECT_EQ(shown, owner == s) << id << " in /metrics of shard " << s << " replica " << r;
        }
      }
    }
  }

  // 3. An Alertmanager peer dies; a new breach in each shard still arrives, once.
  am.Kill(0);
  std::vector<std::string> second = {fleet.Owned(0)[1], fleet.Owned(1)[1]};
  for (const auto& id : second) fleet.Deliver(id, "orders.jsonl", Orders(id + "-", 20, 2));
  ASSERT_TRUE(WaitForNotices(am, fleet, "firing", second, 60s))
      << Describe(am.SinkAlerts()) << fleet.Logs() << am.Logs();
  alerts = am.SinkAlerts();
  for (const auto& id : second) EXPECT_EQ(CountOf(alerts, "firing", id), 1u) << Describe(alerts);

  // 4. A sellerwatch replica dies: shard 0's alerts stay active through its twin, past the
  //    endsAt the dead one last sent (now + 4 × 2 s), and nothing of them resolves.
  fleet.Kill(0, 0);
  auto killed_at = std::chrono::steady_clock::now();

  // 5. Meanwhile shard 1's first account recovers (200 more good orders: 2 of 220 is 0.9 %):
  //    exactly one resolved notice, though both its replicas resolve it.
  fleet.Deliver(first[1], "more-orders.jsonl", Orders(first[1] + "-more-", 200, 0));
  ASSERT_TRUE(WaitForNotices(am, fleet, "resolved", {first[1]}, 60s))
      << Describe(am.SinkAlerts()) << fleet.Logs() << am.Logs();

  // The dead replica's last endsAt is at most 8 s after its death; wait past it.
  am.WaitForSink(
      [&](const auto&) {
        fleet.Drain();
        return std::chrono::steady_clock::now() - killed_at > 10s;
      },
      15s);
  for (const auto& id : {fleet.Owned(0)[0], fleet.Owned(0)[1]}) {
    EXPECT_TRUE(ActiveOn(am, 1, id)) << id << "\n" << fleet.Logs() << am.Logs();
  }
  alerts = am.SinkAlerts();
  EXPECT_EQ(CountOf(alerts, "resolved", first[1]), 1u) << Describe(alerts);
  for (const auto& id : {fleet.Owned(0)[0], fleet.Owned(0)[1], fleet.Owned(1)[1]}) {
    EXPECT_EQ(CountOf(alerts, "resolved", id), 0u) << id << "\n" << Describe(alerts);
    EXPECT_EQ(CountOf(alerts, "firing", id), 1u) << id << "\n" << Describe(alerts);
  }
  // The accounts that never breached were never notified.
  for (std::size_t s = 0; s < kShards; ++s) {
    const auto& quiet = fleet.Owned(s)[2];
    EXPECT_EQ(CountOf(alerts, "firing", quiet), 0u) << quiet << "\n" << Describe(alerts);
  }
}

}  // namespace
}  // namespace sellerwatch::testing
