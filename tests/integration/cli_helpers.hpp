#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <vector>

#include "fakes/process.hpp"
#include "fakes/raw_http_client.hpp"

namespace sellerwatch::testing {

// The port of a daemon's HTTP endpoint from its log line "http endpoint listening on
// 127.0.0.1:NNNNN"; 0 when not logged (yet).
inline std::uint16_t LoggedPort(const std::string& err) {
  std::smatch m;
  static const std::regex line(R"(http endpoint listening on 127\.0\.0\.1:(\d+))");
  return std::regex_search(err, m, line) ? static_cast<std::uint16_t>(std::stoi(m[1])) : 0;
}

// GET /metrics of the daemon listening on `port`; empty when it does not answer 200.
inline std::string Metrics(std::uint16_t port) {
  RawHttpClient client(port);
  if (!client.Send(RawHttpClient::Request("GET", "/metrics"))) return {};
  auto response = client.Read();
  return response && response->status == 200 ? response->body : std::string();
}

// One sample of /metrics ("name" or "name{labels}"); nullopt when absent or unreachable.
inline std::optional<double> MetricSample(std::uint16_t port, const std::string& series) {
  const std::string body = Metrics(port);
  auto at = body.find("\n" + series + " ");
  if (at == std::string::npos) return std::nullopt;
  return std::stod(body.substr(at + series.size() + 2));
}

inline std::string SellerwatchBinary() { return SELLERWATCH_BINARY; }
inline std::string SourcePath(const std::string& relative) {
  return std::string(SELLERWATCH_SOURCE_DIR) + "/" + relative;
}
inline std::string TestData(const std::string& name) {
  return std::string(SELLERWATCH_TEST_DATA) + "/" + name;
}

// Runs the sellerwatch binary with `args`.
inline ProcessResult Sellerwatch(std::vector<std::string> args,
                                 const std::map<std::string, std::string>& env = {}) {
  args.insert(args.begin(), SellerwatchBinary());
  return RunProcess(args, env);
}

// A daemon config with one simulated shop, "shop-a", that deteriorates fast enough to fire
// alerts within seconds. `daemon_extra` adds indented lines under `daemon:`; `rest` follows
// the accounts (routes, receivers, rules). The HTTP endpoint takes a free port.
inline std::string SimulatorDaemonConfig(const std::string& state_dir, const std::string& rest,
                                         const std::string& daemon_extra = "",
                                         const std::string& listen = "127.0.0.1:0") {
  return "daemon:\n"
         "  listen: \"" +
         listen + "\"\n  state_dir: " + state_dir +
         "\n"
         "  evaluation_interval: 500ms\n" +
         daemon_extra +
         "accounts:\n"
         "  - id: shop-a\n"
         "    marketplace: amazon\n"
         "    sources:\n"
         "      - {type: simulator, seed: 42, orders_per_day: 10, scenario: deteriorating,\n"
         "         poll: 200ms, incident_every: 300ms}\n" +
         rest;
}

}  // namespace sellerwatch::testing
