// The shopify source end to end: `sellerwatch poll --once` and `sellerwatch run` against the
// fake GraphQL Admin API; stored orders and `status --json` metrics checked against the
// fixtures; every scripted fault survived without duplicates or a cursor past unstored data;
// THROTTLED waited out and retried; source_down raised once and resolved once; a refused token
// is "credentials rejected"; the access token in no output.

#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <map>
#include <sstream>

#include "core/time.hpp"
#include "fakes/shopify_server.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"
#include "integration/source_test_base.hpp"
#include "store/cursor_store.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;
using Fault = ShopifyServer::Fault;

constexpr const char* kSource = "acme-shop/shopify";
constexpr std::string_view kPage1 = ShopifyServer::kPage1;
constexpr std::string_view kPage2 = ShopifyServer::kPage2;

const boost::json::object& MetricNamed(const boost::json::value& account, std::string_view name) {
  for (const auto& m : account.at("metrics").as_array())
    if (m.at("name").as_string() == name) return m.as_object();
  ADD_FAILURE() << "no metric " << name;
  static boost::json::object none;
  return none;
}

class ShopifySourceTest : public SourceTestBase {
 protected:
  ShopifySourceTest() : SourceTestBase("acme-shop") {}

  std::string Config(const std::string& extra = "") {
    return dir_.Write("sellerwatch.yaml",
                      "daemon:\n"
                      "  state_dir: " +
                          dir_.File("state") +
                          "\n"
                          "  listen: \"127.0.0.1:0\"\n"
                          "  evaluation_interval: 1h\n"
                          "accounts:\n"
                          "  - id: acme-shop\n"
                          "    marketplace: shopify\n"
                          "    sources:\n"
                          "      - type: shopify\n"
                          "        endpoint: " +
                          server_.Endpoint() +
                          "\n"
                          "        access_token: ${SHOPIFY_TOKEN}\n"
                          "        timeout: 3s\n" +
                          extra +
                          "receivers:\n"
                          "  - {name: ops, file: {path: " +
                          dir_.File("alerts.jsonl") + "}}\n");
  }

  std::map<std::string, std::string> Env() const override {
    return {{"SHOPIFY_TOKEN", std::string(ShopifyServer::kAccessToken)}};
  }
  std::vector<std::string> Secrets() const override {
    return {std::string(ShopifyServer::kAccessToken)};
  }

  core::Timestamp Shifted(std::string_view file, std::string_view t) {
    return *core::ParseRfc3339(server_.Shift(file, t));
  }

  // A line of `err` saying the poll of the source failed and containing every one of `parts`.
  static bool Logged(const std::string& err, const std::vector<std::string>& parts) {
    std::istringstream lines(err);
    for (std::string line; std::getline(lines, line);) {
      bool all = line.find(std::string("source=") + kSource + " poll failed") != std::string::npos;
      for (const auto& p : parts) all = all && line.find(p) != std::string::npos;
      if (all) return true;
    }
    return false;
  }

  ShopifyServer server_;
};

