#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fakes/http_test_server.hpp"
#include "fakes/process.hpp"
#include "fakes/temp_dir.hpp"

namespace sellerwatch::testing {

// One alert of one notification an Alertmanager peer sent to the sink.
struct SinkAlert {
  std::string status;  // "firing" | "resolved"
  std::map<std::string, std::string> labels;
  std::string starts_at;
  std::string ends_at;
};

// A real Alertmanager cluster on loopback (/usr/bin/prometheus-alertmanager): N peers gossiping
// with each other with fast gossip flags, each routing every alert on its own (group_by
// ['...']) to one webhook sink, an HttpTestServer. Ports are picked at run time and kept for
// the fixture's life, so a restarted peer keeps its URL.
//
//   AlertmanagerCluster am;                        // 2 peers
//   ASSERT_TRUE(am.Start()) << am.Logs();           // returns once the cluster has settled
//   ... sellerwatch: `alertmanager: {urls: [am.Url(0), am.Url(1)]}` (or am.UrlsYaml()) ...
//   ASSERT_TRUE(am.WaitForSink([](auto& alerts) { return alerts.size() >= 1; }, 30s));
//   am.Kill(0);                                     // SIGKILL
//   ASSERT_TRUE(am.Restart(0)) << am.Logs();        // empty storage, joins the others again
class AlertmanagerCluster {
 public:
  struct Options {
    std::size_t peers = 2;
    std::string group_wait = "1s";
    std::string group_interval = "1s";
    std::string repeat_interval = "1h";
    std::string peer_timeout = "2s";  // --cluster.peer-timeout: failover takes this long
  };

  AlertmanagerCluster();
  explicit AlertmanagerCluster(Options options);
  ~AlertmanagerCluster();
  AlertmanagerCluster(const AlertmanagerCluster&) = delete;
  AlertmanagerCluster& operator=(const AlertmanagerCluster&) = delete;

  // Starts every peer; true once each one's /api/v2/status says "ready" and lists every peer.
  bool Start(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  std::size_t size() const { return peers_.size(); }
  // "http://127.0.0.1:<port>", the base URL sellerwatch is given (also while it is down).
  std::string Url(std::size_t i) const;
  std::vector<std::string> Urls() const;
  // "[\"http://127.0.0.1:1\", \"http://127.0.0.1:2\"]", for a YAML `urls:`.
  std::string UrlsYaml() const;

  // SIGKILL, and waits for the process to be gone.
  void Kill(std::size_t i);
  // Starts peer i again on its ports, with empty storage (unless `keep_storage`); true once it
  // is ready and lists every running peer.
  bool Restart(std::size_t i, bool keep_storage = false,
               std::chrono::milliseconds timeout = std::chrono::seconds(30));
  bool Running(std::size_t i) const;

  // The webhook sink every peer notifies (path /hook).
  HttpTestServer& sink() { return sink_; }
  // Every alert of every notification the sink received, in order.
  std::vector<SinkAlert> SinkAlerts() const;
  // Polls SinkAlerts() until `done` holds; false when `timeout` passes first.
  bool WaitForSink(const std::function<bool(const std::vector<SinkAlert>&)>& done,
                   std::chrono::milliseconds timeout) const;
  // After a notification, how long a duplicate from another peer could still take (a peer at
  // position p waits p × peer_timeout, then looks at the gossiped notification log): watch at
  // least this long before concluding that something arrived exactly once.
  std::chrono::milliseconds DedupeWindow() const;

  // GET /api/v2/alerts of peer i (active, silenced and inhibited ones); nullopt when it does
  // not answer.
  std::optional<boost::json::array> Alerts(std::size_t i) const;
  // GET /api/v2/status of peer i; nullopt when it does not answer.
  std::optional<boost::json::object> Status(std::size_t i) const;

  // Every peer's log, for failure messages.
  std::string Logs() const;

 private:
  struct Peer {
    std::uint16_t web_port = 0;
    std::uint16_t cluster_port = 0;
    int generation = 0;  // restarts, for a fresh storage directory
    std::unique_ptr<BackgroundProcess> process;
  };

  void Launch(std::size_t i);
  // Peer i answers "ready" and lists the cluster address of every running peer.
  bool Settled(std::size_t i) const;
  bool WaitSettled(const std::vector<std::size_t>& which, std::chrono::milliseconds timeout) const;

  Options options_;
  TempDir dir_;
  HttpTestServer sink_;
  std::string config_file_;
  std::vector<Peer> peers_;
};

}  // namespace sellerwatch::testing
