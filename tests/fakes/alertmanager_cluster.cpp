#include "fakes/alertmanager_cluster.hpp"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <set>
#include <stdexcept>
#include <thread>

#include "fakes/run_awaitable.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"

namespace sellerwatch::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kAlertmanager = "/usr/bin/prometheus-alertmanager";

// A socket bound to 127.0.0.1:port (0: the kernel picks); -1 when the port is taken.
int Bind(int type, std::uint16_t port) {
  int fd = ::socket(AF_INET, type, 0);
  if (fd < 0) return -1;
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(port);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::uint16_t PortOf(int fd) {
  sockaddr_in a{};
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  return ntohs(a.sin_port);
}

// Ports free for TCP and UDP both (memberlist gossips over both on the cluster port); the
// sockets stay bound until every port is picked, so no two are the same.
std::vector<std::uint16_t> FreePorts(std::size_t n) {
  std::vector<int> held;
  std::vector<std::uint16_t> ports;
  while (ports.size() < n && held.size() < 10 * n + 20) {
    int tcp = Bind(SOCK_STREAM, 0);
    if (tcp < 0) break;
    held.push_back(tcp);
    int udp = Bind(SOCK_DGRAM, PortOf(tcp));
    if (udp < 0) continue;
    held.push_back(udp);
    ports.push_back(PortOf(tcp));
  }
  for (int fd : held) ::close(fd);
  if (ports.size() < n) throw std::runtime_error("AlertmanagerCluster: no free loopback ports");
  return ports;
}

std::optional<json::value> GetJson(std::uint16_t port, const std::string& target) {
  boost::asio::io_context io;
  std::optional<net::CurlMulti> curl(std::in_place, io);
  net::HttpClient http(*curl);
  net::HttpRequest get;
  get.url = "http://127.0.0.1:" + std::to_string(port) + target;
  get.connect_timeout = 2s;
  get.timeout = 5s;
  auto response = RunAwaitable(io, http.Send(std::move(get)), 10s);
  curl.reset();
  if (!response || response->status != 200) return std::nullopt;
  boost::system::error_code ec;
  auto doc = json::parse(response->body, ec);
  if (ec) return std::nullopt;
  return doc;
}

}  // namespace

AlertmanagerCluster::AlertmanagerCluster() : AlertmanagerCluster(Options{}) {}

AlertmanagerCluster::AlertmanagerCluster(Options options) : options_(std::move(options)) {
  config_file_ =
      dir_.Write("alertmanager.yml",
                 "route:\n"
                 "  receiver: sink\n"
                 "  group_by: ['...']\n"
                 "  group_wait: " +
                     options_.group_wait + "\n  group_interval: " + options_.group_interval +
                     "\n  repeat_interval: " + options_.repeat_interval +
                     "\n"
                     "receivers:\n"
                     "  - name: sink\n"
                     "    webhook_configs: [{url: \"" +
                     sink_.Url("/hook") + "\", send_resolved: true}]\n");
  auto ports = FreePorts(2 * options_.peers);
  peers_.resize(options_.peers);
  for (std::size_t i = 0; i < peers_.size(); ++i) {
    peers_[i].web_port = ports[2 * i];
    peers_[i].cluster_port = ports[2 * i + 1];
  }
}

AlertmanagerCluster::~AlertmanagerCluster() = default;

std::string AlertmanagerCluster::Url(std::size_t i) const {
  return "http://127.0.0.1:" + std::to_string(peers_.at(i).web_port);
}

std::vector<std::string> AlertmanagerCluster::Urls() const {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < peers_.size(); ++i) out.push_back(Url(i));
  return out;
}

std::string AlertmanagerCluster::UrlsYaml() const {
  std::string out = "[";
  for (std::size_t i = 0; i < peers_.size(); ++i) out += (i ? ", \"" : "\"") + Url(i) + "\"";
  return out + "]";
}

void AlertmanagerCluster::Launch(std::size_t i) {
  Peer& p = peers_.at(i);
  std::string storage = dir_.File("peer-" + std::to_string(i) + "-" + std::to_string(p.generation));
  std::string cluster = "127.0.0.1:" + std::to_string(p.cluster_port);
  std::string command = std::string("exec ") + kAlertmanager + " --config.file=" + config_file_ +
                        " --storage.path=" + storage +
                        " --web.listen-address=127.0.0.1:" + std::to_string(p.web_port) +
                        " --cluster.listen-address=" + cluster +
                        " --cluster.advertise-address=" + cluster +
                        " --cluster.peer-timeout=" + options_.peer_timeout +
                        " --cluster.gossip-interval=50ms --cluster.pushpull-interval=5s";
  for (std::size_t j = 0; j < peers_.size(); ++j) {
    if (j != i) command += " --cluster.peer=127.0.0.1:" + std::to_string(peers_[j].cluster_port);
  }
  // The log goes to a file: nobody has to keep reading a pipe for the peer not to block.
  command += " 2>>" + dir_.File("peer-" + std::to_string(i) + ".log");
  p.process =
      std::make_unique<BackgroundProcess>(std::vector<std::string>{"/bin/sh", "-c", command});
}

