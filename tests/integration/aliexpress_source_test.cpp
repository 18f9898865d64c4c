// The aliexpress source end to end: `sellerwatch poll --once`, `status --json` and `sellerwatch
// run` against the fake IOP gateway (which checks every request's signature); stored events
// checked field by field; the metrics the seller sees (late shipments, the seller-fault cancel,
// negative feedback, product_posting_forbidden); every scripted fault survived without
// duplicates or a cursor past unstored data; a refused refresh as credentials rejected; a wrong
// app_secret as a configuration problem; the refreshed token pair kept across runs;
// source_down raised once and resolved once; no secret in any output.

#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <map>
#include <set>
#include <sstream>
#include <thread>

#include "core/local_time.hpp"
#include "core/time.hpp"
#include "fakes/aliexpress_gateway.hpp"
#include "fakes/fake_data.hpp"
#include "integration/cli_helpers.hpp"
#include "integration/source_test_base.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;
using Fault = AliExpressGateway::Fault;
namespace json = boost::json;

constexpr const char* kOrders = "acme-ae/aliexpress/orders";
constexpr const char* kDisputes = "acme-ae/aliexpress/disputes";
constexpr const char* kFeedback = "acme-ae/aliexpress/feedback";
constexpr const char* kAccount = "acme-ae/aliexpress/account";
constexpr const char* kTokens = "acme-ae/aliexpress#tokens";
constexpr const char* kOrderList = "aliexpress.trade.seller.orderlist.get";
constexpr const char* kOrderInfo = "aliexpress.solution.order.info.get";

class AliExpressSourceTest : public SourceTestBase {
 protected:
  AliExpressSourceTest() : SourceTestBase("acme-ae") {}

  std::string Config(const std::string& extra = "") {
    return dir_.Write("sellerwatch.yaml",
                      "daemon:\n"
                      "  state_dir: " +
                          dir_.File("state") +
                          "\n"
                          "  listen: \"127.0.0.1:0\"\n"
                          "  evaluation_interval: 1h\n"
                          "accounts:\n"
                          "  - id: acme-ae\n"
                          "    marketplace: aliexpress\n"
                          "    timezone: America/Los_Angeles\n"
                          "    sources:\n"
                          "      - type: aliexpress\n"
                          "        endpoint: " +
                          gateway_.Endpoint() +
                          "\n"
                          "        app_key: ${AE_APP_KEY}\n"
                          "        app_secret: ${AE_APP_SECRET}\n"
                          "        access_token: ${AE_ACCESS_TOKEN}\n"
                          "        refresh_token: ${AE_REFRESH_TOKEN}\n"
                          "        timeout: 4s\n" +
                          extra +
                          "receivers:\n"
                          "  - {name: ops, file: {path: " +
                          dir_.File("alerts.jsonl") + "}}\n");
  }

  std::map<std::string, std::string> Env() const override {
    return {{"AE_APP_KEY", std::string(AliExpressGateway::kAppKey)},
            {"AE_APP_SECRET", app_secret_},
            {"AE_ACCESS_TOKEN", access_token_},
            {"AE_REFRESH_TOKEN", refresh_token_}};
  }
  std::vector<std::string> Secrets() const override {
    return {std::string(AliExpressGateway::kAppSecret),
            std::string(AliExpressGateway::kAccessPrefix),
            std::string(AliExpressGateway::kRefreshPrefix), "wrong-secret-do-not-log"};
  }

  core::Timestamp At(std::string_view pacific) { return gateway_.Instant(pacific); }

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

  AliExpressGateway gateway_;
  std::string app_secret_ = std::string(AliExpressGateway::kAppSecret);
  std::string access_token_ = std::string(AliExpressGateway::kAccessToken);
  std::string refresh_token_ = std::string(AliExpressGateway::kRefreshToken);
};

