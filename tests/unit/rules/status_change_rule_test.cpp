// status_change end to end: a `platform` event (DESIGN §1.3, our fifth kind) reaches the engine,
// EvaluateAccount judges the latest reported value, and the alert says what the marketplace said.

#include <gtest/gtest.h>

#include "core/event_json.hpp"
#include "metrics/metrics_engine.hpp"
#include "rules/alert_builder.hpp"
#include "rules/rule_evaluation.hpp"

namespace sellerwatch::rules {
namespace {

using namespace std::chrono_literals;

const core::Timestamp kT0 = core::ParseRfc3339("2026-11-20T12:00:00Z").value();

config::AccountConfig Account() {
  config::AccountConfig a;
  a.id = "acme-us";
  a.marketplace = "amazon";
  config::EffectiveRule r;
  r.name = "account_status";
  r.metric = "platform.account_status";
  r.kind = config::RuleKind::kStatusChange;
  r.warn_values = {"AT_RISK"};
  r.critical_values = {"DEACTIVATED"};
  a.rules.push_back(r);
  return a;
}

core::Event Platform(std::string_view value, std::string_view reported_at) {
  auto parsed = core::ParseEventJson(
      fmt::format(R"({{"type":"platform","account":"acme-us","id":"platform.account_status",)"
                  R"("value":"{}","reported_at":"{}"}})",
                  value, reported_at));
  EXPECT_TRUE(parsed) << parsed.error().message;
  return parsed->event;
}

const RuleEvaluation& Only(const AccountEvaluation& e) {
  EXPECT_EQ(e.rules.size(), 1u);
  return e.rules.front();
}

TEST(StatusChangeRuleTest, NoReportedValueIsInsufficientData) {
  metrics::MetricsEngine engine([](const auto&, const auto&) { return std::nullopt; });
  auto account = Account();
  auto ev = EvaluateAccount(account, engine, kT0);
  EXPECT_TRUE(Only(ev).verdict.insufficient_data);
}

TEST(StatusChangeRuleTest, TheLatestReportDecides) {
  metrics::MetricsEngine engine([](const auto&, const auto&) { return std::nullopt; });
  auto account = Account();
  engine.Apply(std::nullopt, Platform("NORMAL", "2026-11-20T06:00:00Z"));
  EXPECT_FALSE(Only(EvaluateAccount(account, engine, kT0)).verdict.breached);

  engine.Apply(std::nullopt, Platform("AT_RISK", "2026-11-20T10:00:00Z"));
  auto ev = EvaluateAccount(account, engine, kT0);
  EXPECT_EQ(Only(ev).verdict.breached, core::Severity::kWarning);
  EXPECT_EQ(Only(ev).status, "AT_RISK");

  // An older report arriving late does not win over a newer one.
  engine.Apply(std::nullopt, Platform("DEACTIVATED", "2026-11-19T10:00:00Z"));
  EXPECT_EQ(Only(EvaluateAccount(account, engine, kT0)).verdict.breached, core::Severity::kWarning);

  engine.Apply(std::nullopt, Platform("DEACTIVATED", "2026-11-20T11:00:00Z"));
  ev = EvaluateAccount(account, engine, kT0);
  EXPECT_EQ(Only(ev).verdict.breached, core::Severity::kCritical);

  auto record = store::AlertStateRecord::Inactive("acme-us", "account_status", kT0);
  record.state = core::AlertState::kFiring;
  record.severity = core::Severity::kCritical;
  auto alert = BuildAlert(account, Only(ev), record);
  EXPECT_EQ(alert.Annotation("value"), "DEACTIVATED");
  EXPECT_NE(alert.Annotation("summary").find("is now DEACTIVATED"), std::string::npos)
      << alert.Annotation("summary");
  EXPECT_EQ(alert.Annotation("threshold"), "warn on AT_RISK; critical on DEACTIVATED");
}

TEST(StatusChangeRuleTest, LoadAccountKeepsTheLatestToo) {
  metrics::MetricsEngine engine([](const auto&, const auto&) { return std::nullopt; });
  std::vector<core::Event> events = {Platform("AT_RISK", "2026-11-20T10:00:00Z"),
                                     Platform("NORMAL", "2026-11-18T10:00:00Z")};
  engine.LoadAccount("acme-us", events);
  EXPECT_EQ(engine.PlatformStatus("acme-us", "platform.account_status"), "AT_RISK");
  EXPECT_FALSE(engine.PlatformStatus("acme-us", "platform.ahr_status"));
  engine.Prune(kT0 + 200 * core::kDay);
  EXPECT_FALSE(engine.PlatformStatus("acme-us", "platform.account_status"));
}

TEST(StatusChangeRuleTest, PlatformEventsNeedAPlatformMetricAndAValue) {
  auto bad_id = core::ParseEventJson(
      R"({"type":"platform","account":"a","id":"account_status","value":"X","reported_at":"2026-11-20T10:00:00Z"})");
  ASSERT_FALSE(bad_id);
  EXPECT_NE(bad_id.error().message.find("platform.account_status"), std::string::npos);
  auto no_value = core::ParseEventJson(
      R"({"type":"platform","account":"a","id":"platform.x","reported_at":"2026-11-20T10:00:00Z"})");
  ASSERT_FALSE(no_value);
  EXPECT_NE(no_value.error().message.find("value"), std::string::npos);
  auto ok = core::ParseEventJson(
      R"({"type":"platform","account":"a","id":"platform.x","value":"OK","reported_at":"2026-11-20T10:00:00Z"})");
  ASSERT_TRUE(ok);
  auto back = core::DecodeEvent(ok->payload);
  ASSERT_TRUE(back);
  EXPECT_EQ(std::get<core::PlatformValue>(*back).value, "OK");
}

}  // namespace
}  // namespace sellerwatch::rules