TEST_F(ShopifySourceTest, PollOnceStoresOrdersAndStatusShowsTheirMetrics) {
  std::string config = Config();
  auto r = PollOnce(config);
  ASSERT_EQ(r.exit_code, 0) << r.err;

  auto orders = Of<core::Order>();
  ASSERT_EQ(orders.size(), 8u);  // 9 in the shop, one of them a test order
  EXPECT_EQ(orders.count("1005"), 0u);
  const core::Order& delivered = orders.at("1001");
  EXPECT_EQ(delivered.status, core::OrderStatus::kDelivered);
  EXPECT_EQ(delivered.purchased_at, Shifted(kPage1, "2026-01-10T09:00:00Z"));
  EXPECT_EQ(delivered.ship_by, Shifted(kPage1, "2026-01-12T09:00:00Z"));
  EXPECT_EQ(delivered.shipped_at, Shifted(kPage1, "2026-01-11T16:00:00Z"));
  EXPECT_EQ(delivered.delivered_at, Shifted(kPage1, "2026-01-13T15:30:00Z"));
  EXPECT_EQ(delivered.tracking_valid, true);
  EXPECT_EQ(orders.at("1002").cancel_initiator, core::CancelInitiator::kSeller);
  EXPECT_EQ(orders.at("1004").cancel_initiator, core::CancelInitiator::kBuyer);
  EXPECT_EQ(orders.at("1007").cancel_initiator, core::CancelInitiator::kPlatform);
  EXPECT_EQ(orders.at("1006").shipped_at, Shifted(kPage2, "2026-01-12T10:00:00Z"));
  EXPECT_EQ(orders.at("1009").status, core::OrderStatus::kUnshipped);
  EXPECT_EQ(Cursor(kSource), core::FormatRfc3339(server_.LiveOrderUpdatedAt()));

  auto status = Run({"status", "--json", "-c", config});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto doc = boost::json::parse(status.out);
  const auto& shop = doc.at("accounts").at(0);
  EXPECT_EQ(shop.at("id").as_string(), "acme-shop");
  EXPECT_EQ(shop.at("marketplace").as_string(), "shopify");
  // Cancellations, 7 days: all 8 orders; only #1002 (INVENTORY) is the seller's — #1004
  // (CUSTOMER) was the buyer's and #1007 (FRAUD) the platform's.
  const auto& cancels = MetricNamed(shop, "cancellation_rate");
  EXPECT_EQ(cancels.at("numerator").to_number<double>(), 1);
  EXPECT_EQ(cancels.at("denominator").to_number<double>(), 8);
  EXPECT_DOUBLE_EQ(cancels.at("value").as_double(), 0.125);
  // Late shipments, 10 days, due = processedAt + 48 h already past, cancelled ones left out:
  // #1001 and #1008 on time, #1006 fulfilled after 74 h and #1003 never: 2 of 4. The live
  // order #1009 is due in 8 h: not in the window yet, but at risk.
  const auto& late = MetricNamed(shop, "late_shipment_rate_10d");
  EXPECT_EQ(late.at("numerator").to_number<double>(), 2);
  EXPECT_EQ(late.at("denominator").to_number<double>(), 4);
  EXPECT_DOUBLE_EQ(late.at("value").as_double(), 0.5);
  // Tracking, 30 days by shipped_at: #1001 and #1006 have a number, #1008 none (its cancelled
  // fulfillment with one does not count).
  const auto& tracking = MetricNamed(shop, "valid_tracking_rate");
  EXPECT_EQ(tracking.at("numerator").to_number<double>(), 2);
  EXPECT_EQ(tracking.at("denominator").to_number<double>(), 3);
  // Shopify promises no delivery date: nothing to measure.
  EXPECT_TRUE(MetricNamed(shop, "on_time_delivery_rate").at("value").is_null());
  std::vector<std::string> at_risk;
  for (const auto& g : shop.at("at_risk").as_array()) {
    if (g.at("kind").as_string() != "ship_deadline_at_risk") continue;
    for (const auto& item : g.at("items").as_array()) {
      at_risk.push_back(std::string(item.at("id").as_string()) + "@" +
                        std::string(item.at("deadline").as_string()));
    }
  }
  EXPECT_EQ(at_risk, std::vector<std::string>{
                         "1009@" + core::FormatRfc3339(server_.LiveOrderPlacedAt() + 48h)});
}