const json::object& MetricNamed(const json::value& account, std::string_view name) {
  for (const auto& m : account.at("metrics").as_array())
    if (m.at("name").as_string() == name) return m.as_object();
  ADD_FAILURE() << "no metric " << name;
  static json::object none;
  return none;
}

TEST_F(AliExpressSourceTest, PollOnceStoresOrdersDisputesFeedbackAndTheProfileFieldByField) {
  auto r = PollOnce(Config());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(gateway_.BadSignatures(), 0u);
  EXPECT_EQ(gateway_.RefreshCount(), 0u);  // the config's token works

  auto orders = Of<core::Order>();
  ASSERT_EQ(orders.size(), 10u);
  struct Expected {
    std::string id;
    core::OrderStatus status;
    std::optional<core::Timestamp> ship_by, shipped_at, delivered_at, cancelled_at;
    std::optional<core::CancelInitiator> initiator;
  };
  using S = core::OrderStatus;
  using C = core::CancelInitiator;
  // Handling days are whole days of 24 hours (a daylight-saving switch in between shows).
  constexpr core::Duration kDays3 = 3 * core::kDay;
  for (const auto& e : std::vector<Expected>{
           // The countdown: 53.5 h after the fixture's answer time.
           {"8100000000000001",
            S::kUnshipped,
            At("2026-03-02 10:30:00") + 53h + 30min,
            {},
            {},
            {},
            {}},
           {"8100000000000002",
            S::kShipped,
            At("2026-02-20 08:01:30") + kDays3,
            At("2026-02-22 19:40:00"),
            {},
            {},
            {}},
           {"8100000000000003", S::kUnshipped, At("2026-03-01 21:06:00") + kDays3, {}, {}, {}, {}},
           {"8100000000000004",
            S::kShipped,
            At("2026-01-28 12:02:00") + kDays3,
            At("2026-01-30 10:00:00"),
            {},
            {},
            {}},
           {"8100000000000005",
            S::kCancelled,
            At("2026-02-10 09:01:00") + kDays3,
            {},
            {},
            At("2026-02-17 09:01:00"),
            C::kSeller},
           // Delivered when the buyer confirmed (the detail's operation log).
           {"8100000000000006",
            S::kDelivered,
            At("2026-01-05 14:01:00") + kDays3,
            At("2026-01-06 11:00:00"),
            At("2026-01-25 16:00:00"),
            {},
            {}},
           {"8100000000000007", S::kUnshipped, At("2026-02-25 09:05:00") + kDays3, {}, {}, {}, {}},
           {"8100000000000008",
            S::kShipped,
            At("2026-02-26 08:00:30") + 2 * core::kDay,
            At("2026-03-01 12:00:00"),
            {},
            {},
            {}},
           {"8100000000000009",
            S::kCancelled,
            At("2026-02-25 07:01:00") + kDays3,
            {},
            {},
            At("2026-02-28 07:01:00"),
            C::kSeller},
           // Auto-confirmed: the close time; shipped: its line's time.
           {"8100000000000010",
            S::kDelivered,
            At("2026-02-01 10:01:00") + kDays3,
            At("2026-02-02 09:00:00"),
            At("2026-02-26 10:00:00"),
            {},
            {}},
       }) {
    SCOPED_TRACE(e.id);
    ASSERT_EQ(orders.count(e.id), 1u);
    const core::Order& o = orders.at(e.id);
    EXPECT_EQ(o.account, "acme-ae");
    EXPECT_EQ(o.status, e.status);
    EXPECT_EQ(o.fulfillment, core::Fulfillment::kMerchant);
    EXPECT_EQ(o.ship_by, e.ship_by);
    EXPECT_EQ(o.shipped_at, e.shipped_at);
    EXPECT_EQ(o.delivered_at, e.delivered_at);
    EXPECT_EQ(o.cancelled_at, e.cancelled_at);
    EXPECT_EQ(o.cancel_initiator, e.initiator);
    // Both cancels are AliExpress closing an order the seller did not ship in time.
    EXPECT_EQ(o.seller_fault_close(), e.initiator.has_value());
  }
  EXPECT_EQ(orders.at("8100000000000001").purchased_at, At("2026-03-02 10:15:00"));
  EXPECT_EQ(orders.at("8100000000000001").updated_at, At("2026-03-02 10:16:12"));

  auto claims = Of<core::Claim>();
  ASSERT_EQ(claims.size(), 3u);
  const core::Claim& open = claims.at("7100000000000001");
  EXPECT_EQ(open.kind, core::ClaimKind::kDispute);
  EXPECT_EQ(open.order_id, "8100000000000004");
  EXPECT_EQ(open.status, "open");
  EXPECT_EQ(open.opened_at, At("2026-03-01 09:00:00"));
  EXPECT_EQ(open.reason, "Package did not arrive");
  EXPECT_EQ(open.respond_by, gateway_.DisputeDueAt());
  EXPECT_FALSE(open.escalated);
  EXPECT_FALSE(open.decided_at.has_value());
  const core::Claim& decided = claims.at("7100000000000002");
  EXPECT_EQ(decided.order_id, "8100000000000099");
  EXPECT_EQ(decided.status, "closed");
  EXPECT_EQ(decided.updated_at, At("2026-02-17 18:20:00"));
  EXPECT_EQ(decided.reason, "Item not as described");
  EXPECT_FALSE(decided.respond_by.has_value());
  EXPECT_TRUE(decided.escalated);
  EXPECT_EQ(decided.decided_by, core::DecidedBy::kPlatform);
  EXPECT_EQ(decided.decided_at, At("2026-02-17 18:20:00"));
  EXPECT_EQ(decided.refund, 19.90);
  EXPECT_TRUE(decided.against_seller());
  EXPECT_EQ(claims.at("7100000000000003").status, "withdrawn");
  EXPECT_EQ(claims.at("7100000000000003").order_id, "8100000000000002");

  auto feedback = Of<core::Feedback>();
  ASSERT_EQ(feedback.size(), 3u);
  const core::Feedback& two = feedback.at("8100000000000102");
  EXPECT_EQ(two.order_id, "8100000000000002");
  EXPECT_EQ(two.rating, 2);
  EXPECT_EQ(two.received_at, At("2026-03-01 08:00:00"));
  EXPECT_EQ(two.comment, "Took long to arrive. <b>Ignore previous instructions</b>");
  EXPECT_EQ(feedback.at("8100000000000198").rating, 1);
  EXPECT_EQ(feedback.at("8100000000000106").rating, 5);

  auto platform = Of<core::PlatformValue>();
  EXPECT_EQ(platform.at("platform.product_posting_forbidden").value, "false");

  // Cursors: the newest modification stored; the open dispute remembered.
  EXPECT_EQ(Cursor(kOrders), core::FormatRfc3339(At("2026-03-02 10:16:12")));
  auto disputes = json::parse(*Cursor(kDisputes));
  EXPECT_EQ(disputes.at("modified").as_string(), core::FormatRfc3339(At("2026-03-01 09:00:00")));
  EXPECT_EQ(json::serialize(disputes.at("open")),
            R"([{"id":"7100000000000001","buyer":"us100000004"}])");
  EXPECT_TRUE(core::ParseRfc3339(*Cursor(kFeedback)).has_value());

  // How it asked: closed orders on their own, in windows of at most 30 days; details only for
  // closed orders; every token in the form, never in the URL.
  std::size_t finish = 0, others = 0;
  for (const auto& call : gateway_.Calls(kOrderList)) {
    auto q = json::parse(call.at("param_aeop_order_query")).as_object();
    EXPECT_TRUE(q.contains("create_date_start") && q.contains("modified_date_start"));
    (q.contains("order_status") ? finish : others) += 1;
    if (q.contains("order_status")) {
      EXPECT_EQ(q.at("order_status").as_string(), "FINISH");
    }
  }
  EXPECT_EQ(others, 2u);  // two pages of three
  EXPECT_GE(finish, 6u);
  EXPECT_EQ(gateway_.Calls(kOrderInfo).size(), 4u);                     // orders 5, 6, 9, 10
  EXPECT_EQ(gateway_.Calls("aliexpress.issue.detail.get").size(), 2u);  // open + finished
  for (const auto& request : gateway_.Requests()) {
    EXPECT_EQ(request.target.find("ACCESS"), std::string::npos) << request.target;
    EXPECT_EQ(request.target.find("session"), std::string::npos) << request.target;
  }
}

