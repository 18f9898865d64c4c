// The amazon-sp-api source end to end: `sellerwatch poll --once` and `sellerwatch run` against
// the fake SP-API server; stored events checked against the official examples field by field;
// every scripted fault survived without duplicates or a cursor past unstored data; source_down
// raised once and resolved once; no secret in any output.

#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <map>
#include <regex>
#include <sstream>

#include "core/time.hpp"
#include "fakes/sp_api_server.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"
#include "integration/source_test_base.hpp"
#include "store/cursor_store.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;
using Fault = SpApiServer::Fault;

constexpr const char* kSearch = "orders_2026-01-01_searchOrders_200_example.json";
constexpr const char* kOrders = "acme-us/amazon-sp-api/orders";

class AmazonSourceTest : public SourceTestBase {
 protected:
  AmazonSourceTest() : SourceTestBase("acme-us") {}

  std::string Config(const std::string& orders_api = "v2026-01-01", const std::string& extra = "") {
    return dir_.Write("sellerwatch.yaml",
                      "daemon:\n"
                      "  state_dir: " +
                          dir_.File("state") +
                          "\n"
                          "  listen: \"127.0.0.1:0\"\n"
                          "  evaluation_interval: 1h\n"
                          "accounts:\n"
                          "  - id: acme-us\n"
                          "    marketplace: amazon\n"
                          "    sources:\n"
                          "      - type: amazon-sp-api\n"
                          "        endpoint: " +
                          server_.Endpoint() +
                          "\n"
                          "        token_endpoint: " +
                          server_.TokenEndpoint() +
                          "\n"
                          "        marketplace_ids: [ATVPDKIKX0DER]\n"
                          "        client_id: ${SP_CLIENT_ID}\n"
                          "        client_secret: ${SP_CLIENT_SECRET}\n"
                          "        refresh_token: ${SP_REFRESH_TOKEN}\n"
                          "        orders_api: " +
                          orders_api +
                          "\n"
                          "        timeout: 3s\n" +
                          extra +
                          "receivers:\n"
                          "  - {name: ops, file: {path: " +
                          dir_.File("alerts.jsonl") + "}}\n");
  }

  std::map<std::string, std::string> Env() const override {
    return {{"SP_CLIENT_ID", std::string(SpApiServer::kClientId)},
            {"SP_CLIENT_SECRET", std::string(SpApiServer::kClientSecret)},
            {"SP_REFRESH_TOKEN", std::string(SpApiServer::kRefreshToken)}};
  }
  std::vector<std::string> Secrets() const override {
    return {std::string(SpApiServer::kClientSecret), std::string(SpApiServer::kRefreshToken),
            std::string(SpApiServer::kAccessPrefix), "sig-secret"};
  }

  core::Timestamp Shifted(const char* file, std::string_view t) {
    return *core::ParseRfc3339(server_.Shift(file, t));
  }

  SpApiServer server_;
};

