// `sellerwatch import` and `sellerwatch status`: all-or-nothing import with file:line errors,
// idempotent re-import, the upsert rule, and status --at on hand-computed values.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <csignal>
#include <map>
#include <memory>

#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::testing {
namespace {

class ImportStatusCli : public ::testing::Test {
 protected:
  ProcessResult Run(std::vector<std::string> args) {
    args.insert(args.end(),
                {"-c", TestData("cli.accounts.yaml"), "--state-dir", state_.File("state")});
    return Sellerwatch(args);
  }
  std::int64_t StoredEvents(const std::string& account) {
    auto db = store::OpenStore(state_.File("state"));
    EXPECT_TRUE(db) << db.error().message;
    auto n = store::EventStore(**db).Count(account);
    EXPECT_TRUE(n);
    return n ? *n : -1;
  }
  std::vector<core::Event> Stored(const std::string& account) {
    auto db = store::OpenStore(state_.File("state"));
    auto events = store::EventStore(**db).Load(account);
    EXPECT_TRUE(events);
    return events ? *events : std::vector<core::Event>{};
  }

  TempDir state_;
};

constexpr const char* kOrder =
    R"({"type":"order","account":"acme-us","id":"{ID}","purchased_at":"2026-11-01T10:00:00Z",)"
    R"("status":"{STATUS}","fulfillment":"merchant","ship_by":"2026-11-03T07:59:59Z",)"
    R"("updated_at":"{UPDATED}"})";

std::string Order(std::string id, std::string status, std::string updated) {
  std::string s = kOrder;
  s.replace(s.find("{ID}"), 4, id);
  s.replace(s.find("{STATUS}"), 8, status);
  s.replace(s.find("{UPDATED}"), 9, updated);
  return s;
}

TEST_F(ImportStatusCli, MalformedLineRefusesTheWholeFileAndNamesIt) {
  std::string file = state_.Write(
      "orders.jsonl", Order("a1", "unshipped", "2026-11-01T10:00:00Z") + "\n" +
                          R"({"type":"order","account":"acme-us","id":"a2", "purchased_at": )" +
                          "\n" + Order("a3", "unshipped", "2026-11-01T10:00:00Z") + "\n");
  auto r = Run({"import", file});
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_NE(r.err.find(file + ":2: invalid JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was imported"), std::string::npos) << r.err;
  EXPECT_EQ(StoredEvents("acme-us"), 0);
}

TEST_F(ImportStatusCli, FieldErrorsNameLineAndField) {
  std::string file = state_.Write(
      "bad.jsonl",
      Order("a1", "unshipped", "2026-11-01T10:00:00Z") + "\n\n" +
          R"({"type":"feedback","account":"acme-us","id":"f1","rating":9,"received_at":"2026-11-02T00:00:00Z"})" +
          "\n" + Order("x1", "unshipped", "2026-11-01T10:00:00Z").replace(27, 7, "nobody") + "\n");
  auto r = Run({"import", file});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_NE(r.err.find(file + ":3: field 'rating': expected an integer from 1 to 5"),
            std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find(file + ":4: account 'nobody' is not configured"), std::string::npos)
      << r.err;
  EXPECT_EQ(StoredEvents("acme-us"), 0);
}

// Thousands of lines: batches are already written when a bad line comes, and the reader thread
// goes on through both files. Every bad line is counted, the first 50 are named, nothing stays.
TEST_F(ImportStatusCli, BadLinesDeepInLargeFilesRollBackEverythingWrittenBefore) {
  std::string first;
  for (int i = 0; i < 5000; ++i) {
    first += i == 3999 ? std::string("{oops\n")
                       : Order("a" + std::to_string(i), "unshipped", "2026-11-01T10:00:00Z") + "\n";
  }
  std::string second;
  for (int i = 0; i < 100; ++i) {
    second += Order("b" + std::to_string(i), "unshipped", "2026-11-01T10:00:00Z") + "\n";
    if (i % 2 == 0) second += "[]\n";  // 50 more bad lines: 2, 5, 8, ..., 149
  }
  std::string a = state_.Write("a.jsonl", first);
  std::string b = state_.Write("b.jsonl", second);
  auto r = Run({"import", a, b});
  EXPECT_EQ(r.exit_code, 65) << r.err;
  EXPECT_NE(r.err.find(a + ":4000: invalid JSON"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(b + ":2: expected a JSON object"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find(b + ":146: expected a JSON object"), std::string::npos) << r.err;  // 50th
  EXPECT_EQ(r.err.find(b + ":149:"), std::string::npos) << r.err;                         // 51st
  EXPECT_NE(r.err.find("... and 1 more"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("51 bad line(s); nothing was imported"), std::string::npos) << r.err;
  EXPECT_EQ(StoredEvents("acme-us"), 0);

  // Without the bad lines the same files go in whole.
  first.replace(first.find("{oops\n"), 6,
                Order("a3999", "unshipped", "2026-11-01T10:00:00Z") + "\n");
  state_.Write("a.jsonl", first);
  auto ok = Run({"import", a});
  ASSERT_EQ(ok.exit_code, 0) << ok.err;
  EXPECT_NE(ok.out.find("5000 new or changed"), std::string::npos) << ok.out;
  EXPECT_EQ(StoredEvents("acme-us"), 5000);
}

// The daemon, `status` and `import` started at the same moment on an empty state directory
// all migrate the new store: one does, the others wait for its write lock and find it done.
TEST_F(ImportStatusCli, ProcessesStartedTogetherOnAFreshStoreAllSucceed) {
  std::string file =
      state_.Write("orders.jsonl", Order("1", "shipped", "2026-11-01T12:00:00Z") + "\n");
  for (int round = 0; round < 5; ++round) {
    std::string dir = state_.File("fresh-" + std::to_string(round));
    auto args = [&](std::vector<std::string> command) {
      command.insert(command.begin(), SellerwatchBinary());
      command.insert(command.end(), {"-c", TestData("cli.accounts.yaml"), "--state-dir", dir});
      return command;
    };
    std::vector<std::unique_ptr<BackgroundProcess>> others;
    BackgroundProcess daemon(args({"run"}));
    for (int i = 0; i < 3; ++i) {
      others.push_back(std::make_unique<BackgroundProcess>(args({"status", "--json"})));
      others.push_back(std::make_unique<BackgroundProcess>(args({"import", file})));
    }
    for (auto& p : others) {
      auto code = p->Wait(std::chrono::seconds(60));
      ASSERT_TRUE(code) << "round " << round << ": a process did not finish";
      EXPECT_EQ(*code, 0) << "round " << round << ": " << p->err();
    }
    // Migrated and running (the store is opened and migrated before this line).
    ASSERT_TRUE(daemon.WaitForStderr("started:", std::chrono::seconds(60)))
        << "round " << round << ": " << daemon.err();
    daemon.Signal(SIGKILL);
    ASSERT_TRUE(daemon.Wait(std::chrono::seconds(30)));
    EXPECT_EQ(daemon.err().find("already exists"), std::string::npos) << daemon.err();
  }
  EXPECT_EQ(StoredEvents("acme-us"), 0);  // the rounds used their own directories
}

TEST_F(ImportStatusCli, ReimportChangesNothing) {
  std::string file =
      state_.Write("ok.jsonl", Order("a1", "unshipped", "2026-11-01T10:00:00Z") + "\n" +
                                   Order("a2", "shipped", "2026-11-02T10:00:00Z"));
  auto first = Run({"import", file});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("2 new or changed, 0 already known"), std::string::npos) << first.out;
  auto again = Run({"import", file});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("0 new or changed, 2 already known"), std::string::npos) << again.out;
  EXPECT_EQ(StoredEvents("acme-us"), 2);
}

TEST_F(ImportStatusCli, OlderUpdateNeverOverwritesNewer) {
  std::string newer = state_.Write("newer.jsonl", Order("a1", "shipped", "2026-11-02T10:00:00Z"));
  std::string older = state_.Write("older.jsonl", Order("a1", "unshipped", "2026-11-01T10:00:00Z"));
  ASSERT_EQ(Run({"import", newer}).exit_code, 0);
  auto r = Run({"import", older});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 new or changed, 1 already known"), std::string::npos) << r.out;
  auto events = Stored("acme-us");
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(std::get<core::Order>(events[0]).status, core::OrderStatus::kShipped);
}

const boost::json::object& MetricNamed(const boost::json::value& account, std::string_view name) {
  for (const auto& m : account.at("metrics").as_array())
    if (m.at("name").as_string() == name) return m.as_object();
  ADD_FAILURE() << "no metric " << name;
  static boost::json::object none;
  return none;
}

TEST_F(ImportStatusCli, StatusAtTimeShowsHandComputedValues) {
  auto imported = Run({"import", TestData("events.status.jsonl")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto r = Run({"status", "--json", "--account", "acme-us", "--at", "2026-11-20T00:00:00Z"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = boost::json::parse(r.out);
  const auto& accounts = doc.at("accounts").as_array();
  ASSERT_EQ(accounts.size(), 1u);
  const auto& acme = accounts[0];
  EXPECT_EQ(acme.at("id").as_string(), "acme-us");

  // ODR, window [09-21T00:00, 11-20T00:00): o1..o5, o7..o12 = 11 orders (o6 is 1 s early,
  // o13 was updated after --at). Defects: o1 (negative feedback and a claim: one defect);
  // o12's feedback was removed, o5's is 3 stars.
  const auto& odr = MetricNamed(acme, "order_defect_rate");
  EXPECT_EQ(odr.at("numerator").to_number<double>(), 1);
  EXPECT_EQ(odr.at("denominator").to_number<double>(), 11);
  EXPECT_NEAR(odr.at("value").as_double(), 1.0 / 11, 1e-12);
  EXPECT_EQ(odr.at("window_days").as_int64(), 60);
  EXPECT_EQ(odr.at("direction").as_string(), "above");
  EXPECT_NEAR(odr.at("critical").as_double(), 0.01, 1e-12);

  // Cancellation, window [11-13, 11-20), merchant: o3, o4, o8, o9, o10, o11 = 6 (o2 is before
  // the window, o7 is platform-fulfilled). Seller's: o4 (seller) and o3 (unknown) = 2.
  const auto& cr = MetricNamed(acme, "cancellation_rate");
  EXPECT_EQ(cr.at("numerator").to_number<double>(), 2);
  EXPECT_EQ(cr.at("denominator").to_number<double>(), 6);

  // Late shipment 10d, ship_by in [11-10, 11-20), merchant, not cancelled: o1 (on time),
  // o8 (shipped exactly at ship_by: on time), o9 (late), o10 (unshipped past ship_by: late).
  const auto& lsr = MetricNamed(acme, "late_shipment_rate_10d");
  EXPECT_EQ(lsr.at("numerator").to_number<double>(), 2);
  EXPECT_EQ(lsr.at("denominator").to_number<double>(), 4);
  EXPECT_DOUBLE_EQ(lsr.at("value").as_double(), 0.5);
  EXPECT_TRUE(lsr.at("insufficient_data").as_bool());  // 4 < min_sample 20: no alert

  // No messages: a rate over nothing is null, not 0.
  EXPECT_TRUE(MetricNamed(acme, "response_within_24h_rate").at("value").is_null());
}

TEST_F(ImportStatusCli, StatusListsItemsAtRisk) {
  // At 2026-11-20T00:00Z with the Amazon preset's 12 h lead: r1 is due in 6 h (at risk), r2 in
  // 13 h (not yet), r3 was shipped; m1 has waited 13 h unanswered (at risk), m2 only 11 h,
  // m3 25 h (already late, no longer "at risk"), m4 was answered.
  std::string file = state_.Write(
      "risk.jsonl",
      R"({"type":"order","account":"acme-us","id":"r1","purchased_at":"2026-11-18T06:00:00Z","status":"unshipped","fulfillment":"merchant","ship_by":"2026-11-20T06:00:00Z"})"
      "\n"
      R"({"type":"order","account":"acme-us","id":"r2","purchased_at":"2026-11-18T13:00:00Z","status":"unshipped","fulfillment":"merchant","ship_by":"2026-11-20T13:00:00Z"})"
      "\n"
      R"({"type":"order","account":"acme-us","id":"r3","purchased_at":"2026-11-18T06:00:00Z","status":"shipped","fulfillment":"merchant","ship_by":"2026-11-20T06:00:00Z","shipped_at":"2026-11-19T06:00:00Z"})"
      "\n"
      R"({"type":"message","account":"acme-us","id":"m1","received_at":"2026-11-19T11:00:00Z"})"
      "\n"
      R"({"type":"message","account":"acme-us","id":"m2","received_at":"2026-11-19T13:00:00Z"})"
      "\n"
      R"({"type":"message","account":"acme-us","id":"m3","received_at":"2026-11-18T23:00:00Z"})"
      "\n"
      R"({"type":"message","account":"acme-us","id":"m4","received_at":"2026-11-19T10:00:00Z","replied_at":"2026-11-19T12:00:00Z"})"
      "\n");
  ASSERT_EQ(Run({"import", file}).exit_code, 0);
  auto r = Run({"status", "--json", "--account", "acme-us", "--at", "2026-11-20T00:00:00Z"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = boost::json::parse(r.out);
  const auto& groups = doc.at("accounts").at(0).at("at_risk").as_array();
  std::map<std::string, std::vector<std::string>> ids;
  for (const auto& g : groups) {
    for (const auto& item : g.at("items").as_array()) {
      ids[std::string(g.at("kind").as_string())].push_back(
          std::string(item.at("id").as_string()) + "@" +
          std::string(item.at("deadline").as_string()));
    }
  }
  EXPECT_EQ(ids["ship_deadline_at_risk"], std::vector<std::string>{"r1@2026-11-20T06:00:00Z"});
  EXPECT_EQ(ids["reply_deadline_at_risk"], std::vector<std::string>{"m1@2026-11-20T11:00:00Z"});
  // Both at-risk rules fire (warn at 1 item).
  std::vector<std::string> alerts;
  for (const auto& a : doc.at("accounts").at(0).at("alerts").as_array())
    alerts.push_back(std::string(a.at("rule").as_string()));
  EXPECT_NE(std::find(alerts.begin(), alerts.end(), "ship_deadline_at_risk"), alerts.end());
  EXPECT_NE(std::find(alerts.begin(), alerts.end(), "reply_deadline_at_risk"), alerts.end());
}

TEST_F(ImportStatusCli, AliExpressDisputesAndClosesFromImportedEvents) {
  // An AliExpress store at 2026-11-20T00:00Z (Shanghai): 4 orders confirmed received in the
  // window, 2 disputes opened (one escalated, then ruled against the seller with a refund),
  // one withdrawn, one open and due in 10 h; one order closed for not shipping.
  std::string config = state_.Write("ae.yaml",
                                    "accounts:\n"
                                    "  - id: ae-store\n"
                                    "    marketplace: aliexpress\n"
                                    "    timezone: Asia/Shanghai\n"
                                    "receivers: [{name: console, console: {}}]\n");
  std::string events;
  for (int i = 1; i <= 4; ++i) {
    events +=
        R"({"type":"order","account":"ae-store","id":"80)" + std::to_string(i) +
        R"(","purchased_at":"2026-11-01T10:00:00Z","status":"delivered","fulfillment":"merchant","shipped_at":"2026-11-02T10:00:00Z","delivered_at":"2026-11-10T10:00:00Z"})"
        "\n";
  }
  events +=
      R"({"type":"order","account":"ae-store","id":"809","purchased_at":"2026-11-10T10:00:00Z","status":"cancelled","fulfillment":"merchant","cancelled_at":"2026-11-15T10:00:00Z","cancel_initiator":"seller","cancel_reason":"ship_timeout"})"
      "\n"
      R"({"type":"claim","account":"ae-store","id":"d1","order_id":"801","kind":"dispute","opened_at":"2026-11-11T00:00:00Z","status":"closed","escalated":true,"decided_at":"2026-11-18T00:00:00Z","decided_by":"platform","refund":15.5})"
      "\n"
      R"({"type":"claim","account":"ae-store","id":"d2","order_id":"802","kind":"dispute","opened_at":"2026-11-12T00:00:00Z","status":"withdrawn"})"
      "\n"
      R"({"type":"claim","account":"ae-store","id":"d3","order_id":"803","kind":"dispute","opened_at":"2026-11-19T00:00:00Z","status":"open","reason":"Item not as described","respond_by":"2026-11-20T10:00:00Z"})"
      "\n";
  std::string file = state_.Write("ae.jsonl", events);
  auto run = [&](std::vector<std::string> args) {
    args.insert(args.end(), {"-c", config, "--state-dir", state_.File("state")});
    return Sellerwatch(args);
  };
  auto imported = run({"import", file});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto r = run({"status", "--json", "--at", "2026-11-20T00:00:00Z"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = boost::json::parse(r.out);
  const auto& account = doc.at("accounts").at(0);
  std::map<std::string, std::pair<double, double>> m;
  for (const auto& metric : account.at("metrics").as_array()) {
    m[std::string(metric.at("name").as_string())] = {
        metric.at("numerator").is_null() ? -1 : metric.at("numerator").to_number<double>(),
        metric.at("denominator").to_number<double>()};
  }
  // 2 disputes (d1, d3; d2 withdrawn) / (4 confirmed + 2 disputes).
  EXPECT_EQ(m["dispute_rate"], std::make_pair(2.0, 6.0));
  EXPECT_EQ(m["dispute_escalation_rate"], std::make_pair(1.0, 6.0));
  // d1 ruled against the seller / 4 shipped orders.
  EXPECT_EQ(m["seller_responsible_dispute_rate"], std::make_pair(1.0, 4.0));
  EXPECT_EQ(m["seller_fault_cancel_count"].second, 1.0);
  // d3 is due in 10 h: at risk, listed with its order, reason and deadline.
  bool listed = false;
  for (const auto& g : account.at("at_risk").as_array()) {
    if (g.at("kind").as_string() != "dispute_deadline_at_risk") continue;
    for (const auto& item : g.at("items").as_array()) {
      EXPECT_EQ(item.at("id").as_string(), "803");
      EXPECT_EQ(item.at("note").as_string(), "Item not as described");
      EXPECT_EQ(item.at("deadline").as_string(), "2026-11-20T10:00:00Z");
      listed = true;
    }
  }
  EXPECT_TRUE(listed) << r.out;
  std::vector<std::string> alerts;
  for (const auto& a : account.at("alerts").as_array())
    alerts.push_back(std::string(a.at("rule").as_string()));
  for (const char* rule : {"dispute_deadline_at_risk", "seller_fault_cancel_count"})
    EXPECT_NE(std::find(alerts.begin(), alerts.end(), rule), alerts.end()) << rule << r.out;
  // The human table names the order, its local deadline and the reason.
  auto table = run({"status", "--at", "2026-11-20T00:00:00Z"});
  EXPECT_NE(table.out.find("803"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("2026-11-20 18:00 CST  Item not as described"), std::string::npos)
      << table.out;
}

TEST_F(ImportStatusCli, HumanStatusIsATable) {
  ASSERT_EQ(Run({"import", TestData("events.status.jsonl")}).exit_code, 0);
  auto r = Run({"status", "--at", "2026-11-20T00:00:00Z"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("acme-us (amazon)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Order defect rate (60 days)"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("order_defect_rate"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("9.09%"), std::string::npos) << r.out;  // 1 / 11
}

TEST_F(ImportStatusCli, StatusRejectsABadTime) {
  auto r = Run({"status", "--at", "yesterday"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_NE(r.err.find("RFC 3339"), std::string::npos);
}

// What the marketplace reports, imported as `platform` events: `status --json` lists the latest
// value of each name per account (numbers also as JSON numbers), and the human output says it.
TEST_F(ImportStatusCli, StatusShowsWhatTheMarketplaceSays) {
  auto platform = [](const std::string& account, const std::string& name, const std::string& value,
                     const std::string& at) {
    return R"({"type":"platform","account":")" + account + R"(","id":"platform.)" + name +
           R"(","value":")" + value + R"(","reported_at":")" + at + "\"}\n";
  };
  std::string file = state_.Write(
      "platform.jsonl",
      platform("acme-us", "account_status", "NORMAL", "2026-12-04T17:00:00Z") +
          platform("acme-us", "ahr_score", "1000", "2026-12-04T17:00:00Z") +
          platform("acme-us", "account_status", "AT_RISK", "2026-12-01T17:00:00Z") +  // older
          platform("acme-us", "listing_policy_violations.count", "2", "2026-12-04T17:00:00Z") +
          platform("acme-de", "account_status", "DEACTIVATED", "2026-12-03T08:00:00Z"));
  auto imported = Run({"import", file});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;

  auto r = Run({"status", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto doc = boost::json::parse(r.out);
  std::map<std::string, std::map<std::string, boost::json::value>> values;  // account → name
  std::map<std::string, boost::json::value> numbers;                        // "account name"
  std::map<std::string, std::string> times;
  for (const auto& a : doc.at("accounts").as_array()) {
    for (const auto& p : a.at("platform").as_array()) {
      const std::string name(p.at("name").as_string());
      const std::string key = std::string(a.at("id").as_string()) + " " + name;
      values[std::string(a.at("id").as_string())][name] = p.at("value");
      numbers[key] = p.at("number");
      times[key] = p.at("reported_at").as_string();
    }
  }
  ASSERT_EQ(values["acme-us"].size(), 3u) << r.out;
  EXPECT_EQ(values["acme-us"]["platform.account_status"], boost::json::value("NORMAL")) << r.out;
  EXPECT_TRUE(numbers["acme-us platform.account_status"].is_null()) << r.out;
  EXPECT_EQ(values["acme-us"]["platform.ahr_score"], boost::json::value("1000")) << r.out;
  EXPECT_EQ(numbers["acme-us platform.ahr_score"], boost::json::value(1000)) << r.out;
  EXPECT_EQ(numbers["acme-us platform.listing_policy_violations.count"], boost::json::value(2));
  EXPECT_EQ(times["acme-us platform.account_status"], "2026-12-04T17:00:00Z") << r.out;
  ASSERT_EQ(values["acme-de"].size(), 1u) << r.out;
  EXPECT_EQ(values["acme-de"]["platform.account_status"], boost::json::value("DEACTIVATED"));
  EXPECT_EQ(times["acme-de platform.account_status"], "2026-12-03T08:00:00Z") << r.out;

  auto text = Run({"status"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  // In each account's own time zone; the report time once for values reported together.
  EXPECT_NE(text.out.find("  Marketplace says:\n"
                          "    account status: NORMAL (reported 2026-12-04 09:00 PST)\n"
                          "    AHR score: 1000\n"
                          "    listing_policy_violations.count: 2\n"),
            std::string::npos)
      << text.out;
  EXPECT_NE(text.out.find("    account status: DEACTIVATED (reported 2026-12-03 09:00 CET)\n"),
            std::string::npos)
      << text.out;
  EXPECT_EQ(text.out.find("AT_RISK"), std::string::npos) << text.out;
}

}  // namespace
}  // namespace sellerwatch::testing
