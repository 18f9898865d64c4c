// The daemon's outbox across a crash: a notification whose send was in flight when the daemon
// was killed (SIGKILL) is delivered after the restart, with the same idempotency key.

#include <gtest/gtest.h>
#include <signal.h>

#include "fakes/http_test_server.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;

std::string WebhookConfig(const TempDir& dir, const std::string& url,
                          const std::string& shutdown_timeout = "10s") {
  return SimulatorDaemonConfig(
      dir.File("state"),
      "routes: [{match: {}, receivers: [hook], group_wait: 0s, group_interval: 1h}]\n"
      "receivers:\n"
      "  - {name: hook, webhook: {url: \"" +
          url + "\", timeout: 1m}}\n",
      "  shutdown_timeout: " + shutdown_timeout + "\n");
}

TEST(DaemonDelivery, ASendInFlightAtSigkillIsDeliveredAfterRestart) {
  HttpTestServer server;
  server.SetHandler([](const RecordedRequest&) { return ScriptedResponse::Hang(); });
  TempDir dir;
  std::string config = dir.Write("sellerwatch.yaml", WebhookConfig(dir, server.Url("/hook")));
  std::string first_id;
  {
    BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config});
    ASSERT_TRUE(server.WaitForRequests(1, 60s)) << daemon.err();
    first_id = server.Requests()[0].Header("webhook-id").value_or("");
    ASSERT_FALSE(first_id.empty());
    daemon.Signal(SIGKILL);
    ASSERT_TRUE(daemon.Wait(10s).has_value());
  }
  server.SetHandler([](const RecordedRequest&) { return ScriptedResponse{}; });
  std::size_t before = server.RequestCount();
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config});
  ASSERT_TRUE(daemon.WaitForStderr("being sent when sellerwatch stopped; sending again", 30s))
      << daemon.err();
  ASSERT_TRUE(daemon.WaitForStderr("receiver=hook delivered " + first_id, 30s)) << daemon.err();
  std::size_t resent = 0;
  auto requests = server.Requests();
  for (std::size_t i = before; i < requests.size(); ++i) {
    if (requests[i].Header("webhook-id") == first_id) ++resent;
  }
  EXPECT_EQ(resent, 1u);
  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(20s);
  ASSERT_TRUE(code.has_value()) << "daemon did not stop on SIGTERM\n" << daemon.err();
  EXPECT_EQ(*code, 0) << daemon.err();
}

TEST(DaemonDelivery, SigtermLetsASendInFlightFinish) {
  HttpTestServer server;
  server.SetHandler([](const RecordedRequest&) { return ScriptedResponse{.delay = 1500ms}; });
  TempDir dir;
  std::string config = dir.Write("sellerwatch.yaml", WebhookConfig(dir, server.Url("/hook")));
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config});
  ASSERT_TRUE(server.WaitForRequests(1, 60s)) << daemon.err();
  std::string id = server.Requests()[0].Header("webhook-id").value_or("");
  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(30s);
  ASSERT_TRUE(code.has_value()) << daemon.err();
  EXPECT_EQ(*code, 0) << daemon.err();
  EXPECT_NE(daemon.err().find("receiver=hook delivered " + id), std::string::npos) << daemon.err();
  EXPECT_EQ(daemon.err().find("still being sent"), std::string::npos) << daemon.err();
  // Nothing was left in flight for the next start to repeat.
  auto check = Sellerwatch({"poll", "--once", "-c", config});
  EXPECT_EQ(check.err.find("sending again"), std::string::npos) << check.err;
}

TEST(DaemonDelivery, ShutdownTimeoutBoundsAHangingSend) {
  HttpTestServer server;
  server.SetHandler([](const RecordedRequest&) { return ScriptedResponse::Hang(); });
  TempDir dir;
  std::string config =
      dir.Write("sellerwatch.yaml", WebhookConfig(dir, server.Url("/hook"), "500ms"));
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config});
  ASSERT_TRUE(server.WaitForRequests(1, 60s)) << daemon.err();
  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(30s);
  ASSERT_TRUE(code.has_value()) << daemon.err();
  EXPECT_EQ(*code, 0) << daemon.err();
  EXPECT_NE(daemon.err().find("shutdown_timeout passed with 1 notification(s) still being sent"),
            std::string::npos)
      << daemon.err();
}

TEST(DaemonDelivery, TestReceiverReportsWhatTheReceiverAnswered) {
  HttpTestServer server;
  server.Enqueue({});
  server.Enqueue({.status = 400, .body = "invalid_token"});
  TempDir dir;
  std::string config = dir.Write("sellerwatch.yaml", WebhookConfig(dir, server.Url("/hook")));
  auto ok = Sellerwatch({"test-receiver", "hook", "-c", config});
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("receiver 'hook': delivered"), std::string::npos) << ok.out;
  ASSERT_EQ(server.RequestCount(), 1u);
  EXPECT_NE(server.Requests()[0].body.find("test_notification"), std::string::npos);

  auto refused = Sellerwatch({"test-receiver", "hook", "-c", config});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("permanent"), std::string::npos) << refused.err;
  EXPECT_NE(refused.err.find("400"), std::string::npos) << refused.err;

  auto unknown = Sellerwatch({"test-receiver", "nope", "-c", config});
  EXPECT_EQ(unknown.exit_code, 64) << unknown.err;
}

TEST(DaemonDelivery, HeartbeatPingsTheDeadMansSwitch) {
  HttpTestServer server;
  TempDir dir;
  std::string config = dir.Write(
      "sellerwatch.yaml", "daemon: {listen: \"127.0.0.1:0\", state_dir: " + dir.File("state") +
                              ", heartbeat: {url: \"" + server.Url("/ping/secret-token") +
                              "\", every: 200ms}}\n"
                              "accounts: [{id: shop, marketplace: amazon}]\n"
                              "receivers: [{name: console, console: {}}]\n");
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config});
  ASSERT_TRUE(server.WaitForRequests(3, 20s)) << daemon.err();
  for (const auto& r : server.Requests()) {
    EXPECT_EQ(r.method, "GET");
    EXPECT_EQ(r.target, "/ping/secret-token");
  }
  daemon.Signal(SIGTERM);
  ASSERT_TRUE(daemon.Wait(20s).has_value());
  EXPECT_EQ(daemon.err().find("secret-token"), std::string::npos) << daemon.err();
}

}  // namespace
}  // namespace sellerwatch::testing
