// `sellerwatch explain ACCOUNT RULE [--json]` on a store written by the real binary: events
// imported, a silence added, one `poll --once` (evaluation, notification groups, the outbox and
// one delivery attempt to receivers that refuse on loopback). One alert fires and is queued,
// another fires under a silence; unknown names exit 64; no secret of the config is printed.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>

#include "core/time.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"

namespace sellerwatch::testing {
namespace {

// Port 1 on loopback refuses: each delivery attempt fails with an error that names the URL.
const std::vector<std::string> kSecrets = {"HOOKPATHSECRET", "HOOKQUERYSECRET", "HEADERSECRET",
                                           "SLACKSECRET",    "SMTPSECRET",      "COMMENTPWSECRET"};

class ExplainCli : public ::testing::Test {
 protected:
  void SetUp() override {
    config_ = dir_.Write(
        "sellerwatch.yaml",
        "daemon: {listen: \"\", state_dir: " + dir_.File("state") +
            ", shutdown_timeout: 1s}\n"
            "accounts:\n"
            "  - {id: shop-x, marketplace: amazon}\n"
            "  - {id: shop-y, marketplace: amazon}\n"
            "routes: [{match: {}, receivers: [hook, chat], group_by: [account], group_wait: 0s}]\n"
            "receivers:\n"
            "  - name: hook\n"
            "    webhook:\n"
            "      url: \"http://127.0.0.1:1/hook/HOOKPATHSECRET?token=HOOKQUERYSECRET\"\n"
            "      headers: {X-Token: HEADERSECRET}\n"
            "  - name: chat\n"
            "    slack: {webhook_url: \"http://127.0.0.1:1/services/T1/B2/SLACKSECRET\"}\n"
            "  - name: mail\n"
            "    email: {smtp_url: \"smtps://127.0.0.1:1\", username: u, password: SMTPSECRET,"
            " from: a@example.com, to: [b@example.com]}\n");
    // 20 merchant orders of the last day per shop, 2 cancelled by the seller: 10 % ≥ 2.5 %.
    for (const std::string account : {"shop-x", "shop-y"}) {
      std::string lines;
      auto now = std::chrono::system_clock::now();
      for (int i = 0; i < 20; ++i) {
        auto purchased = core::FormatRfc3339(std::chrono::time_point_cast<core::Duration>(
            now - std::chrono::hours(20) - std::chrono::minutes(i)));
        lines += R"({"type":"order","id":")" + account + std::to_string(i) +
                 R"(","purchased_at":")" + purchased + R"(","fulfillment":"merchant","status":")" +
                 (i < 2 ? R"(cancelled","cancel_initiator":"seller"})" : R"(shipped"})") + "\n";
      }
      auto file = dir_.Write(account + ".jsonl", lines);
      auto imported = Run({"import", "--account", account, file});
      ASSERT_EQ(imported.exit_code, 0) << imported.err;
    }
    auto silenced = Run({"silence", "add", "--account", "shop-y", "--rule", "cancellation_rate",
                         "--for", "2h", "--by", "ops", "--comment",
                         "supplier strike, see http://ops:COMMENTPWSECRET@wiki.example/strike"});
    ASSERT_EQ(silenced.exit_code, 0) << silenced.err;
    auto polled = Run({"poll", "--once"});
    ASSERT_EQ(polled.exit_code, 0) << polled.err;
  }

  ProcessResult Run(std::vector<std::string> args) {
    args.insert(args.end(), {"-c", config_});
    return Sellerwatch(args);
  }

  static void ExpectNoSecret(const ProcessResult& r) {
    for (const auto& secret : kSecrets) {
      EXPECT_EQ(r.out.find(secret), std::string::npos) << secret << " printed:\n" << r.out;
      EXPECT_EQ(r.err.find(secret), std::string::npos) << secret << " printed:\n" << r.err;
    }
  }