bool AlertmanagerCluster::Running(std::size_t i) const { return peers_.at(i).process != nullptr; }

bool AlertmanagerCluster::Settled(std::size_t i) const {
  auto status = Status(i);
  if (!status) return false;
  const auto* cluster = status->if_contains("cluster");
  if (!cluster || !cluster->is_object()) return false;
  const auto& c = cluster->as_object();
  if (!c.contains("status") || c.at("status") != "ready" || !c.contains("peers")) return false;
  std::set<std::string> seen;
  for (const auto& peer : c.at("peers").as_array()) {
    seen.insert(std::string(peer.at("address").as_string()));
  }
  for (std::size_t j = 0; j < peers_.size(); ++j) {
    if (Running(j) && !seen.contains("127.0.0.1:" + std::to_string(peers_[j].cluster_port))) {
      return false;
    }
  }
  return true;
}

bool AlertmanagerCluster::WaitSettled(const std::vector<std::size_t>& which,
                                      std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    bool all = true;
    for (auto i : which) all = all && Settled(i);
    if (all) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(100ms);  // polling a peer's status, bounded by the deadline
  }
}

bool AlertmanagerCluster::Start(std::chrono::milliseconds timeout) {
  std::vector<std::size_t> all;
  for (std::size_t i = 0; i < peers_.size(); ++i) {
    Launch(i);
    all.push_back(i);
  }
  return WaitSettled(all, timeout);
}

void AlertmanagerCluster::Kill(std::size_t i) {
  Peer& p = peers_.at(i);
  if (!p.process) return;
  p.process->Signal(SIGKILL);
  p.process->Wait(10s);
  p.process.reset();
}

bool AlertmanagerCluster::Restart(std::size_t i, bool keep_storage,
                                  std::chrono::milliseconds timeout) {
  Kill(i);
  if (!keep_storage) ++peers_.at(i).generation;
  Launch(i);
  return WaitSettled({i}, timeout);
}

std::vector<SinkAlert> AlertmanagerCluster::SinkAlerts() const {
  std::vector<SinkAlert> out;
  for (const auto& request : sink_.Requests()) {
    boost::system::error_code ec;
    auto doc = json::parse(request.body, ec);
    if (ec || !doc.is_object() || !doc.as_object().contains("alerts")) continue;
    for (const auto& a : doc.at("alerts").as_array()) {
      SinkAlert alert;
      alert.status = std::string(a.at("status").as_string());
      for (const auto& [k, v] : a.at("labels").as_object()) {
        alert.labels[std::string(k)] = std::string(v.as_string());
      }
      alert.starts_at = std::string(a.at("startsAt").as_string());
      alert.ends_at = std::string(a.at("endsAt").as_string());
      out.push_back(std::move(alert));
    }
  }
  return out;
}

bool AlertmanagerCluster::WaitForSink(
    const std::function<bool(const std::vector<SinkAlert>&)>& done,
    std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done(SinkAlerts())) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    sink_.WaitForRequests(sink_.RequestCount() + 1, 200ms);  // wakes on the next request
  }
  return true;
}

std::chrono::milliseconds AlertmanagerCluster::DedupeWindow() const {
  auto seconds = [](const std::string& d) {  // "2s", "1s", "500ms"
    if (d.ends_with("ms")) return std::chrono::milliseconds(std::stoi(d));
    return std::chrono::milliseconds(std::stoi(d) * 1000);
  };
  return static_cast<long>(peers_.size() - 1) * seconds(options_.peer_timeout) +
         seconds(options_.group_wait) + seconds(options_.group_interval) + 2s;
}

std::optional<json::array> AlertmanagerCluster::Alerts(std::size_t i) const {
  auto doc = GetJson(peers_.at(i).web_port, "/api/v2/alerts");
  if (!doc || !doc->is_array()) return std::nullopt;
  return doc->as_array();
}

std::optional<json::object> AlertmanagerCluster::Status(std::size_t i) const {
  auto doc = GetJson(peers_.at(i).web_port, "/api/v2/status");
  if (!doc || !doc->is_object()) return std::nullopt;
  return doc->as_object();
}

std::string AlertmanagerCluster::Logs() const {
  std::string out;
  for (std::size_t i = 0; i < peers_.size(); ++i) {
    std::string file = dir_.File("peer-" + std::to_string(i) + ".log");
    out += "--- alertmanager peer " + std::to_string(i) + " (" + Url(i) + ")\n";
    if (std::filesystem::exists(file)) out += ReadFile(file);
  }
  return out;
}

}  // namespace sellerwatch::testing
