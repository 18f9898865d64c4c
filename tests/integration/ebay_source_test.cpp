// The ebay source end to end: `sellerwatch poll --once`, `status --json` and `sellerwatch run`
// against the fake eBay server; stored events checked field by field; the metrics the seller
// sees (buyer cancels excluded, seller and unknown cancels counted, late shipments, tracking,
// platform standards values); every scripted fault survived without duplicates or a cursor
// past unstored data; source_down raised once and resolved once; no secret in any output.

#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <map>
#include <sstream>

#include "core/time.hpp"
#include "fakes/ebay_server.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"
#include "integration/source_test_base.hpp"
#include "store/cursor_store.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;
using Fault = EbayServer::Fault;

constexpr const char* kOrders = "acme-ebay/ebay/orders";
constexpr const char* kStandards = "acme-ebay/ebay/standards";

class EbaySourceTest : public SourceTestBase {
 protected:
  EbaySourceTest() : SourceTestBase("acme-ebay") {}

  std::string Config(const std::string& extra = "") {
    return dir_.Write("sellerwatch.yaml",
                      "daemon:\n"
                      "  state_dir: " +
                          dir_.File("state") +
                          "\n"
                          "  listen: \"127.0.0.1:0\"\n"
                          "  evaluation_interval: 1h\n"
                          "accounts:\n"
                          "  - id: acme-ebay\n"
                          "    marketplace: ebay\n"
                          "    sources:\n"
                          "      - type: ebay\n"
                          "        endpoint: " +
                          server_.Endpoint() +
                          "\n"
                          "        token_endpoint: " +
                          server_.TokenEndpoint() +
                          "\n"
                          "        client_id: ${EBAY_CLIENT_ID}\n"
                          "        client_secret: ${EBAY_CLIENT_SECRET}\n"
                          "        refresh_token: ${EBAY_REFRESH_TOKEN}\n"
                          "        timeout: 3s\n" +
                          extra +
                          "receivers:\n"
                          "  - {name: ops, file: {path: " +
                          dir_.File("alerts.jsonl") + "}}\n");
  }

  std::map<std::string, std::string> Env() const override {
    return {{"EBAY_CLIENT_ID", std::string(EbayServer::kClientId)},
            {"EBAY_CLIENT_SECRET", std::string(EbayServer::kClientSecret)},
            {"EBAY_REFRESH_TOKEN", refresh_token_}};
  }
  std::vector<std::string> Secrets() const override {
    return {std::string(EbayServer::kClientSecret), std::string(EbayServer::kRefreshToken),
            std::string(EbayServer::kAccessPrefix), "wrong-refresh-do-not-log"};
  }

  core::Timestamp Shifted(std::string_view t) { return *core::ParseRfc3339(server_.Shift(t)); }

  // The failed-poll log line of `stream` that holds every one of `parts`.
  static bool Logged(const std::string& err, const std::string& stream,
                     const std::vector<std::string>& parts) {
    std::istringstream lines(err);
    for (std::string line; std::getline(lines, line);) {
      bool all = line.find("source=" + stream + " poll failed") != std::string::npos;
      for (const auto& p : parts) all = all && line.find(p) != std::string::npos;
      if (all) return true;
    }
    return false;
  }

  EbayServer server_;
  std::string refresh_token_ = std::string(EbayServer::kRefreshToken);
};

const boost::json::object& MetricNamed(const boost::json::value& account, std::string_view name) {
  for (const auto& m : account.at("metrics").as_array())
    if (m.at("name").as_string() == name) return m.as_object();
  ADD_FAILURE() << "no metric " << name;
  static boost::json::object none;
  return none;
}