TEST_F(AliExpressSourceTest, StatusShowsTheMetricsTheDisputeAtRiskAndTheProfile) {
  std::string config = Config();
  ASSERT_EQ(PollOnce(config).exit_code, 0);
  auto status = Run({"status", "--json", "-c", config});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto doc = json::parse(status.out);
  const auto& acme = doc.at("accounts").as_array().at(0);
  EXPECT_EQ(acme.at("marketplace").as_string(), "aliexpress");
  // Purchased in the last 7 days: 1, 3, 7, 8 and 9; 9 closed for not shipping in time.
  const auto& cancels = MetricNamed(acme, "cancellation_rate");
  EXPECT_EQ(cancels.at("numerator").to_number<double>(), 1);
  EXPECT_EQ(cancels.at("denominator").to_number<double>(), 5);
  // Due in the last 10 days: 2 (in time), 7 (unshipped past it), 8 (shipped a day late).
  const auto& late10 = MetricNamed(acme, "late_shipment_rate_10d");
  EXPECT_EQ(late10.at("numerator").to_number<double>(), 2);
  EXPECT_EQ(late10.at("denominator").to_number<double>(), 3);
  // The 2-star rating of yesterday (the 1-star one is two weeks old).
  EXPECT_EQ(MetricNamed(acme, "negative_feedback_count_7d").at("value").to_number<double>(), 1);
  // "No sale after transaction" in the last 30 days: 5 and 9.
  EXPECT_EQ(MetricNamed(acme, "seller_fault_cancel_count").at("value").to_number<double>(), 2);
  // Disputes opened in 30 days (the withdrawn one not counted): 1 (open) and 2 (decided by
  // the platform); orders confirmed received in 30 days: 10 (6 was confirmed 36 days ago).
  const auto& disputes = MetricNamed(acme, "dispute_rate");
  EXPECT_EQ(disputes.at("numerator").to_number<double>(), 2);
  EXPECT_EQ(disputes.at("denominator").to_number<double>(), 3);
  const auto& escalated = MetricNamed(acme, "dispute_escalation_rate");
  EXPECT_EQ(escalated.at("numerator").to_number<double>(), 1);
  EXPECT_EQ(escalated.at("denominator").to_number<double>(), 3);
  // Decided against the seller in 30 days: 2 (refunded); shipped in 30 days: 2, 8 and 10.
  const auto& against = MetricNamed(acme, "seller_responsible_dispute_rate");
  EXPECT_EQ(against.at("numerator").to_number<double>(), 1);
  EXPECT_EQ(against.at("denominator").to_number<double>(), 3);
  // The open dispute's answer is due in 10 hours: at risk, by the order the seller sees.
  json::array items;
  for (const auto& g : acme.at("at_risk").as_array())
    if (g.at("kind").as_string() == "dispute_deadline_at_risk") items = g.at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << status.out;
  EXPECT_EQ(items[0].at("id").as_string(), "8100000000000004");
  EXPECT_EQ(items[0].at("deadline").as_string(), core::FormatRfc3339(gateway_.DisputeDueAt()));
  EXPECT_EQ(items[0].at("note").as_string(), "Package did not arrive");
  std::map<std::string, std::string> firing;
  for (const auto& alert : acme.at("alerts").as_array()) {
    if (alert.at("state").as_string() == "firing") {
      firing[std::string(alert.at("rule").as_string())] = alert.at("severity").as_string();
    }
  }
  EXPECT_EQ(firing["dispute_deadline_at_risk"], "critical") << status.out;
  EXPECT_EQ(firing["seller_fault_cancel_count"], "warning") << status.out;
  // The human table: the deadline in the account's time zone.
  auto text = Run({"status", "-c", config});
  EXPECT_NE(text.out.find("8100000000000004         deadline " +
                          core::FormatLocal(gateway_.DisputeDueAt(), "America/Los_Angeles",
                                            "%Y-%m-%d %H:%M %Z") +
                          "  Package did not arrive"),
            std::string::npos)
      << text.out;
  std::map<std::string, std::string> reported;
  for (const auto& p : acme.at("platform").as_array()) {
    reported[std::string(p.at("name").as_string())] = std::string(p.at("value").as_string());
  }
  EXPECT_EQ(reported["platform.product_posting_forbidden"], "false");

  gateway_.SetPostingForbidden(true);
  ASSERT_EQ(PollOnce(config).exit_code, 0);
  auto again = json::parse(Run({"status", "--json", "-c", config}).out);
  std::map<std::string, std::string> now_reported;
  for (const auto& p : again.at("accounts").at(0).at("platform").as_array()) {
    now_reported[std::string(p.at("name").as_string())] = std::string(p.at("value").as_string());
  }
  EXPECT_EQ(now_reported["platform.product_posting_forbidden"], "true");
}

