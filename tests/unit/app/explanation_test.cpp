// `explain` (app/explanation.hpp): the pure builder over hand-made stored state, one case per
// question it answers (state and timers, mute, quiet hours, route, group, outbox legs), the
// text and JSON renderings, the lookup of unknown accounts and rules, and that no secret of the
// config reaches the output.

#include "app/explanation.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <ostream>

#include "app/explanation_render.hpp"
#include "app/redaction.hpp"
#include "config/loader.hpp"
#include "notify/grouper.hpp"
#include "rules/threshold_verdict.hpp"

namespace sellerwatch::app {
namespace {

using core::AlertState;
using core::Severity;
using core::Timestamp;
using namespace std::chrono_literals;

Timestamp T(const std::string& rfc3339) {
  auto t = core::ParseRfc3339(rfc3339);
  EXPECT_TRUE(t.has_value()) << rfc3339;
  return t.value_or(Timestamp{});
}

const std::string kHookToken = "T0001/B0002/hooksecretXYZ";
const std::string kHookUrl = "https://hooks.slack.com/services/" + kHookToken;
const std::string kSmtpPassword = "smtp-pass-Q7";

// acme-us: late shipments (10 days) with for 30m and clear_for 1h; route #2 takes it to a
// Slack webhook with quiet hours at night (critical passes). lone: no route matches it.
std::shared_ptr<const config::Config> TestConfig() {
  auto loaded = config::ParseConfig(
      "accounts:\n"
      "  - id: acme-us\n"
      "    marketplace: amazon\n"
      "    timezone: UTC\n"
      "    labels: {team: us}\n"
      "    thresholds:\n"
      "      late_shipment_rate_10d: {for: 30m, clear_for: 1h}\n"
      "  - id: lone\n"
      "    marketplace: amazon\n"
      "routes:\n"
      "  - match: {team: eu}\n"
      "    receivers: [eu-mail]\n"
      "  - match: {account: acme-us}\n"
      "    receivers: [shop-hook]\n"
      "    group_by: [account, rule]\n"
      "    quiet_hours: {from: \"22:00\", to: \"08:00\", timezone: Europe/Berlin,"
      " except: [critical]}\n"
      "receivers:\n"
      "  - name: shop-hook\n"
      "    slack: {webhook_url: \"" +
          kHookUrl +
          "\"}\n"
          "  - name: eu-mail\n"
          "    email: {smtp_url: \"smtps://smtp.example.com:465\", username: shop,"
          " password: \"" +
          kSmtpPassword + "\", from: a@example.com, to: [b@example.com]}\n",
      "explain.yaml");
  EXPECT_TRUE(loaded.config) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].Format());
  return loaded.config;
}

const std::shared_ptr<const config::Config>& Config() {
  static const auto config = TestConfig();
  return config;
}

const std::string kRule = "late_shipment_rate_10d";
const Timestamp kNoon = T("2026-12-01T12:00:00Z");   // 13:00 in Berlin: no quiet hours
const Timestamp kNight = T("2026-12-01T23:00:00Z");  // 00:00 in Berlin: quiet hours

// `late` late shipments of `shipped` orders.
rules::RuleEvaluation Evaluation(const config::EffectiveRule& rule, double late, double shipped) {
  rules::RuleEvaluation ev;
  ev.rule = &rule;
  ev.value.info = *core::FindMetric(rule.metric);
  ev.value.numerator = late;
  ev.value.denominator = shipped;
  if (shipped > 0) ev.value.value = late / shipped;
  ev.verdict = rules::EvaluateThreshold(rule, ev.value);
  ev.warn = rule.warn;
  ev.critical = rule.critical;
  return ev;
}

store::AlertStateRecord Record(AlertState state, Severity severity, Timestamp since) {
  auto r = store::AlertStateRecord::Inactive("acme-us", kRule, since);
  r.state = state;
  r.severity = severity;
  r.active_since = since;
  return r;
}

core::Alert FiringAlert(const std::string& rule, const std::string& metric, Severity severity) {
  core::Alert a;
  a.labels = {{"account", "acme-us"},
              {"rule", rule},
              {"metric", metric},
              {"severity", std::string(core::Name(severity))}};
  a.state = AlertState::kFiring;
  a.severity = severity;
  return a;
}