TEST_F(AmazonSourceTest, PollOnceStoresOrdersFeedbackAndPerformanceFieldByField) {
  auto r = PollOnce(Config());
  ASSERT_EQ(r.exit_code, 0) << r.err;

  auto orders = Of<core::Order>();
  ASSERT_EQ(orders.size(), 2u);
  const core::Order& shipped = orders.at("123-4567890-1234567");
  EXPECT_EQ(shipped.status, core::OrderStatus::kDelivered);
  EXPECT_EQ(shipped.fulfillment, core::Fulfillment::kMerchant);
  EXPECT_EQ(shipped.purchased_at, Shifted(kSearch, "2024-12-25T10:30:00Z"));
  EXPECT_EQ(shipped.updated_at, Shifted(kSearch, "2024-12-25T14:45:00Z"));
  EXPECT_EQ(shipped.ship_by, Shifted(kSearch, "2024-12-27T23:59:59Z"));
  EXPECT_EQ(shipped.deliver_by, Shifted(kSearch, "2024-12-30T23:59:59Z"));
  EXPECT_EQ(shipped.shipped_at, Shifted(kSearch, "2024-12-25T14:00:00Z"));
  EXPECT_EQ(shipped.tracking_valid, true);
  EXPECT_EQ(shipped.delivered_at, shipped.updated_at);
  EXPECT_FALSE(shipped.cancel_initiator.has_value());
  const core::Order& cancelled = orders.at("123-4567890-7654321");
  EXPECT_EQ(cancelled.status, core::OrderStatus::kCancelled);
  EXPECT_EQ(cancelled.cancel_initiator, core::CancelInitiator::kBuyer);
  EXPECT_EQ(cancelled.cancelled_at, Shifted(kSearch, "2024-12-26T09:00:00Z"));

  auto feedback = Of<core::Feedback>();
  ASSERT_EQ(feedback.size(), 2u);
  const core::Feedback& negative = feedback.at("123-4567890-1234567");
  EXPECT_EQ(negative.rating, 1);
  EXPECT_EQ(negative.comment, "Arrived broken, box crushed");
  EXPECT_EQ(negative.order_id, "123-4567890-1234567");
  EXPECT_TRUE(negative.negative());
  EXPECT_EQ(feedback.at("902-1845936-5435065").rating, 3);
  EXPECT_EQ(feedback.at("902-1845936-5435065").comment, "Slow but OK");

  auto platform = Of<core::PlatformValue>();
  EXPECT_EQ(platform.at("platform.account_status").value, "AT_RISK");
  EXPECT_EQ(platform.at("platform.order_defect_rate.mfn.rate").value, "0.009");
  EXPECT_EQ(platform.at("platform.late_shipment_rate.rate").value, "0.03203973037");
  EXPECT_EQ(platform.at("platform.pre_fulfillment_cancellation_rate.rate").value, "0.005");
  EXPECT_EQ(platform.at("platform.valid_tracking_rate.target").value, "0.95");
  EXPECT_EQ(platform.at("platform.ahr_status").value, "WARNED");
  EXPECT_EQ(platform.at("platform.product_authenticity_customer_complaints.count").value, "212");

  EXPECT_EQ(Cursor(kOrders), server_.Shift(kSearch, "2024-12-26T09:00:00Z"));
  // The performance report's AT_RISK fires the preset's account_status rule.
  auto status = Sellerwatch({"status", "-c", dir_.File("sellerwatch.yaml")}, Env());
  output_ += status.out + status.err;
  EXPECT_NE(status.out.find("acme-us (amazon): 1 alert firing"), std::string::npos) << status.out;
  EXPECT_TRUE(
      std::regex_search(status.out, std::regex("\n  On-time delivery rate \\(30 days\\) +100% ")))
      << status.out;
}