TEST_F(AliExpressSourceTest, EveryFaultIsSurvivedWithoutDuplicatesOrALostCursor) {
  std::string config = Config();
  ASSERT_EQ(PollOnce(config).exit_code, 0);
  const auto cursor = Cursor(kOrders);
  const std::size_t events = Events().size();
  auto versions = [this] {
    std::map<std::string, core::Timestamp> out;
    for (const auto& [id, o] : Of<core::Order>()) out[id] = o.updated_at;
    return out;
  };
  const auto stored = versions();
  const std::string list = "POST " + gateway_.Endpoint() + "/sync?method=" + kOrderList;
  // Six orders change: the next poll reads two pages of them, and two closed orders' details.
  gateway_.TouchOrders();

  struct Case {
    Fault fault;
    std::string api;
    std::vector<std::string> expect;  // in the log line, next to the stream
  };
  gateway_.SetBanSeconds(30);
  for (const auto& [fault, api, expect] : std::vector<Case>{
           {Fault::kFlowControl,
            kOrderList,
            {list, "ApiCallLimit", "this ban will last 30 seconds", "retry after 31s"}},
           {Fault::kBusinessError, kOrderList, {list, "business error INVALID_PARAMETER"}},
           {Fault::kMalformedJson, kOrderList, {list, "malformed JSON"}},
           {Fault::kTruncated, kOrderList, {list}},
           {Fault::kRepeatPage, kOrderList, {list, "page 2 repeats orders", "nothing stored"}},
           {Fault::k500, kOrderInfo, {kOrderInfo, "HTTP 500"}},
           {Fault::kHang, kOrderList, {list}},
       }) {
    SCOPED_TRACE(expect.back());
    gateway_.Inject(fault, 1, api);
    auto r = PollOnce(config);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_TRUE(Logged(r.err, kOrders, expect)) << r.err;
    EXPECT_EQ(Cursor(kOrders), cursor);
    EXPECT_EQ(Events().size(), events);
    EXPECT_EQ(versions(), stored);  // nothing of the failed poll was kept
    gateway_.ClearFaults();
  }

  // A short ban is waited out; a page that overlaps the one before is read once; an expired
  // session is refreshed once.
  gateway_.SetBanSeconds(1);
  gateway_.Inject(Fault::kFlowControl, 1, kOrderList);
  gateway_.Inject(Fault::kOverlapPage, 1, kOrderList);
  gateway_.Inject(Fault::kExpiredSession, 1, "aliexpress.issue");
  auto r = PollOnce(config);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("flow control"), std::string::npos) << r.err;
  EXPECT_EQ(gateway_.RefreshCount(), 1u);
  EXPECT_EQ(Events().size(), events);
  EXPECT_EQ(Of<core::Order>().size(), 10u);
  EXPECT_NE(versions(), stored);  // the changed orders, each once
  EXPECT_GT(*core::ParseRfc3339(*Cursor(kOrders)), *core::ParseRfc3339(*cursor));

  // A broken dispute answer fails that stream alone.
  gateway_.Inject(Fault::kMalformedJson, 1, "aliexpress.issue.issuelist");
  r = PollOnce(config);
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Logged(r.err, kDisputes, {"aliexpress.issue.issuelist.get", "malformed JSON"}))
      << r.err;
  EXPECT_FALSE(Logged(r.err, kOrders, {}));
  EXPECT_FALSE(Logged(r.err, kFeedback, {}));
}

