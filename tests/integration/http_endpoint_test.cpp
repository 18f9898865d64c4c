// `sellerwatch run` with `listen: 127.0.0.1:0` on a simulated shop: the daemon logs the bound
// address; /healthz, /readyz, /metrics (checked by promtool) and /api/v1/status (the document of
// `status --json`) answer; a second daemon on the same address refuses to start.

#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/json.hpp>
#include <filesystem>
#include <regex>
#include <set>

#include "fakes/raw_http_client.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;
namespace json = boost::json;

std::string Config(const TempDir& dir, const std::string& name, const std::string& listen) {
  return SimulatorDaemonConfig(
      dir.File(name),
      "routes: [{match: {}, receivers: [console], group_wait: 0s, group_interval: 1s}]\n"
      "receivers: [{name: console, console: {}}]\n",
      "", listen);
}

std::optional<RawResponse> Get(std::uint16_t port, const std::string& target) {
  RawHttpClient c(port);
  if (!c.Send(RawHttpClient::Request("GET", target))) return std::nullopt;
  return c.Read();
}

// The keys of an object, and recursively of the first element of each array in it; not inside
// the lists that may change between two looks (alerts, items at risk), only their presence.
std::set<std::string> Shape(const json::value& v, const std::string& prefix = "") {
  if (prefix.ends_with("/alerts") || prefix.ends_with("/at_risk")) return {};
  std::set<std::string> keys;
  if (v.is_object()) {
    for (const auto& [k, inner] : v.as_object()) {
      std::string path = prefix + "/" + std::string(k);
      keys.insert(path);
      auto nested = Shape(inner, path);
      keys.insert(nested.begin(), nested.end());
    }
  } else if (v.is_array() && !v.as_array().empty()) {
    return Shape(v.as_array()[0], prefix + "[]");
  }
  return keys;
}

TEST(HttpEndpoint, TheRunningDaemonServesHealthReadinessMetricsAndStatus) {
  TempDir dir;
  std::string config = dir.Write("sellerwatch.yaml", Config(dir, "state", "127.0.0.1:0"));
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config});
  ASSERT_TRUE(daemon.WaitForStderr("http endpoint listening on 127.0.0.1:", 30s)) << daemon.err();
  const std::uint16_t port = LoggedPort(daemon.err());
  ASSERT_NE(port, 0) << daemon.err();
  // An alert has fired: metrics, alert states and notifications all have something to show.
  ASSERT_TRUE(daemon.WaitForStdout("FIRING   critical shop-a: Pre-fulfilment cancel rate", 60s))
      << daemon.err();

  auto health = Get(port, "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, "ok\n");
  auto ready = Get(port, "/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200) << ready->body;
  auto missing = Get(port, "/nope");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);

  auto metrics = Get(port, "/metrics");
  ASSERT_TRUE(metrics);
  ASSERT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& m = metrics->body;
  for (const char* expected : {
           "sellerwatch_account_metric{account=\"shop-a\",metric=\"cancellation_rate\"} ",
           "sellerwatch_account_metric_threshold{account=\"shop-a\",metric=\"cancellation_rate\","
           "severity=\"critical\"} 0.025\n",
           "sellerwatch_alert_state{account=\"shop-a\",rule=\"cancellation_rate\","
           "severity=\"critical\"} 2\n",
           "sellerwatch_source_polls_total{account=\"shop-a\",source=\"simulator\"} ",
           "sellerwatch_source_last_success_timestamp_seconds{account=\"shop-a\","
           "source=\"simulator\"} ",
           "sellerwatch_build_info{version=\"" SELLERWATCH_VERSION "\"} 1\n",
           "sellerwatch_shard_info{shard=\"0\",shards=\"1\"} 1\n",
           "sellerwatch_evaluations_total ",
           "sellerwatch_notifications_sent_total ",
           "sellerwatch_outbox_legs{status=\"pending\"} ",
           "sellerwatch_ready 1\n",
       }) {
    EXPECT_NE(m.find(expected), std::string::npos) << expected << "\n" << m;
  }
  if (::access("/usr/bin/promtool", X_OK) != 0) {
    GTEST_SKIP() << "promtool not installed (Debian package prometheus): exposition not linted";
  }
  std::string file = dir.Write("metrics.txt", m);
  auto lint = RunProcess({"/bin/sh", "-c", "/usr/bin/promtool check metrics < " + file});
  EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;
  EXPECT_EQ(lint.out + lint.err, "");

  auto status = Get(port, "/api/v1/status");
  ASSERT_TRUE(status);
  ASSERT_EQ(status->status, 200);
  EXPECT_EQ(status->Header("content-type"), "application/json");
  auto served = json::parse(status->body);
  auto cli = Sellerwatch({"status", "--json", "-c", config});
  ASSERT_EQ(cli.exit_code, 0) << cli.err;
  auto printed = json::parse(cli.out);
  EXPECT_EQ(Shape(served), Shape(printed));
  ASSERT_EQ(served.at("accounts").as_array().size(), 1u);
  const auto& account = served.at("accounts").as_array()[0];
  EXPECT_EQ(account.at("id").as_string(), "shop-a");
  EXPECT_EQ(account.at("metrics").as_array().size(),
            printed.at("accounts").as_array()[0].at("metrics").as_array().size());
  bool firing = false;
  for (const auto& a : account.at("alerts").as_array()) {
    firing = firing || (a.at("rule").as_string() == "cancellation_rate" &&
                        a.at("state").as_string() == "firing");
  }
  EXPECT_TRUE(firing) << status->body;
  auto one = Get(port, "/api/v1/status?account=nope");
  ASSERT_TRUE(one);
  EXPECT_EQ(one->status, 404);

  daemon.Signal(SIGTERM);
  ASSERT_EQ(daemon.Wait(20s), std::optional<int>(0)) << daemon.err();
}

TEST(HttpEndpoint, AnAddressInUseStopsTheStartWithAClearMessage) {
  TempDir dir;
  std::string first_config = dir.Write("first.yaml", Config(dir, "first", "127.0.0.1:0"));
  BackgroundProcess first({SellerwatchBinary(), "run", "-c", first_config});
  ASSERT_TRUE(first.WaitForStderr("http endpoint listening on 127.0.0.1:", 30s)) << first.err();
  const std::string address = "127.0.0.1:" + std::to_string(LoggedPort(first.err()));

  std::string second_config = dir.Write("second.yaml", Config(dir, "second", address));
  BackgroundProcess second({SellerwatchBinary(), "run", "-c", second_config});
  auto code = second.Wait(30s);
  ASSERT_TRUE(code.has_value()) << second.err();
  EXPECT_EQ(*code, 1);
  EXPECT_NE(
      second.err().find("http endpoint: cannot listen on " + address + ": Address already in use"),
      std::string::npos)
      << second.err();
  first.Signal(SIGTERM);
  EXPECT_EQ(first.Wait(20s), std::optional<int>(0)) << first.err();
}

}  // namespace
}  // namespace sellerwatch::testing
