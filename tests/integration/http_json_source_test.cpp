// The http-json source end to end: `sellerwatch poll --once`, `run`, `status --json` and
// `check-config` against the fake ERP (tests/fakes/json_api_server, synthetic data): every
// field stored as mapped, every fault survived with nothing half-stored and the cursor never
// past unstored data, source_down raised once, "credentials rejected" on 401, and the header
// token and the url key in no output.

#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <map>
#include <sstream>

#include "core/time.hpp"
#include "fakes/json_api_server.hpp"
#include "fakes/kontor_erp.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"
#include "integration/source_test_base.hpp"
#include "store/cursor_store.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;
using Fault = JsonApiServer::Fault;

constexpr const char* kSource = "kontor-de/kontor";

class HttpJsonSourceTest : public SourceTestBase {
 protected:
  HttpJsonSourceTest() : SourceTestBase("kontor-de") {}

  std::string Config(const std::string& extra = "") {
    return dir_.Write("sellerwatch.yaml",
                      "daemon:\n"
                      "  state_dir: " +
                          dir_.File("state") +
                          "\n"
                          "  listen: \"127.0.0.1:0\"\n"
                          "  evaluation_interval: 1h\n"
                          "accounts:\n"
                          "  - id: kontor-de\n"
                          "    marketplace: amazon\n"
                          "    timezone: Europe/Berlin\n"
                          "    sources:\n"
                          "      - type: http-json\n"
                          "        name: kontor\n"
                          "        url: \"" +
                          server_.Url("/api/v1/orders") +
                          "?changedSince={since}&key=${KONTOR_URL_KEY}\"\n"
                          "        headers: {Authorization: \"Bearer ${KONTOR_TOKEN}\"}\n" +
                          kKontorPaging + "        timeout: 3s\n" + kKontorFields + extra +
                          "receivers:\n"
                          "  - {name: ops, file: {path: " +
                          dir_.File("alerts.jsonl") + "}}\n");
  }

  std::map<std::string, std::string> Env() const override {
    return {{"KONTOR_TOKEN", std::string(JsonApiServer::kToken)},
            {"KONTOR_URL_KEY", std::string(JsonApiServer::kUrlKey)}};
  }
  std::vector<std::string> Secrets() const override {
    return {std::string(JsonApiServer::kToken), std::string(JsonApiServer::kUrlKey)};
  }

  // The log line of a failed poll of this source that contains `text`, or "".
  static std::string FailureLine(const std::string& log, const std::string& text) {
    std::istringstream lines(log);
    for (std::string line; std::getline(lines, line);) {
      if (line.find(std::string("source=") + kSource + " poll failed") != std::string::npos &&
          line.find(text) != std::string::npos)
        return line;
    }
    return "";
  }

  std::string Host() const {
    std::string url = server_.Url("/");
    url.pop_back();
    return url;
  }

  core::Timestamp Now() const {
    return std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
  }

  JsonApiServer server_;
};