TEST_F(EbaySourceTest, PollOnceStoresOrdersAndStandardsFieldByField) {
  auto r = PollOnce(Config());
  ASSERT_EQ(r.exit_code, 0) << r.err;

  auto orders = Of<core::Order>();
  ASSERT_EQ(orders.size(), 6u);
  const core::Order& shipped = orders.at("00-00000-00001");
  EXPECT_EQ(shipped.status, core::OrderStatus::kShipped);
  EXPECT_EQ(shipped.fulfillment, core::Fulfillment::kMerchant);
  EXPECT_EQ(shipped.purchased_at, Shifted("2026-01-10T09:00:00Z"));
  EXPECT_EQ(shipped.updated_at, Shifted("2026-01-11T15:30:00Z"));
  EXPECT_EQ(shipped.ship_by, Shifted("2026-01-12T07:59:59Z"));
  EXPECT_EQ(shipped.deliver_by, Shifted("2026-01-16T08:00:00Z"));
  EXPECT_EQ(shipped.shipped_at, Shifted("2026-01-11T15:00:00Z"));
  EXPECT_EQ(shipped.tracking_valid, true);
  EXPECT_FALSE(shipped.cancel_initiator.has_value());
  const core::Order& seller = orders.at("00-00000-00002");
  EXPECT_EQ(seller.status, core::OrderStatus::kCancelled);
  EXPECT_EQ(seller.cancelled_at, Shifted("2026-01-11T10:00:00Z"));
  EXPECT_EQ(seller.cancel_initiator, core::CancelInitiator::kSeller);
  EXPECT_EQ(orders.at("00-00000-00003").status, core::OrderStatus::kUnshipped);
  EXPECT_EQ(orders.at("00-00000-00004").cancel_initiator, core::CancelInitiator::kBuyer);
  EXPECT_EQ(orders.at("00-00000-00005").cancel_initiator, core::CancelInitiator::kUnknown);
  const core::Order& late = orders.at("00-00000-00006");
  EXPECT_EQ(late.shipped_at, Shifted("2026-01-12T08:00:00Z"));
  EXPECT_EQ(late.ship_by, Shifted("2026-01-11T07:59:59Z"));
  EXPECT_EQ(late.tracking_valid, false);
  EXPECT_EQ(Cursor(kOrders), core::FormatRfc3339(Shifted("2026-01-12T09:00:00Z")));
  EXPECT_EQ(Cursor(kStandards), "{}");

  auto platform = Of<core::PlatformValue>();
  EXPECT_EQ(platform.at("platform.standards_level").value, "TOP_RATED");
  EXPECT_EQ(platform.at("platform.standards_level_projected").value, "ABOVE_STANDARD");
  EXPECT_EQ(platform.at("platform.standards_projection").value, "DROPS");
  EXPECT_EQ(platform.at("platform.defective_transaction_rate").value, "0.0014");
  EXPECT_EQ(platform.at("platform.defective_transaction_rate.threshold").value, "0.005");
  EXPECT_EQ(platform.at("platform.defective_transaction_rate_projected").value, "0.006");
  EXPECT_EQ(platform.at("platform.item_not_received.domestic.rate").value, "0.0106");

  // What the seller sees.
  auto status = Run({"status", "--json", "-c", dir_.File("sellerwatch.yaml")});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto doc = boost::json::parse(status.out);
  const auto& acme = doc.at("accounts").as_array().at(0);
  EXPECT_EQ(acme.at("marketplace").as_string(), "ebay");
  // 6 orders this week; the seller's cancels: 2 (seller) and 5 (unknown); 4 was the buyer's.
  const auto& cancels = MetricNamed(acme, "cancellation_rate");
  EXPECT_EQ(cancels.at("numerator").to_number<double>(), 2);
  EXPECT_EQ(cancels.at("denominator").to_number<double>(), 6);
  EXPECT_DOUBLE_EQ(cancels.at("critical").to_number<double>(), 0.02);  // the eBay preset
  // Due to ship (cancelled orders excluded): 1 on time, 3 unshipped past ship-by, 6 late.
  const auto& late10 = MetricNamed(acme, "late_shipment_rate_10d");
  EXPECT_EQ(late10.at("numerator").to_number<double>(), 2);
  EXPECT_EQ(late10.at("denominator").to_number<double>(), 3);
  const auto& tracking = MetricNamed(acme, "valid_tracking_rate");
  EXPECT_EQ(tracking.at("numerator").to_number<double>(), 1);
  EXPECT_EQ(tracking.at("denominator").to_number<double>(), 2);
  std::map<std::string, std::string> reported;
  for (const auto& p : acme.at("platform").as_array()) {
    reported[std::string(p.at("name").as_string())] = std::string(p.at("value").as_string());
  }
  EXPECT_EQ(reported["platform.standards_level"], "TOP_RATED");
  EXPECT_EQ(reported["platform.standards_level_projected"], "ABOVE_STANDARD");
  EXPECT_EQ(reported["platform.standards_projection"], "DROPS");
  EXPECT_EQ(reported["platform.shipping_miss_rate"], "0.0091");
  // The projected drop from Top Rated warns (preset standards_projection); the levels
  // themselves are not BELOW_STANDARD.
  std::map<std::string, std::string> alerts;
  for (const auto& a : acme.at("alerts").as_array()) {
    alerts[std::string(a.at("rule").as_string())] = std::string(a.at("severity").as_string());
  }
  EXPECT_EQ(alerts["standards_projection"], "warning");
  EXPECT_EQ(alerts.count("standards_level"), 0u);
  EXPECT_EQ(alerts.count("standards_level_projected"), 0u);
}