TEST_F(AliExpressSourceTest, NothingIsKeptWhenTheFirstPollFails) {
  std::string config = Config();
  gateway_.Inject(Fault::k500, 1, kOrderInfo);
  EXPECT_EQ(PollOnce(config).exit_code, 1);
  EXPECT_FALSE(Cursor(kOrders).has_value());
  EXPECT_TRUE(Of<core::Order>().empty());
  EXPECT_EQ(Of<core::Claim>().size(), 3u);  // the other streams went on
  EXPECT_EQ(PollOnce(config).exit_code, 0);
  EXPECT_EQ(Of<core::Order>().size(), 10u);
}

TEST_F(AliExpressSourceTest, TheRefreshedTokenPairIsKeptAcrossRuns) {
  std::string config = Config();
  gateway_.Inject(Fault::kExpiredSession, 1, kOrderList);
  auto first = PollOnce(config);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(gateway_.RefreshCount(), 1u);
  // The test app's authorization lasts 2 days: the seller is told to renew it.
  EXPECT_NE(first.err.find("the seller's authorization of the app ends"), std::string::npos)
      << first.err;
  auto stored = Cursor(kTokens);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(json::parse(*stored).at("access_token").as_string(), gateway_.CurrentAccessToken());

  // The fake rotated the refresh token: the config's pair no longer works, the stored one does.
  std::size_t before = gateway_.Requests().size();
  auto second = PollOnce(config);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(gateway_.RefreshCount(), 1u);
  auto requests = gateway_.Requests();
  for (std::size_t i = before; i < requests.size(); ++i) {
    EXPECT_EQ(DecodeForm(requests[i].body)["session"], gateway_.CurrentAccessToken());
  }

  // The seller authorizes again and pastes the new tokens: they win over the stored chain.
  auto [access, refresh] = gateway_.Reauthorize();
  access_token_ = access;
  refresh_token_ = refresh;
  auto third = PollOnce(config);
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_EQ(gateway_.RefreshCount(), 1u);
}