TEST_F(HttpJsonSourceTest, PollOnceStoresEveryPageFieldByField) {
  auto r = PollOnce(Config());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto orders = Of<core::Order>();
  ASSERT_EQ(orders.size(), 8u);
  EXPECT_EQ(server_.RequestCount(), 3u);  // three pages of three

  const core::Order& delivered = orders.at("SO-1001");
  EXPECT_EQ(delivered.account, "kontor-de");
  EXPECT_EQ(delivered.purchased_at, server_.Shift("2026-03-02T08:15:00Z"));
  EXPECT_EQ(delivered.updated_at, server_.Shift("2026-03-06T12:05:00Z"));
  EXPECT_EQ(delivered.status, core::OrderStatus::kDelivered);
  EXPECT_EQ(delivered.fulfillment, core::Fulfillment::kMerchant);
  EXPECT_EQ(delivered.ship_by, server_.Shift("2026-03-04T17:00:00Z"));
  EXPECT_EQ(delivered.shipped_at, server_.Shift("2026-03-03T10:00:00Z"));
  EXPECT_EQ(delivered.tracking_valid, true);
  EXPECT_EQ(delivered.deliver_by, server_.Shift("2026-03-09T22:59:59Z"));
  EXPECT_EQ(delivered.delivered_at, server_.Shift("2026-03-06T12:00:00Z"));
  EXPECT_FALSE(delivered.cancelled_at.has_value());

  EXPECT_EQ(orders.at("SO-1002").tracking_valid, false);
  EXPECT_EQ(orders.at("SO-1002").status, core::OrderStatus::kShipped);
  EXPECT_EQ(orders.at("SO-1003").status, core::OrderStatus::kCancelled);
  EXPECT_EQ(orders.at("SO-1003").cancel_initiator, core::CancelInitiator::kBuyer);
  EXPECT_EQ(orders.at("SO-1003").cancelled_at, server_.Shift("2026-03-10T15:00:00Z"));
  EXPECT_EQ(orders.at("SO-1004").cancel_initiator, core::CancelInitiator::kSeller);
  EXPECT_EQ(orders.at("SO-1005").status, core::OrderStatus::kUnshipped);
  EXPECT_EQ(orders.at("SO-1006").fulfillment, core::Fulfillment::kPlatform);
  EXPECT_FALSE(orders.at("SO-1006").ship_by.has_value());

  EXPECT_EQ(Cursor(kSource), core::FormatRfc3339(server_.Shift("2026-03-17T09:30:00Z")));
  // A second poll asks from the cursor minus the overlap and finds nothing new.
  ASSERT_EQ(PollOnce(Config()).exit_code, 0);
  std::string since =
      std::to_string(core::ToUnixMillis(server_.Shift("2026-03-17T09:25:00Z")) / 1000);
  EXPECT_NE(server_.Requests().back().target.find("changedSince=" + since), std::string::npos)
      << server_.Requests().back().target;
  EXPECT_EQ(Of<core::Order>().size(), 8u);
}

TEST_F(HttpJsonSourceTest, EveryFaultIsSurvivedWithoutDuplicatesOrACursorPastUnstoredData) {
  std::string config = Config();
  ASSERT_EQ(PollOnce(config).exit_code, 0);
  const auto cursor = Cursor(kSource);
  ASSERT_TRUE(cursor.has_value());
  // New data behind the faults: SO-1005 shipped ten minutes ago.
  const core::Timestamp shipped = std::chrono::floor<std::chrono::seconds>(Now() - 10min);
  server_.Update("SO-1005", "sent", shipped);

  struct Case {
    Fault fault;
    int times;
    std::string expect;  // in the log line
  };
  for (const auto& [fault, times, expect] : std::vector<Case>{
           {Fault::k429, 1,
            "page 1: GET " + Host() +
                "/…: HTTP 429: too many requests (rate "
                "limited; retry after 7s)"},
           {Fault::k500, 1, "page 1: GET " + Host() + "/…: HTTP 500: database unavailable"},
           {Fault::kHang, 1, "page 1: GET " + Host() + "/…"},
           {Fault::kTruncated, 1, "page 1: GET " + Host() + "/…"},
           {Fault::kMalformedJson, 1, "page 1 (GET " + Host() + "/…): malformed JSON"},
           {Fault::kRepeatNext, 2,
            "next (/meta/next_cursor) leads to a page this poll already "
            "read"},
           {Fault::kMissingField, 1,
            "page 1 (GET " + Host() +
                "/…): record /data/orders/1 (id 'SO-1005'): field 'purchased_at': nothing at "
                "/created (required for order events); nothing of this poll was stored"},
           {Fault::kUnauthorized, 1,
            "HTTP 401: token <redacted> was revoked (credentials "
            "rejected"}}) {
    server_.Inject(fault, times, 1);
    auto r = PollOnce(config);
    EXPECT_EQ(r.exit_code, 1) << expect << "\n" << r.err;
    EXPECT_NE(FailureLine(r.err, expect), "") << expect << "\n" << r.err;
    EXPECT_EQ(Cursor(kSource), cursor) << expect;
    auto orders = Of<core::Order>();
    EXPECT_EQ(orders.size(), 8u) << expect;
    EXPECT_EQ(orders.at("SO-1005").status, core::OrderStatus::kUnshipped) << expect;
    server_.ClearFaults();
  }

  // Once the API behaves, the update is stored once and the cursor moves to it.
  ASSERT_EQ(PollOnce(config).exit_code, 0);
  auto orders = Of<core::Order>();
  EXPECT_EQ(orders.size(), 8u);
  EXPECT_EQ(orders.at("SO-1005").status, core::OrderStatus::kShipped);
  EXPECT_EQ(orders.at("SO-1005").updated_at, shipped);
  EXPECT_EQ(Cursor(kSource), core::FormatRfc3339(shipped));
}