  TempDir dir_;
  std::string config_;
};

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_F(ExplainCli, FiringAlertShowsValueRouteGroupAndItsQueuedLegs) {
  auto r = Run({"explain", "shop-x", "cancellation_rate"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "shop-x / cancellation_rate (amazon)")) << r.out;
  EXPECT_TRUE(Has(r.out, "state:      firing since ")) << r.out;
  EXPECT_TRUE(Has(r.out, "critical: 10% ≥ 2.5%")) << r.out;
  EXPECT_TRUE(Has(r.out, "value:      10% (2 of 20): critical level crossed")) << r.out;
  EXPECT_TRUE(Has(r.out, "matched route #1 (receiver: hook, webhook)")) << r.out;
  EXPECT_TRUE(Has(r.out, "matched route #1 (receiver: chat, slack)")) << r.out;
  EXPECT_TRUE(Has(r.out, "not muted")) << r.out;
  EXPECT_TRUE(Has(r.out, "group shop-x: 1 alert, last sent ")) << r.out;
  EXPECT_TRUE(Has(r.out, "hook was last told: firing critical")) << r.out;
  EXPECT_TRUE(Has(r.out, "→ hook (firing critical): pending, attempt 2 at ")) << r.out;
  EXPECT_TRUE(Has(r.out, "→ chat (firing critical): pending, attempt 2 at ")) << r.out;
  EXPECT_TRUE(Has(r.out, "last error: ")) << r.out;
  ExpectNoSecret(r);

  auto j = Run({"explain", "shop-x", "cancellation_rate", "--json"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  ExpectNoSecret(j);
  auto doc = boost::json::parse(j.out).as_object();
  EXPECT_EQ(doc.at("account").as_string(), "shop-x");
  EXPECT_EQ(doc.at("state").at("state").as_string(), "firing");
  EXPECT_EQ(doc.at("state").at("severity").as_string(), "critical");
  EXPECT_TRUE(core::ParseRfc3339(doc.at("state").at("since").as_string()));
  EXPECT_EQ(doc.at("value").at("numerator").as_int64(), 2);
  EXPECT_EQ(doc.at("value").at("denominator").as_int64(), 20);
  const auto& routes = doc.at("routes").as_array();
  ASSERT_EQ(routes.size(), 2u);
  EXPECT_EQ(routes[0].at("mute").at("kind").as_string(), "none");
  EXPECT_TRUE(routes[0].at("group").at("member").as_bool());
  const auto& legs = doc.at("outbox").as_array();
  ASSERT_EQ(legs.size(), 2u);
  for (const auto& leg : legs) {
    EXPECT_EQ(leg.at("status").as_string(), "pending");
    EXPECT_EQ(leg.at("attempts").as_int64(), 1);
    EXPECT_FALSE(leg.at("last_error").as_string().empty());
    EXPECT_EQ(leg.at("idempotency_key").as_string().subview().substr(0, 3), "sw-");
    EXPECT_TRUE(core::ParseRfc3339(leg.at("next_attempt_at").as_string()));
  }
}

TEST_F(ExplainCli, SilencedAlertNamesItsSilenceAndHasNoLeg) {
  auto r = Run({"explain", "shop-y", "cancellation_rate"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "firing since ")) << r.out;
  EXPECT_TRUE(Has(r.out, "silenced by silence s-")) << r.out;
  EXPECT_TRUE(Has(r.out, "(ops: supplier strike, see http://wiki.example/…)")) << r.out;
  EXPECT_TRUE(Has(r.out, "held back (muted) at the last flush")) << r.out;
  EXPECT_TRUE(Has(r.out, "no notification of this alert in the outbox")) << r.out;
  ExpectNoSecret(r);

  auto j = Run({"explain", "--json", "shop-y", "cancellation_rate"});
  ASSERT_EQ(j.exit_code, 0) << j.err;
  ExpectNoSecret(j);
  auto doc = boost::json::parse(j.out).as_object();
  const auto& silences = doc.at("silences").as_array();
  ASSERT_EQ(silences.size(), 1u);
  EXPECT_TRUE(silences[0].at("decisive").as_bool());
  const auto& route = doc.at("routes").as_array().at(0);
  EXPECT_EQ(route.at("mute").at("kind").as_string(), "silenced");
  EXPECT_EQ(route.at("mute").at("by").as_string(), silences[0].at("id").as_string());
  EXPECT_TRUE(doc.at("outbox").as_array().empty());
}

TEST_F(ExplainCli, InactiveRuleSaysWhyItIsNotFiring) {
  auto r = Run({"explain", "shop-x", "late_shipment_rate_10d"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(Has(r.out, "state:      inactive")) << r.out;
  EXPECT_TRUE(Has(r.out, "nothing is sent while it is inactive")) << r.out;
}

TEST_F(ExplainCli, UnknownAccountOrRuleExits64NamingIt) {
  auto account = Run({"explain", "shop-z", "cancellation_rate"});
  EXPECT_EQ(account.exit_code, 64);
  EXPECT_TRUE(Has(account.err, "no account 'shop-z'")) << account.err;
  EXPECT_TRUE(Has(account.err, "did you mean 'shop-")) << account.err;
  auto rule = Run({"explain", "shop-x", "cancel_rate"});
  EXPECT_EQ(rule.exit_code, 64);
  EXPECT_TRUE(Has(rule.err, "account 'shop-x' has no rule 'cancel_rate'")) << rule.err;
  EXPECT_TRUE(Has(rule.err, "cancellation_rate")) << rule.err;
  EXPECT_TRUE(rule.out.empty()) << rule.out;
}

}  // namespace
}  // namespace sellerwatch::testing