TEST_F(EbaySourceTest, BelowStandardIsCriticalAndASteadyLevelDoesNotNag) {
  std::string config = Config();
  server_.SetLevels("ABOVE_STANDARD", "ABOVE_STANDARD");
  ASSERT_EQ(PollOnce(config).exit_code, 0);
  auto alerts = [&] {
    auto status = Run({"status", "--json", "-c", config});
    std::map<std::string, std::string> out;
    auto doc = boost::json::parse(status.out);
    for (const auto& a : doc.at("accounts").at(0).at("alerts").as_array())
      out[std::string(a.at("rule").as_string())] = std::string(a.at("severity").as_string());
    return out;
  };
  auto steady = alerts();
  EXPECT_EQ(steady.count("standards_projection"), 0u);  // KEEPS
  EXPECT_EQ(steady.count("standards_level"), 0u);
  server_.SetLevels("ABOVE_STANDARD", "BELOW_STANDARD");
  ASSERT_EQ(PollOnce(config).exit_code, 0);
  auto falling = alerts();
  EXPECT_EQ(falling["standards_level_projected"], "critical");
  EXPECT_EQ(falling["standards_projection"], "warning");
  EXPECT_EQ(falling.count("standards_level"), 0u);
}

TEST_F(EbaySourceTest, EveryFaultIsSurvivedWithoutDuplicatesOrALostCursor) {
  std::string config = Config();
  ASSERT_EQ(PollOnce(config).exit_code, 0);
  const auto cursor = Cursor(kOrders);
  ASSERT_TRUE(cursor.has_value());
  const std::size_t events = Events().size();
  const std::string orders = server_.Endpoint() + "/sell/fulfillment/v1/order";

  struct Case {
    Fault fault;
    std::string path;
    std::vector<std::string> expect;  // in the log line, next to the stream
  };
  for (const auto& [fault, path, expect] : std::vector<Case>{
           {Fault::k429, "/sell/fulfillment/v1/order", {"GET " + orders, "HTTP 429: 2001"}},
           {Fault::k429RetryAfter,
            "/post-order/",
            {"/post-order/v2/cancellation/search", "retry after 7s"}},
           {Fault::k500,
            "/sell/fulfillment/v1/order/",
            {"/shipping_fulfillment", "HTTP 500: 10001"}},
           {Fault::kHang, "/sell/fulfillment/v1/order", {orders, "timed out"}},
           {Fault::kTruncated, "/post-order/", {"/post-order/v2/cancellation/search"}},
           {Fault::kMalformedJson,
            "/sell/fulfillment/v1/order",
            {"GET " + orders, "malformed JSON"}},
           {Fault::kRepeatNext,
            "/sell/fulfillment/v1/order",
            {"GET " + orders, "the same next page came back twice"}}}) {
    SCOPED_TRACE(expect.back());
    server_.Inject(fault, 1, path);
    auto r = PollOnce(config);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(Logged(r.err, kOrders, expect)) << r.err;
    EXPECT_EQ(Cursor(kOrders), cursor);
    EXPECT_EQ(Events().size(), events);
    server_.ClearFaults();
  }

  // An expired token is refreshed: the poll succeeds.
  server_.Inject(Fault::kExpiredToken, 1, "/post-order/");
  EXPECT_EQ(PollOnce(config).exit_code, 0);
  // A page repeating the previous page's records: nothing stored twice.
  server_.Inject(Fault::kRepeatPage, 1, "/sell/fulfillment/v1/order");
  EXPECT_EQ(PollOnce(config).exit_code, 0);
  EXPECT_EQ(Events().size(), events);
  EXPECT_EQ(Of<core::Order>().size(), 6u);
  EXPECT_EQ(Cursor(kOrders), cursor);
  // A broken standards answer fails that stream alone.
  server_.Inject(Fault::kMalformedJson, 1, "/sell/analytics/");
  auto r = PollOnce(config);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Logged(r.err, kStandards, {"seller_standards_profile", "malformed JSON"})) << r.err;
  EXPECT_FALSE(Logged(r.err, kOrders, {}));
}

