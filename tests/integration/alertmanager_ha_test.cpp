// High availability through Alertmanager (DESIGN.md §5), against a real two-peer Alertmanager
// cluster (tests/fakes/alertmanager_cluster.hpp) and the real daemon: the `alertmanager`
// receiver posts to every peer, the cluster dedupes, a dead peer is no lost notification, and
// re-sends keep a restarted peer informed with a short endsAt.

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "core/time.hpp"
#include "fakes/alertmanager_cluster.hpp"
#include "fakes/run_awaitable.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;

std::uint16_t FreePort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

// 20 merchant orders of the last day, 2 cancelled by the seller: cancellation_rate 10 %,
// critical (limit 2.5 %).
std::string BreachingOrders(const std::string& prefix) {
  std::string lines;
  auto now = std::chrono::system_clock::now();
  for (int i = 0; i < 20; ++i) {
    auto purchased = core::FormatRfc3339(std::chrono::time_point_cast<core::Duration>(
        now - std::chrono::hours(20) - std::chrono::minutes(i)));
    lines += R"({"type":"order","id":")" + prefix + std::to_string(i) + R"(","purchased_at":")" +
             purchased + R"(","fulfillment":"merchant","status":")" +
             (i < 2 ? R"(cancelled","cancel_initiator":"seller"})" : R"(shipped"})") + "\n";
  }
  return lines;
}

// A daemon watching shop-a and shop-b (a file inbox each), routing everything to one
// alertmanager receiver with every peer of `am`.
class Watcher {
 public:
  Watcher(const AlertmanagerCluster& am, const std::string& resend_interval) : port_(FreePort()) {
    for (const char* inbox : {"inbox-a", "inbox-b"})
      std::filesystem::create_directories(dir_.File(inbox));
    std::string accounts;
    for (const char* shop : {"a", "b"}) {
      accounts += std::string("  - id: shop-") + shop +
                  "\n    marketplace: amazon\n    sources: [{type: file, path: " +
                  dir_.File(std::string("inbox-") + shop) + ", poll: 200ms}]\n";
    }
    config_ = dir_.Write(
        "sellerwatch.yaml",
        "daemon:\n  listen: \"127.0.0.1:" + std::to_string(port_) +
            "\"\n  state_dir: " + dir_.File("state") +
            "\n  evaluation_interval: 500ms\n"
            "accounts:\n" +
            accounts +
            "routes: [{match: {}, receivers: [am], group_by: [account], group_wait: 0s, "
            "group_interval: 1s}]\n"
            "receivers:\n"
            "  - name: am\n"
            "    alertmanager: {urls: " +
            am.UrlsYaml() + ", resend_interval: " + resend_interval + ", timeout: 5s}\n");
  }

  void Breach(const std::string& shop) {
    dir_.Write("inbox-" + shop + "/orders.jsonl", BreachingOrders(shop + "-"));
  }
  void Start() {
    daemon_ = std::make_unique<BackgroundProcess>(
        std::vector<std::string>{SellerwatchBinary(), "run", "-c", config_});
  }
  BackgroundProcess& daemon() { return *daemon_; }
  std::uint16_t port() const { return port_; }

  // GET /metrics.
  std::string Metrics() {
    boost::asio::io_context io;
    std::optional<net::CurlMulti> curl(std::in_place, io);
    net::HttpClient http(*curl);
    net::HttpRequest get;
    get.url = "http://127.0.0.1:" + std::to_string(port_) + "/metrics";
    auto response = RunAwaitable(io, http.Send(std::move(get)));
    curl.reset();
    return response && response->status == 200 ? response->body : std::string();
  }

  ~Watcher() {
    if (!daemon_) return;
    daemon_->Signal(SIGTERM);
    daemon_->Wait(20s);
  }

 private:
  TempDir dir_;
  std::uint16_t port_;
  std::string config_;
  std::unique_ptr<BackgroundProcess> daemon_;
};

// The value of the sample `series` in a /metrics text; -1 when absent.
double Sample(const std::string& metrics, const std::string& series) {
  auto at = metrics.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(metrics.substr(at + series.size() + 2));
}

bool IsCancellationAlert(const SinkAlert& a, const std::string& account) {
  return a.status == "firing" && a.labels.count("alertname") &&
         a.labels.at("alertname") == "cancellation_rate" && a.labels.at("account") == account;
}

// Firing notifications per alert (its label set): the cluster must have sent each once.
std::map<std::map<std::string, std::string>, int> FiringCounts(const AlertmanagerCluster& am) {
  std::map<std::map<std::string, std::string>, int> counts;
  for (const auto& a : am.SinkAlerts()) {
    if (a.status == "firing") ++counts[a.labels];
  }
  return counts;
}

std::string Describe(const std::map<std::map<std::string, std::string>, int>& counts) {
  std::string out;
  for (const auto& [labels, n] : counts) {
    out += std::to_string(n) + "x {";
    for (const auto& [k, v] : labels) out += k + "=" + v + " ";
    out += "}\n";
  }
  return out;
}