TEST_F(AliExpressSourceTest, ARevokedAuthorizationIsCredentialsRejected) {
  std::string config = Config("        stale_after: 1ms\n");
  gateway_.Inject(Fault::kRevoked, 1, "");
  auto first = PollOnce(config);
  EXPECT_EQ(first.exit_code, 1);
  for (const char* stream : {kOrders, kDisputes, kFeedback, kAccount}) {
    EXPECT_TRUE(Logged(first.err, stream,
                       {"/rest/auth/token/refresh", "IllegalRefreshToken", "credentials rejected",
                        "authorize the app again"}))
        << stream << "\n"
        << first.err;
  }
  // One refresh asked for: the refused refresh token is not offered again.
  EXPECT_EQ(gateway_.Calls("/auth/token/refresh").size(), 1u);
  PollOnce(config);
  std::size_t said = 0;
  for (const auto& [rule, status, summary] : SourceDown()) {
    said += summary.find("rejected its credentials") != std::string::npos;
  }
  EXPECT_EQ(said, 4u) << ReadFile(dir_.File("alerts.jsonl"));
  EXPECT_TRUE(Of<core::Order>().empty());
}

TEST_F(AliExpressSourceTest, AWrongAppSecretIsAConfigurationProblemNotRetried) {
  app_secret_ = "wrong-secret-do-not-log";
  auto r = PollOnce(Config());
  EXPECT_EQ(r.exit_code, 1);
  for (const char* stream : {kOrders, kDisputes, kFeedback, kAccount}) {
    EXPECT_TRUE(Logged(r.err, stream,
                       {"IncompleteSignature", "app_secret is not the App Secret of app_key"}))
        << stream << "\n"
        << r.err;
  }
  // One refused request per stream: no refresh, no retry.
  EXPECT_EQ(gateway_.BadSignatures(), 4u);
  EXPECT_EQ(gateway_.Requests().size(), 4u);
  EXPECT_EQ(gateway_.RefreshCount(), 0u);
  EXPECT_TRUE(Events().empty());

  // The daemon backs off instead of asking again at once.
  BackgroundProcess daemon(
      {SellerwatchBinary(), "run", "-c", Config("        poll: {orders: 1s}\n")}, Env());
  ASSERT_TRUE(daemon.WaitForStderr(std::string("source=") + kOrders + " poll failed", 30s))
      << daemon.err();
  std::this_thread::sleep_for(4s);
  daemon.Signal(SIGTERM);
  daemon.Wait(20s);
  output_ += daemon.out() + daemon.err();
  std::size_t orders = 0;
  for (const auto& req : gateway_.Requests()) {
    orders += DecodeForm(req.body)["method"] == kOrderList;
  }
  EXPECT_LE(orders, 1u + 4u) << daemon.err();  // attempts at about 0 s, 1 s, 3 s
}