TEST_F(EbaySourceTest, NothingIsKeptWhenTheFirstPollFails) {
  std::string config = Config();
  server_.Inject(Fault::k500, 1, "/post-order/");
  EXPECT_EQ(PollOnce(config).exit_code, 1);
  EXPECT_FALSE(Cursor(kOrders).has_value());
  EXPECT_TRUE(Of<core::Order>().empty());
  EXPECT_EQ(PollOnce(config).exit_code, 0);
  EXPECT_EQ(Of<core::Order>().size(), 6u);
}

TEST_F(EbaySourceTest, SourceDownOnceThenResolvedOnceAcrossRuns) {
  server_.Inject(Fault::k500, 100, "/sell/fulfillment/v1/order");
  ExpectOneSourceDownThenOneResolved(Config("        stale_after: 1ms\n"), kOrders, "HTTP 500",
                                     [&] { server_.ClearFaults(); });
}

TEST_F(EbaySourceTest, RefusedAfterRefreshSaysCredentialsRejected) {
  std::string config = Config("        stale_after: 1ms\n");
  server_.Inject(Fault::kRejectAll, 1, "/");
  auto first = PollOnce(config);
  EXPECT_EQ(first.exit_code, 1);
  EXPECT_TRUE(Logged(first.err, kOrders, {"HTTP 403: 1100", "credentials rejected"})) << first.err;
  EXPECT_TRUE(Logged(first.err, kStandards, {"HTTP 403", "credentials rejected"})) << first.err;
  PollOnce(config);
  std::size_t said = 0;
  for (const auto& [rule, status, summary] : SourceDown()) {
    said += summary.find("rejected its credentials") != std::string::npos;
  }
  EXPECT_EQ(said, 2u) << ReadFile(dir_.File("alerts.jsonl"));  // both streams
}

TEST_F(EbaySourceTest, ARevokedRefreshTokenIsCredentialsRejectedAtTheTokenEndpoint) {
  refresh_token_ = "wrong-refresh-do-not-log";
  auto r = PollOnce(Config());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Logged(r.err, kOrders,
                     {server_.TokenEndpoint(), "HTTP 400: invalid_grant", "credentials rejected"}))
      << r.err;
  EXPECT_TRUE(Events().empty());
}

TEST_F(EbaySourceTest, DaemonPollsEveryStreamAndRaisesSourceDown) {
  std::string config = Config(
      "        poll: {orders: 1s, standards: 1h}\n"
      "        stale_after: 1ms\n");
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config, "--log-level", "debug"},
                           Env());
  for (const char* stream : {kOrders, kStandards}) {
    ASSERT_TRUE(daemon.WaitForStderr(std::string("source=") + stream + " poll:", 60s))
        << daemon.err();
  }
  EXPECT_EQ(Of<core::Order>().size(), 6u);
  EXPECT_EQ(Of<core::PlatformValue>().at("platform.standards_projection").value, "DROPS");
  server_.Inject(Fault::k500, 1000, "/sell/fulfillment/v1/order");
  ASSERT_TRUE(daemon.WaitForStderr("source_down raised", 60s)) << daemon.err();
  ASSERT_TRUE(daemon.WaitForStderr("receiver=ops delivered source_down-", 60s)) << daemon.err();
  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(20s);
  output_ += daemon.out() + daemon.err();
  ASSERT_TRUE(code.has_value()) << daemon.err();
  EXPECT_EQ(*code, 0);
  EXPECT_EQ(SourceDown().size(), 1u);
  EXPECT_EQ(Of<core::Order>().size(), 6u);
}

}  // namespace
}  // namespace sellerwatch::testing