store::OutboxLeg Leg(std::int64_t id, store::LegStatus status, int attempts, std::string error,
                     const std::string& rule = kRule) {
  store::OutboxLeg leg;
  leg.id = id;
  leg.key = "sw-key-" + std::to_string(id);
  leg.receiver = "shop-hook";
  core::Alert a = FiringAlert(rule, "late_shipment_rate_10d", Severity::kCritical);
  leg.notification = core::Notification{"shop-hook", "k", kNoon - 1h, {a}};
  leg.created_at = kNoon - 1h;
  leg.attempts = attempts;
  leg.next_attempt_at = kNoon + 5min;
  leg.status = status;
  leg.last_error = std::move(error);
  if (status == store::LegStatus::kDelivered) leg.finished_at = kNoon - 59min;
  return leg;
}

struct Case {
  std::string name;
  std::string account = "acme-us";
  double late = 5, shipped = 100;  // 5 %: critical (4 %)
  bool evaluated = true;
  std::optional<store::AlertStateRecord> record{};
  std::vector<core::Silence> silences{};
  std::vector<core::Alert> firing{};
  std::vector<notify::GroupState> groups{};
  std::vector<store::OutboxLeg> legs{};
  Timestamp now = kNoon;
  std::function<void(const Explanation&)> check{};
  std::vector<std::string> text{};  // lines the text must contain
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

std::vector<Case> Cases() {
  std::vector<Case> cases;
  {
    Case c{.name = "Firing"};
    c.record = Record(AlertState::kFiring, Severity::kCritical, kNoon - 3h);
    c.check = [](const Explanation& e) {
      EXPECT_EQ(e.state.state, AlertState::kFiring);
      EXPECT_EQ(e.state.next_state, AlertState::kFiring);
      EXPECT_FALSE(e.state.next_transition);
      ASSERT_EQ(e.targets.size(), 1u);
      EXPECT_EQ(e.targets[0].route_index, 1u);
      EXPECT_EQ(e.targets[0].receiver, "shop-hook");
      EXPECT_EQ(e.targets[0].mute.kind, notify::MuteKind::kNone);
      EXPECT_EQ(e.targets[0].group_key, "1:shop-hook:{account=\"acme-us\",rule=\"" + kRule + "\"}");
      EXPECT_FALSE(e.targets[0].group_open);
      EXPECT_EQ(e.labels.at("team"), "us");
    };
    c.text = {"firing since 2026-12-01 09:00 UTC (3h), critical: 5% ≥ 4%",
              "matched route #2 (receiver: shop-hook, slack)", "not muted",
              "quiet hours do not hold this severity (except)",
              "no notification of this alert in the outbox"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "PendingWaitsForItsForTimer"};
    c.record = Record(AlertState::kPending, Severity::kCritical, kNoon - 10min);
    c.check = [](const Explanation& e) {
      EXPECT_EQ(e.state.fires_at, kNoon + 20min);
      EXPECT_EQ(e.state.next_state, AlertState::kPending);
      EXPECT_FALSE(e.state.next_transition);
    };
    c.text = {
        "pending since 2026-12-01 11:50 UTC, critical: 5% ≥ 4%; fires at 2026-12-01 12:20 "
        "UTC unless it recovers (for: 30m)",
        "nothing is sent while it is pending; once it fires:"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "PendingPastItsTimerFiresAtTheNextEvaluation"};
    c.record = Record(AlertState::kPending, Severity::kCritical, kNoon - 40min);
    c.check = [](const Explanation& e) {
      EXPECT_EQ(e.state.next_transition, rules::Transition::kFiring);
    };
    c.text = {"the next evaluation fires it (and notifies)"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "FiringBackPastTheClearLevelWaitsForClearFor", .late = 2};  // 2 % < 2.7 %
    auto r = Record(AlertState::kFiring, Severity::kWarning, kNoon - 3h);
    r.clear_since = kNoon - 20min;
    c.record = r;
    c.check = [](const Explanation& e) {
      EXPECT_EQ(e.state.resolves_at, kNoon + 40min);
      EXPECT_TRUE(e.value.verdict.clear);
      ASSERT_TRUE(e.rule.clear);
      EXPECT_NEAR(*e.rule.clear, 0.027, 1e-9);
    };
    c.text = {
        "back past the clear level since 2026-12-01 11:40 UTC, resolves at 2026-12-01 "
        "12:40 UTC (clear_for: 1h)"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "FiringInsideTheHysteresisBandStaysFiring", .late = 2.8};  // 2.7 % < 2.8 % < 3 %
    c.record = Record(AlertState::kFiring, Severity::kWarning, kNoon - 1h);
    c.check = [](const Explanation& e) {
      EXPECT_EQ(e.state.next_state, AlertState::kFiring);
      EXPECT_FALSE(e.state.next_transition);
    };
    c.text = {
        "firing since 2026-12-01 11:00 UTC (1h), warning, now 2.8%; stays firing until back "
        "past the clear level 2.7% (hysteresis)",
        "next quiet hours start 2026-12-01 22:00 Europe/Berlin"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "CriticalNowOnlyWarningChangesSeverity", .late = 3.5};
    c.record = Record(AlertState::kFiring, Severity::kCritical, kNoon - 1h);
    c.check = [](const Explanation& e) {
      EXPECT_EQ(e.state.next_transition, rules::Transition::kSeverityChanged);
    };
    c.text = {"firing since 2026-12-01 11:00 UTC (1h), warning: 3.5% ≥ 3%",
              "the next evaluation changes its severity"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "ResolvedAfterClearFor", .late = 1};
    c.record = Record(AlertState::kResolved, Severity::kCritical, kNoon - 2h);
    c.check = [](const Explanation& e) {
      EXPECT_NE(e.value.summary.find("is back to 1%"), std::string::npos) << e.value.summary;
    };
    c.text = {"resolved at 2026-12-01 10:00 UTC: 1% is below the warn level 3%"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "Flapping"};
    auto r = Record(AlertState::kFiring, Severity::kCritical, kNoon - 1h);
    r.flapping = true;
    r.transitions = {kNoon - 50min, kNoon - 40min, kNoon - 30min, kNoon - 20min, kNoon - 10min};
    c.record = r;
    c.check = [](const Explanation& e) {
      EXPECT_EQ(e.state.state, AlertState::kFlapping);
      EXPECT_EQ(e.state.changes_in_flap_window, 5u);
      EXPECT_EQ(e.state.settles_at, kNoon - 10min + 6h);
    };
    c.text = {
        "flapping: 5 changes within 6h (flap_max 4); notices are held back until it is "
        "steady, at 2026-12-01 17:50 UTC at the earliest"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "SilencedNamesTheSilenceAndRedactsItsComment"};
    c.record = Record(AlertState::kFiring, Severity::kCritical, kNoon - 3h);
    c.silences = {
        {"s-long", {{"account", "acme-us"}}, kNoon - 1h, kNoon + 5h, "ops", "see " + kHookUrl},
        {"s-short", {{"rule", kRule}}, kNoon - 1h, kNoon + 1h, "ops", "deploy"},
        {"s-other", {{"account", "lone"}}, kNoon - 1h, kNoon + 9h, "ops", "not this one"},
        {"s-ended", {{"account", "acme-us"}}, kNoon - 3h, kNoon - 1h, "ops", "over"}};
    c.check = [](const Explanation& e) {
      ASSERT_EQ(e.silences.size(), 2u);
      EXPECT_EQ(e.targets.at(0).mute.kind, notify::MuteKind::kSilenced);
      EXPECT_EQ(e.targets.at(0).mute.by, "s-long");
      EXPECT_TRUE(e.silences[0].decisive);
      EXPECT_FALSE(e.silences[1].decisive);
    };
    c.text = {
        "silenced by silence s-long until 2026-12-01 17:00 UTC (ops: see "
        "https://hooks.slack.com/…)",
        "s-short until 2026-12-01 13:00 UTC, comment: deploy (by ops)"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "WarningInhibitedByAFiringCriticalOnTheSameMetric", .late = 3.5};
    c.record = Record(AlertState::kFiring, Severity::kWarning, kNoon - 1h);
    c.firing = {
        FiringAlert("late_shipment_forecast", "late_shipment_rate_10d", Severity::kCritical),
        FiringAlert("odr", "order_defect_rate", Severity::kCritical)};
    c.check = [](const Explanation& e) {
      EXPECT_EQ(e.inhibited_by, "acme-us/late_shipment_forecast");
      EXPECT_EQ(e.targets.at(0).mute.kind, notify::MuteKind::kInhibited);
    };
    c.text = {
        "inhibited by acme-us/late_shipment_forecast (a firing critical alert on the same "
        "metric)"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "WarningDeferredByQuietHours", .late = 3.5, .now = kNight};
    c.record = Record(AlertState::kFiring, Severity::kWarning, kNight - 1h);
    c.check = [](const Explanation& e) {
      EXPECT_EQ(e.targets.at(0).mute.kind, notify::MuteKind::kDeferred);
      EXPECT_EQ(e.targets.at(0).quiet_until, T("2026-12-02T07:00:00Z"));
      EXPECT_FALSE(e.inhibited_by);
    };
    c.text = {"deferred by quiet hours until 2026-12-02 08:00 Europe/Berlin"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "CriticalPassesQuietHours", .now = kNight};
    c.record = Record(AlertState::kFiring, Severity::kCritical, kNight - 1h);
    c.check = [](const Explanation& e) {
      EXPECT_EQ(e.targets.at(0).mute.kind, notify::MuteKind::kNone);
      EXPECT_TRUE(e.targets.at(0).quiet_excepted);
    };
    c.text = {"quiet hours do not hold this severity (except)"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "MatchedNoRoute", .account = "lone"};
    c.check = [](const Explanation& e) { EXPECT_TRUE(e.targets.empty()); };
    c.text = {"matched no route: nobody is told", "breached now, the next evaluation judges it"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "NeverEvaluatedTooFewOrders", .late = 1, .shipped = 5};
    c.check = [](const Explanation& e) {
      EXPECT_FALSE(e.state.stored);
      EXPECT_TRUE(e.value.verdict.insufficient_data);
      EXPECT_EQ(e.value.summary, "");  // a notification's summary would read as a breach
    };
    c.text = {"inactive: never fired: too few orders to judge: 5 in the window, min_sample is 20",
              "20% (1 of 5): too few to judge (min_sample 20)"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "NotEvaluatedByTheDaemon", .evaluated = false};
    c.text = {"not evaluated: the daemon does not judge this rule on this metric"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "GroupShowsWhenItIsNextDueAndWhatWasLastTold"};
    c.record = Record(AlertState::kFiring, Severity::kCritical, kNoon - 3h);
    notify::GroupState g;
    g.route_index = 1;
    g.receiver = "shop-hook";
    g.group_labels = {{"account", "acme-us"}, {"rule", kRule}};
    g.key = notify::GroupKey(1, "shop-hook", g.group_labels);
    g.members["acme-us/" + kRule] =
        FiringAlert(kRule, "late_shipment_rate_10d", Severity::kCritical);
    g.last_sent_at = kNoon - 2h;
    g.next_flush_at = kNoon + 22h;
    g.last_notified["acme-us/" + kRule] = {AlertState::kFiring, Severity::kWarning};
    notify::GroupState other = g;
    other.key = notify::GroupKey(1, "shop-hook", {{"account", "acme-us"}, {"rule", "odr"}});
    other.next_flush_at = kNoon + 1min;
    c.groups = {other, g};
    c.check = [](const Explanation& e) {
      const auto& t = e.targets.at(0);
      EXPECT_TRUE(t.group_open);
      EXPECT_TRUE(t.member);
      EXPECT_EQ(t.group_next_due, kNoon + 22h);
      ASSERT_TRUE(t.last_notified);
      EXPECT_EQ(t.last_notified->severity, Severity::kWarning);
    };
    c.text = {
        "group acme-us/late_shipment_rate_10d: 1 alert, last sent 2026-12-01 10:00 UTC, next "
        "due 2026-12-02 10:00 UTC; shop-hook was last told: firing warning"};
    cases.push_back(std::move(c));
  }
  {
    Case c{.name = "OutboxLegsNewestFirstWithErrorsRedacted"};
    c.record = Record(AlertState::kFiring, Severity::kCritical, kNoon - 3h);
    c.legs = {
        Leg(3, store::LegStatus::kDelivered, 1, ""),
        Leg(7, store::LegStatus::kPending, 2,
            "POST " + kHookUrl + ": HTTP 503 (https://user:pw@proxy.example.com/x?token=abc)"),
        Leg(5, store::LegStatus::kFailed, 4, "HTTP 404 no_service"),
        Leg(9, store::LegStatus::kDelivered, 1, "", "another_rule")};
    c.check = [](const Explanation& e) {
      ASSERT_EQ(e.legs.size(), 3u);
      EXPECT_EQ(e.legs[0].id, 7);
      EXPECT_EQ(e.legs[1].id, 5);
      EXPECT_EQ(e.legs[2].id, 3);
      EXPECT_EQ(e.legs[0].last_error,
                "POST https://hooks.slack.com/…: HTTP 503 (https://proxy.example.com/…)");
    };
    c.text = {
        "leg 7 → shop-hook (firing critical): pending, attempt 3 at 2026-12-01 12:05 UTC; "
        "last error: POST https://hooks.slack.com/…: HTTP 503 (https://proxy.example.com/…); "
        "key sw-key-7",
        "leg 5 → shop-hook (firing critical): failed for good after 4 attempts; last error: "
        "HTTP 404 no_service",
        "leg 3 → shop-hook (firing critical): delivered 2026-12-01 11:01 UTC after 1 attempt;"};
    cases.push_back(std::move(c));
  }
  return cases;
}

class ExplainBuilder : public ::testing::TestWithParam<Case> {};

TEST_P(ExplainBuilder, Explains) {
  const Case& c = GetParam();
  const auto& config = Config();
  ASSERT_TRUE(config);
  auto ref = FindAlertRef(*config, c.account, kRule);
  ASSERT_TRUE(ref) << ref.error().message;
  ExplainInput in;
  in.config = config.get();
  in.account = ref->account;
  in.rule = ref->rule;
  if (c.evaluated) in.evaluation = Evaluation(*ref->rule, c.late, c.shipped);
  in.record = c.record;
  in.silences = c.silences;
  in.firing = c.firing;
  in.groups = c.groups;
  in.legs = c.legs;
  Explanation e = BuildExplanation(in, c.now);
  EXPECT_EQ(e.account, c.account);
  EXPECT_EQ(e.rule.name, kRule);
  if (c.check) c.check(e);
  std::string text = ExplanationText(e);
  for (const auto& line : c.text)
    EXPECT_NE(text.find(line), std::string::npos) << line << "\n" << text;
  std::string json = ExplanationJson(e);
  for (const std::string& secret :
       {kHookToken, kSmtpPassword, std::string("token=abc"), std::string("user:pw")}) {
    EXPECT_EQ(text.find(secret), std::string::npos) << secret << "\n" << text;
    EXPECT_EQ(json.find(secret), std::string::npos) << secret << "\n" << json;
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, ExplainBuilder, ::testing::ValuesIn(Cases()),
                         [](const auto& info) { return info.param.name; });

TEST(ExplainJson, StableKeysAndRfc3339Times) {
  const auto& config = Config();
  auto ref = FindAlertRef(*config, "acme-us", kRule);
  ASSERT_TRUE(ref);
  ExplainInput in;
  in.config = config.get();
  in.account = ref->account;
  in.rule = ref->rule;
  in.evaluation = Evaluation(*ref->rule, 5, 100);
  in.record = Record(AlertState::kPending, Severity::kCritical, kNoon - 10min);
  in.legs = {Leg(7, store::LegStatus::kPending, 2, "timeout")};
  auto doc = boost::json::parse(ExplanationJson(BuildExplanation(in, kNoon))).as_object();
  EXPECT_EQ(doc.at("generated_at").as_string(), "2026-12-01T12:00:00Z");
  EXPECT_EQ(doc.at("rule").at("for_seconds").as_int64(), 1800);
  EXPECT_EQ(doc.at("rule").at("critical").as_double(), 0.04);
  EXPECT_EQ(doc.at("value").at("numerator").as_int64(), 5);
  EXPECT_EQ(doc.at("value").at("breached").as_string(), "critical");
  EXPECT_EQ(doc.at("state").at("state").as_string(), "pending");
  EXPECT_EQ(doc.at("state").at("fires_at").as_string(), "2026-12-01T12:20:00Z");
  EXPECT_TRUE(doc.at("routed").as_bool());
  const auto& route = doc.at("routes").as_array().at(0);
  EXPECT_EQ(route.at("route_number").as_int64(), 2);
  EXPECT_EQ(route.at("receiver").as_string(), "shop-hook");
  EXPECT_EQ(route.at("receiver_type").as_string(), "slack");
  EXPECT_EQ(route.at("mute").at("kind").as_string(), "none");
  EXPECT_EQ(route.at("quiet_hours").at("next_start").as_string(), "2026-12-01T21:00:00Z");
  EXPECT_FALSE(route.at("group").at("open").as_bool());
  const auto& leg = doc.at("outbox").as_array().at(0);
  EXPECT_EQ(leg.at("idempotency_key").as_string(), "sw-key-7");
  EXPECT_EQ(leg.at("attempts").as_int64(), 2);
  EXPECT_EQ(leg.at("last_error").as_string(), "timeout");
  EXPECT_EQ(leg.at("next_attempt_at").as_string(), "2026-12-01T12:05:00Z");
  EXPECT_TRUE(doc.at("inhibited_by").is_null());
}

TEST(ExplainLookup, UnknownAccountSuggestsTheClosest) {
  auto r = FindAlertRef(*Config(), "acme-uss", kRule);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kData);
  EXPECT_NE(
      r.error().message.find("no account 'acme-uss' in explain.yaml; did you mean 'acme-us'?"),
      std::string::npos)
      << r.error().message;
  auto far = FindAlertRef(*Config(), "zzzzzzzzzz", kRule);
  ASSERT_FALSE(far);
  EXPECT_NE(far.error().message.find("accounts: acme-us, lone"), std::string::npos)
      << far.error().message;
}

TEST(ExplainLookup, UnknownRuleListsTheAccountsRules) {
  auto r = FindAlertRef(*Config(), "acme-us", "late_shipment_rate");
  ASSERT_FALSE(r);
  const std::string& m = r.error().message;
  EXPECT_NE(m.find("account 'acme-us' has no rule 'late_shipment_rate'; did you mean "
                   "'late_shipment_rate_10d'?"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("its rules: order_defect_rate, "), std::string::npos) << m;
  EXPECT_TRUE(FindAlertRef(*Config(), "acme-us", "cancellation_rate"));
}

TEST(ExplainRedaction, CutsUrlsToSchemeAndHostAndReplacesKnownSecrets) {
  std::vector<std::string> secrets = ConfigSecrets(*Config());
  EXPECT_NE(std::find(secrets.begin(), secrets.end(), kSmtpPassword), secrets.end());
  EXPECT_EQ(RedactText("login failed for pass " + kSmtpPassword + ".", secrets),
            "login failed for pass <redacted>.");
  EXPECT_EQ(RedactText("POST " + kHookUrl + " failed", secrets),
            "POST https://hooks.slack.com/… failed");
  EXPECT_EQ(RedactText("https://api.telegram.org/bot123:ABC/sendMessage: 401", {}),
            "https://api.telegram.org/…: 401");
  EXPECT_EQ(RedactText("smtps://alerts:hunter2@mail.example.com:465 refused", {}),
            "smtps://mail.example.com:465 refused");
  EXPECT_EQ(RedactText("\"http://h.example/?token=x\" and ftp://h2", {}),
            "\"http://h.example/…\" and ftp://h2");
  EXPECT_EQ(RedactText("no url: a://, ://x", {}), "no url: a://, ://x");
}

}  // namespace
}  // namespace sellerwatch::app