// (a) the same alert posted to both peers is notified once; (b) with peer 0 (the one that
// notifies first) killed, a new alert still arrives once through peer 1 and its leg counts as
// delivered.
TEST(AlertmanagerHa, TwoPeersNotifyOnceAndSurviveTheLossOfOne) {
  AlertmanagerCluster am;
  ASSERT_TRUE(am.Start()) << am.Logs();
  Watcher sw(am, "2s");
  sw.Breach("a");
  sw.Start();

  ASSERT_TRUE(am.WaitForSink(
      [](const auto& alerts) {
        return std::any_of(alerts.begin(), alerts.end(),
                           [](const SinkAlert& a) { return IsCancellationAlert(a, "shop-a"); });
      },
      30s))
      << sw.daemon().err() << am.Logs();
  // A duplicate from the other peer would come within the dedupe window.
  am.WaitForSink([](const auto&) { return false; }, am.DedupeWindow());
  auto counts = FiringCounts(am);
  for (const auto& [labels, n] : counts) EXPECT_EQ(n, 1) << Describe(counts);

  ASSERT_TRUE(sw.daemon().WaitForStderr("receiver=am delivered", 5s)) << sw.daemon().err();
  std::size_t delivered = 1;
  while (sw.daemon().WaitForStderr("receiver=am delivered", 100ms, delivered + 1)) ++delivered;

  am.Kill(0);
  sw.Breach("b");
  ASSERT_TRUE(am.WaitForSink(
      [](const auto& alerts) {
        return std::any_of(alerts.begin(), alerts.end(),
                           [](const SinkAlert& a) { return IsCancellationAlert(a, "shop-b"); });
      },
      30s))
      << sw.daemon().err() << am.Logs();
  am.WaitForSink([](const auto&) { return false; }, am.DedupeWindow());
  counts = FiringCounts(am);
  for (const auto& [labels, n] : counts) EXPECT_EQ(n, 1) << Describe(counts);

  // shop-b's leg went out while peer 0 was dead: delivered (by peer 1), not retried.
  EXPECT_TRUE(sw.daemon().WaitForStderr("receiver=am delivered", 10s, delivered + 1))
      << sw.daemon().err();
  EXPECT_EQ(sw.daemon().err().find("receiver=am failed"), std::string::npos) << sw.daemon().err();
  std::string metrics = sw.Metrics();
  auto posts = [&](std::size_t peer, const std::string& result) {
    return Sample(metrics, "sellerwatch_alertmanager_posts_total{receiver=\"am\",url=\"" +
                               am.Url(peer) + "\",result=\"" + result + "\"}");
  };
  EXPECT_GE(posts(0, "error"), 1) << metrics;  // the leg and the re-sends since the kill
  EXPECT_GE(posts(1, "ok"), 2) << metrics;
  EXPECT_EQ(posts(1, "error"), 0) << metrics;
  EXPECT_NE(metrics.find("sellerwatch_notifications_failed_total 0"), std::string::npos) << metrics;
}

// The shop-a alert as peer i holds it, when it is active there.
std::optional<boost::json::object> ActiveAlert(const AlertmanagerCluster& am, std::size_t i) {
  auto alerts = am.Alerts(i);
  if (!alerts) return std::nullopt;
  for (const auto& a : *alerts) {
    const auto& labels = a.at("labels").as_object();
    if (labels.contains("alertname") && labels.at("alertname") == "cancellation_rate" &&
        labels.at("account") == "shop-a" && a.at("status").at("state") == "active") {
      return a.as_object();
    }
  }
  return std::nullopt;
}

std::optional<boost::json::object> WaitForActiveAlert(const AlertmanagerCluster& am, std::size_t i,
                                                      std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (auto a = ActiveAlert(am, i)) return a;
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(100ms);  // polling the peer's API, bounded by the deadline
  }
}

// (d) endsAt = now + 4 × max(evaluation_interval 500ms, resend_interval 2s) = 8 s, not 25 h;
// labels name no instance; generatorURL points at the daemon's status of the account.
// (c) a peer restarted with empty storage (Alertmanager does not gossip alerts) has the alert
// again within one resend interval.
TEST(AlertmanagerHa, ReSendsKeepAShortEndsAtAndRefillARestartedPeer) {
  AlertmanagerCluster am;
  ASSERT_TRUE(am.Start()) << am.Logs();
  Watcher sw(am, "2s");
  sw.Breach("a");
  sw.Start();

  auto alert = WaitForActiveAlert(am, 1, 30s);
  ASSERT_TRUE(alert) << sw.daemon().err() << am.Logs();
  auto ends = core::ParseRfc3339(alert->at("endsAt").as_string());
  auto updated = core::ParseRfc3339(alert->at("updatedAt").as_string());
  ASSERT_TRUE(ends && updated) << boost::json::serialize(*alert);
  EXPECT_GE(*ends - *updated, 6s) << boost::json::serialize(*alert);
  EXPECT_LE(*ends - *updated, 9s) << boost::json::serialize(*alert);
  std::set<std::string> label_names;
  for (const auto& [k, v] : alert->at("labels").as_object()) label_names.insert(std::string(k));
  EXPECT_EQ(label_names, (std::set<std::string>{"account", "alertname", "marketplace", "metric",
                                                "rule", "severity"}));
  EXPECT_EQ(alert->at("generatorURL").as_string(),
            "http://127.0.0.1:" + std::to_string(sw.port()) + "/api/v1/status?account=shop-a");

  ASSERT_TRUE(am.Restart(1)) << am.Logs();
  auto again = WaitForActiveAlert(am, 1, 2s + 3s);  // one resend interval, and some slack
  EXPECT_TRUE(again) << sw.daemon().err() << am.Logs();
}

}  // namespace
}  // namespace sellerwatch::testing