TEST_F(AmazonSourceTest, V0GetOrdersFieldByField) {
  auto r = PollOnce(Config("v0"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto orders = Of<core::Order>();
  ASSERT_EQ(orders.size(), 3u);
  const char* example = "orders_v0_getOrders_200_example.json";
  const core::Order& pending = orders.at("902-3159896-1390916");
  EXPECT_EQ(pending.status, core::OrderStatus::kPending);
  EXPECT_EQ(pending.purchased_at, Shifted(example, "2017-01-20T19:49:35Z"));
  EXPECT_EQ(pending.ship_by, Shifted(example, "2017-01-25T19:49:35Z"));
  const char* sandbox = "orders_v0_getOrders_200_sandbox_unshipped.json";
  for (const char* id : {"902-1845936-5435065", "902-8745147-1934268"}) {
    EXPECT_EQ(orders.at(id).status, core::OrderStatus::kUnshipped);
    EXPECT_EQ(orders.at(id).fulfillment, core::Fulfillment::kMerchant);
    EXPECT_EQ(orders.at(id).deliver_by, Shifted(sandbox, "1970-01-19T04:15:17Z"));
  }
  bool v0 = false;
  for (const auto& req : server_.Requests()) {
    v0 |=
        req.target.starts_with("/orders/v0/orders?MarketplaceIds=ATVPDKIKX0DER&LastUpdatedAfter=");
  }
  EXPECT_TRUE(v0);
}

TEST_F(AmazonSourceTest, EveryFaultIsSurvivedWithoutDuplicatesOrALostCursor) {
  std::string config = Config();
  ASSERT_EQ(PollOnce(config).exit_code, 0);
  const auto cursor = Cursor(kOrders);
  const std::size_t events = Events().size();

  struct Case {
    Fault fault;
    std::string expect;  // in the log line, next to the source and the endpoint
  };
  for (const auto& [fault, expect] : std::vector<Case>{
           {Fault::k429, "HTTP 429: QuotaExceeded"},
           {Fault::k500, "HTTP 500: InternalFailure"},
           {Fault::kHang, "timed out"},
           {Fault::kTruncated, "GET " + server_.Endpoint() + "/orders/2026-01-01/orders"},
           {Fault::kMalformedJson, "malformed JSON"}}) {
    server_.Inject(fault, 1, "/orders/");
    auto r = PollOnce(config);
    EXPECT_EQ(r.exit_code, 1) << expect << "\n" << r.err;
    bool logged = false;
    std::istringstream lines(r.err);
    for (std::string line; std::getline(lines, line);) {
      logged |= line.find(std::string("source=") + kOrders + " poll failed") != std::string::npos &&
                line.find(expect) != std::string::npos &&
                line.find("/orders/2026-01-01/orders") != std::string::npos;
    }
    EXPECT_TRUE(logged) << expect << "\n" << r.err;
    EXPECT_EQ(Cursor(kOrders), cursor) << expect;
    EXPECT_EQ(Events().size(), events) << expect;
    server_.ClearFaults();
  }

  // An expired token is refreshed: the poll succeeds.
  server_.Inject(Fault::kExpiredToken, 1, "/orders/");
  EXPECT_EQ(PollOnce(config).exit_code, 0);
  // A page repeating the previous page's records: nothing stored twice.
  server_.Inject(Fault::kRepeatPage, 1, "/orders/");
  EXPECT_EQ(PollOnce(config).exit_code, 0);
  EXPECT_EQ(Events().size(), events);
  EXPECT_EQ(Of<core::Order>().size(), 2u);
  EXPECT_EQ(Cursor(kOrders), cursor);
}

TEST_F(AmazonSourceTest, SourceDownOnceThenResolvedOnceAcrossRuns) {
  server_.Inject(Fault::k500, 100, "/orders/");
  ExpectOneSourceDownThenOneResolved(Config("v2026-01-01", "        stale_after: 1ms\n"), kOrders,
                                     "HTTP 500", [&] { server_.ClearFaults(); });
}

TEST_F(AmazonSourceTest, RefusedAfterRefreshSaysCredentialsRejected) {
  std::string config = Config("v2026-01-01", "        stale_after: 1ms\n");
  server_.Inject(Fault::kRejectAll, 1, "/");
  auto first = PollOnce(config);
  EXPECT_EQ(first.exit_code, 1);
  EXPECT_NE(first.err.find("credentials rejected"), std::string::npos) << first.err;
  PollOnce(config);
  bool said = false;
  for (const auto& [rule, status, summary] : Notified()) {
    said |= rule == "source_down" && summary.find("rejected its credentials") != std::string::npos;
  }
  EXPECT_TRUE(said) << ReadFile(dir_.File("alerts.jsonl"));
  auto status = Sellerwatch({"status", "-c", config}, Env());
  output_ += status.out + status.err;
}

TEST_F(AmazonSourceTest, DaemonPollsEveryStreamAndRaisesSourceDown) {
  std::string config = Config("v2026-01-01",
                              "        poll: {orders: 1s, feedback: 1h, performance: 6h}\n"
                              "        stale_after: 1ms\n");
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config, "--log-level", "debug"},
                           Env());
  for (const char* stream : {"orders", "feedback", "performance"}) {
    ASSERT_TRUE(
        daemon.WaitForStderr(std::string("source=acme-us/amazon-sp-api/") + stream + " poll:", 60s))
        << daemon.err();
  }
  EXPECT_EQ(Of<core::Order>().size(), 2u);
  EXPECT_EQ(Of<core::Feedback>().size(), 2u);
  server_.Inject(Fault::k500, 1000, "/orders/");
  ASSERT_TRUE(daemon.WaitForStderr("source_down raised", 60s)) << daemon.err();
  ASSERT_TRUE(daemon.WaitForStderr("receiver=ops delivered source_down-", 60s)) << daemon.err();
  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(20s);
  output_ += daemon.out() + daemon.err();
  ASSERT_TRUE(code.has_value()) << daemon.err();
  EXPECT_EQ(*code, 0);
  std::size_t raised = 0;
  for (const auto& [rule, status, summary] : Notified()) raised += rule == "source_down";
  EXPECT_EQ(raised, 1u);
}

}  // namespace
}  // namespace sellerwatch::testing