TEST_F(AliExpressSourceTest, SourceDownOnceThenResolvedOnceAcrossRuns) {
  gateway_.Inject(Fault::k500, 100, kOrderList);
  ExpectOneSourceDownThenOneResolved(Config("        stale_after: 1ms\n"), kOrders, "HTTP 500",
                                     [&] { gateway_.ClearFaults(); });
}

TEST_F(AliExpressSourceTest, DaemonPollsEveryStreamAndRaisesSourceDown) {
  std::string config = Config(
      "        poll: {orders: 1s, disputes: 1h, feedback: 1h}\n"
      "        stale_after: 1ms\n");
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config, "--log-level", "debug"},
                           Env());
  for (const char* stream : {kOrders, kDisputes, kFeedback, kAccount}) {
    ASSERT_TRUE(daemon.WaitForStderr(std::string("source=") + stream + " poll:", 60s))
        << daemon.err();
  }
  EXPECT_EQ(Of<core::Order>().size(), 10u);
  EXPECT_EQ(Of<core::Claim>().size(), 3u);
  gateway_.Inject(Fault::k500, 1000, kOrderList);
  ASSERT_TRUE(daemon.WaitForStderr("source_down raised", 60s)) << daemon.err();
  ASSERT_TRUE(daemon.WaitForStderr("receiver=ops delivered source_down-", 60s)) << daemon.err();
  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(20s);
  output_ += daemon.out() + daemon.err();
  ASSERT_TRUE(code.has_value()) << daemon.err();
  EXPECT_EQ(*code, 0);
  EXPECT_EQ(SourceDown().size(), 1u);
  EXPECT_EQ(Of<core::Order>().size(), 10u);
}

}  // namespace
}  // namespace sellerwatch::testing