TEST_F(HttpJsonSourceTest, ABadRecordOnALaterPageStoresNothingOfThePoll) {
  std::string config = Config();
  server_.Inject(Fault::kMissingField, 1, 3);
  auto r = PollOnce(config);
  EXPECT_EQ(r.exit_code, 1);
  std::string line = FailureLine(
      r.err,
      "page 3 (GET " + Host() +
          "/…): record /data/orders/1 (id 'SO-1008'): field 'purchased_at': nothing at /created");
  EXPECT_NE(line, "") << r.err;
  EXPECT_TRUE(Of<core::Order>().empty());  // pages 1 and 2 were fine, and not stored either
  EXPECT_FALSE(Cursor(kSource).has_value());
  ASSERT_EQ(PollOnce(config).exit_code, 0);
  EXPECT_EQ(Of<core::Order>().size(), 8u);
}

TEST_F(HttpJsonSourceTest, A401IsCredentialsRejectedAndRaisesSourceDownOnce) {
  std::string config = Config("        stale_after: 1ms\n");
  server_.Inject(Fault::kUnauthorized, 100);
  auto first = PollOnce(config);
  EXPECT_EQ(first.exit_code, 1);
  EXPECT_NE(first.err.find("credentials rejected: check the source's headers and any token in "
                           "its url"),
            std::string::npos)
      << first.err;
  EXPECT_TRUE(SourceDown().empty());  // the outage starts
  EXPECT_EQ(PollOnce(config).exit_code, 1);
  auto down = SourceDown();
  ASSERT_EQ(down.size(), 1u);
  EXPECT_EQ(std::get<1>(down[0]), "firing");
  EXPECT_NE(std::get<2>(down[0]).find("cannot read source 'kontor-de/kontor': the marketplace "
                                      "rejected its credentials"),
            std::string::npos)
      << std::get<2>(down[0]);
  EXPECT_EQ(PollOnce(config).exit_code, 1);  // still down: not sent again
  EXPECT_EQ(SourceDown().size(), 1u);
  server_.ClearFaults();
  EXPECT_EQ(PollOnce(config).exit_code, 0);
  down = SourceDown();
  ASSERT_EQ(down.size(), 2u);
  EXPECT_EQ(std::get<1>(down[1]), "resolved");
  output_ += ReadFile(dir_.File("alerts.jsonl"));
}