TEST_F(ShopifySourceTest, HandlingTimeFromTheConfigMovesShipBy) {
  auto r = PollOnce(Config("        handling_time: 24h\n"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto orders = Of<core::Order>();
  EXPECT_EQ(orders.at("1006").ship_by, Shifted(kPage2, "2026-01-10T08:00:00Z"));
  EXPECT_EQ(orders.at("1009").ship_by, server_.LiveOrderPlacedAt() + 24h);
  auto status = Run({"status", "--json", "-c", dir_.File("sellerwatch.yaml")});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto doc = boost::json::parse(status.out);
  // A day to ship: #1008 (21 h) is on time; #1001 (31 h), #1006 (74 h) and the still unshipped
  // #1003 and #1009 (placed 40 h ago, now past its deadline) are late: 4 of 5.
  const auto& late = MetricNamed(doc.at("accounts").at(0), "late_shipment_rate_10d");
  EXPECT_EQ(late.at("numerator").to_number<double>(), 4);
  EXPECT_EQ(late.at("denominator").to_number<double>(), 5);
}

TEST_F(ShopifySourceTest, EveryFaultIsSurvivedWithoutDuplicatesOrALostCursor) {
  // A failing second page on the first poll: nothing of the first page is kept.
  server_.Inject(Fault::k500, 1, /*follow_up_only=*/true);
  auto failed = PollOnce(Config());
  EXPECT_EQ(failed.exit_code, 1);
  EXPECT_TRUE(Logged(failed.err, {"HTTP 500", "/graphql.json"})) << failed.err;
  EXPECT_TRUE(Events().empty());
  EXPECT_FALSE(Cursor(kSource).has_value());

  ASSERT_EQ(PollOnce(Config()).exit_code, 0);
  const auto cursor = Cursor(kSource);
  ASSERT_TRUE(cursor.has_value());
  ASSERT_EQ(Events().size(), 8u);

  // From here every poll re-reads all three pages (a 90-day overlap), so faults on later pages
  // and repeated records meet stored data.
  std::string config = Config("        overlap: 90d\n");
  const std::string url = server_.Endpoint() + "/admin/api/2026-10/graphql.json";
  struct Case {
    Fault fault;
    bool follow_up_only;
    std::string expect;  // in the log line, next to the source and the endpoint
  };
  for (const auto& c :
       std::vector<Case>{{Fault::k500, false, "HTTP 500: Internal Server Error"},
                         {Fault::k500, true, "HTTP 500: Internal Server Error"},
                         {Fault::k429, false, "HTTP 429: Exceeded 2 calls per second"},
                         {Fault::kHang, true, "timed out"},
                         {Fault::kTruncated, false, "POST " + url},
                         {Fault::kMalformedJson, true, "malformed JSON"},
                         {Fault::kGraphqlError, false, "GraphQL error: undefinedField"},
                         {Fault::kRepeatCursor, true, "the same endCursor came back twice"}}) {
    server_.Inject(c.fault, 1, c.follow_up_only);
    auto r = PollOnce(config);
    EXPECT_EQ(r.exit_code, 1) << c.expect << "\n" << r.err;
    EXPECT_TRUE(Logged(r.err, {c.expect, "/admin/api/2026-10/graphql.json"})) << c.expect << "\n"
                                                                              << r.err;
    EXPECT_EQ(Cursor(kSource), cursor) << c.expect;
    EXPECT_EQ(Events().size(), 8u) << c.expect;
    server_.ClearFaults();
  }

  // A page repeating the previous page's last order: stored once.
  server_.Inject(Fault::kRepeatRecords);
  auto repeated = PollOnce(config);
  EXPECT_EQ(repeated.exit_code, 0) << repeated.err;
  EXPECT_EQ(Of<core::Order>().size(), 8u);
  EXPECT_EQ(Events().size(), 8u);
  EXPECT_EQ(Cursor(kSource), cursor);

  // THROTTLED: waited out (about a second) within the same poll, then asked again.
  server_.Inject(Fault::kThrottled);
  auto throttled = PollOnce(config);
  EXPECT_EQ(throttled.exit_code, 0) << throttled.err;
  EXPECT_EQ(server_.ThrottledAnswers(), 1u);
  EXPECT_NE(throttled.err.find(std::string("source=") + kSource + " POST " + url +
                               ": THROTTLED by Shopify (592 of 1000 points available, 642 "
                               "needed, restoring 50/s): waiting 1s before asking again"),
            std::string::npos)
      << throttled.err;
  EXPECT_EQ(Cursor(kSource), cursor);
  EXPECT_EQ(Of<core::Order>().size(), 8u);
}

TEST_F(ShopifySourceTest, SourceDownOnceThenResolvedOnceAcrossRuns) {
  server_.Inject(Fault::k500, 100);
  ExpectOneSourceDownThenOneResolved(Config("        stale_after: 1ms\n"), kSource, "HTTP 500",
                                     [&] { server_.ClearFaults(); });
}

TEST_F(ShopifySourceTest, RefusedTokenSaysCredentialsRejected) {
  std::string config = Config("        stale_after: 1ms\n");
  server_.Inject(Fault::kUnauthorized, 100);
  auto first = PollOnce(config);
  EXPECT_EQ(first.exit_code, 1);
  EXPECT_TRUE(Logged(
      first.err, {"HTTP 401", "credentials rejected", "new Admin API access token", "read_orders"}))
      << first.err;
  PollOnce(config);
  bool said = false;
  for (const auto& [rule, status, summary] : SourceDown()) {
    said |= summary.find("rejected its credentials") != std::string::npos &&
            summary.find("read_orders") != std::string::npos;
  }
  EXPECT_TRUE(said) << ReadFile(dir_.File("alerts.jsonl"));
  EXPECT_EQ(server_.Requests().size(), 2u) << "one request a poll: nothing to refresh or retry";
  Run({"status", "-c", config});
}

TEST_F(ShopifySourceTest, DaemonPollsWaitsOutThrottlingAndRaisesSourceDown) {
  std::string config = Config("        poll: 1s\n        stale_after: 1ms\n");
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config, "--log-level", "debug"},
                           Env());
  const std::string polled = std::string("source=") + kSource + " poll:";
  ASSERT_TRUE(daemon.WaitForStderr(polled, 60s)) << daemon.err();
  EXPECT_EQ(Of<core::Order>().size(), 8u);
  server_.Inject(Fault::kThrottled);
  ASSERT_TRUE(daemon.WaitForStderr("THROTTLED by Shopify", 60s)) << daemon.err();
  const std::size_t polls_before = [&] {
    std::size_t n = 0;
    for (auto pos = daemon.err().find(polled); pos != std::string::npos;
         pos = daemon.err().find(polled, pos + 1))
      ++n;
    return n;
  }();
  // The throttled poll itself succeeds (after its wait): one more successful poll line.
  ASSERT_TRUE(daemon.WaitForStderr(polled, 60s, polls_before + 1)) << daemon.err();
  EXPECT_EQ(daemon.err().find(std::string("source=") + kSource + " poll failed"), std::string::npos)
      << daemon.err();
  server_.Inject(Fault::k500, 1000);
  ASSERT_TRUE(daemon.WaitForStderr("source_down raised", 60s)) << daemon.err();
  ASSERT_TRUE(daemon.WaitForStderr("receiver=ops delivered source_down-", 60s)) << daemon.err();
  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(20s);
  output_ += daemon.out() + daemon.err();
  ASSERT_TRUE(code.has_value()) << daemon.err();
  EXPECT_EQ(*code, 0);
  EXPECT_EQ(SourceDown().size(), 1u);
  EXPECT_EQ(Of<core::Order>().size(), 8u);
}

}  // namespace
}  // namespace sellerwatch::testing