TEST_F(HttpJsonSourceTest, DaemonPollsRaisesSourceDownAndStatusShowsTheOrdersMetrics) {
  std::string config = Config("        poll: 1s\n        stale_after: 1ms\n");
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config, "--log-level", "debug"},
                           Env());
  ASSERT_TRUE(daemon.WaitForStderr(std::string("source=") + kSource + " poll:", 60s))
      << daemon.err();

  auto status = Run({"status", "--json", "-c", config});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto doc = boost::json::parse(status.out);
  const auto& account = doc.at("accounts").at(0);
  EXPECT_EQ(account.at("id").as_string(), "kontor-de");
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> metrics;
  for (const auto& m : account.at("metrics").as_array()) {
    const auto& numerator = m.at("numerator");
    const auto& denominator = m.at("denominator");
    if (!numerator.is_number() || !denominator.is_number()) continue;  // not a rate
    metrics[std::string(m.at("name").as_string())] = {numerator.to_number<std::int64_t>(),
                                                      denominator.to_number<std::int64_t>()};
  }
  // Shipped merchant orders: SO-1001 and SO-1007 valid, SO-1002 invalid.
  EXPECT_EQ(metrics["valid_tracking_rate"], std::make_pair(std::int64_t{2}, std::int64_t{3}))
      << status.out;
  // Due merchant orders, not cancelled: SO-1002 shipped late and SO-1005 unshipped past due,
  // of SO-1001, SO-1002, SO-1005 and SO-1007.
  EXPECT_EQ(metrics["late_shipment_rate_30d"], std::make_pair(std::int64_t{2}, std::int64_t{4}));

  server_.Inject(Fault::k500, 1000);
  ASSERT_TRUE(daemon.WaitForStderr("source_down raised", 60s)) << daemon.err();
  ASSERT_TRUE(daemon.WaitForStderr("receiver=ops delivered source_down-", 60s)) << daemon.err();
  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(20s);
  output_ += daemon.out() + daemon.err();
  ASSERT_TRUE(code.has_value()) << daemon.err();
  EXPECT_EQ(*code, 0);
  EXPECT_EQ(SourceDown().size(), 1u);
  EXPECT_NE(FailureLine(daemon.err(), "HTTP 500: database unavailable"), "");
  EXPECT_EQ(Of<core::Order>().size(), 8u);
}

TEST_F(HttpJsonSourceTest, CheckConfigNamesEachMappingMistakeAtFileLineCol) {
  std::string path = dir_.Write(
      "bad.yaml",
      "accounts:\n"
      "  - id: kontor-de\n"
      "    marketplace: custom\n"
      "    sources:\n"
      "      - type: http-json\n"
      "        url: \"https://erp.example.com/api?since={since}&key=${KONTOR_URL_KEY}\"\n"
      "        headers: {Authorization: \"Bearer ${KONTOR_TOKEN}\"}\n"
      "        items: data/orders\n"
      "        fields:\n"
      "          id: /orderNo\n"
      "          purchased_at: {pointer: /created, format: \"%d.%m\"}\n"
      "          updated_at: {pointer: /modified, format: unix}\n"
      "          stauts: /state\n"
      "      - type: http-json\n"
      "        name: returns\n"
      "        url: https://erp.example.com/api/returns\n"
      "        event_type: claim\n"
      "        fields: {id: /rma, opened_at: /opened}\n"
      "receivers:\n"
      "  - name: console\n"
      "    console: {}\n");
  auto r = Run({"check-config", "-c", path});
  EXPECT_EQ(r.exit_code, 78) << r.out << r.err;
  std::string all = r.out + r.err;
  const std::string p = path + ":";
  for (const std::string& expected : {
           p + "8:16: accounts[0].sources[0].items: invalid JSON pointer 'data/orders': must be "
               "empty (the whole document) or start with '/'",
           p + "11:53: accounts[0].sources[0].fields.purchased_at.format: invalid time format "
               "'%d.%m': the pattern cannot read back a date it writes",
           p + "13:11: accounts[0].sources[0].fields: unknown field 'stauts' for order events; "
               "did you mean 'status'?",
           p + "18:17: accounts[0].sources[1].fields: claim events need this field mapped "
               "(missing: kind)",
       }) {
    EXPECT_NE(all.find(expected), std::string::npos) << expected << "\n" << all;
  }
}

}  // namespace
}  // namespace sellerwatch::testing
