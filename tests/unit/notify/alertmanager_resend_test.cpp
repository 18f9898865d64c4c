// What an alertmanager receiver is re-sent (notify/alertmanager_resend.hpp), as a table.

#include "notify/alertmanager_resend.hpp"

#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "notify/alert_identity.hpp"

namespace sellerwatch::notify {
namespace {

using core::AlertState;
using core::Severity;

core::Timestamp At(const char* rfc3339) { return *core::ParseRfc3339(rfc3339); }
const core::Timestamp kNow = At("2026-11-01T12:00:00Z");

std::shared_ptr<const config::Config> TestConfig() {
  auto loaded = config::ParseConfig(
      "receivers:\n"
      "  - {name: am, alertmanager: {urls: [\"http://am-1:9093\", \"http://am-2:9093\"]}}\n"
      "  - {name: hook, webhook: {url: \"http://hook.example/x\"}}\n",
      "resend.yaml");
  EXPECT_TRUE(loaded.config) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].Format());
  return loaded.config;
}

core::Alert Alert(const std::string& account, const std::string& rule, AlertState state,
                  Severity severity = Severity::kWarning) {
  core::Alert a;
  a.labels = {{"account", account},
              {"marketplace", "amazon"},
              {"rule", rule},
              {"metric", rule},
              {"severity", std::string(core::Name(severity))}};
  a.annotations = {{"summary", account + " " + rule}};
  a.state = state;
  a.severity = severity;
  a.starts_at = At("2026-11-01T10:00:00Z");
  if (state == AlertState::kResolved) a.ends_at = At("2026-11-01T11:50:00Z");
  return a;
}

// A group of `receiver` holding `member`; `told`: what the receiver was last notified of it.
GroupState Group(const std::string& receiver, const core::Alert& member,
                 std::optional<NotifiedEntry> told) {
  GroupState g;
  g.receiver = receiver;
  g.key = "0:" + receiver + ":" + AlertIdentity(member);
  std::string id = AlertIdentity(member);
  g.members[id] = member;
  if (told) g.last_notified[id] = *told;
  return g;
}

store::OutboxLeg Leg(const std::string& receiver, const core::Alert& alert, core::Timestamp at) {
  static std::int64_t next_id = 1;
  store::OutboxLeg leg;
  leg.id = next_id++;
  leg.receiver = receiver;
  leg.created_at = at;
  leg.notification = core::Notification{receiver, "g", at, {alert}};
  return leg;
}

core::Silence SilenceOf(const std::string& account) {
  return {"s-1",
          {{"account", account}},
          kNow - std::chrono::hours(1),
          kNow + std::chrono::hours(1),
          "ops",
          ""};
}

const NotifiedEntry kToldFiring{AlertState::kFiring, Severity::kWarning};

struct Case {
  std::string name;
  std::vector<GroupState> groups;
  std::vector<store::OutboxLeg> legs;
  std::vector<core::Silence> silences;
  std::vector<std::string> expected;  // "account/rule state severity [ends_at]"
  std::string receiver = "am";
};

std::string Describe(const core::Alert& a) {
  std::string s = AlertIdentity(a) + " " + std::string(core::Name(a.state)) + " " +
                  std::string(core::Name(a.severity));
  if (a.ends_at) s += " " + core::FormatRfc3339(*a.ends_at);
  return s;
}

TEST(AlertmanagerResendTest, Table) {
  auto config = TestConfig();
  ASSERT_TRUE(config);
  const auto firing = Alert("shop-a", "odr", AlertState::kFiring);
  const auto resolved = Alert("shop-a", "odr", AlertState::kResolved);
  auto critical_same_metric = Alert("shop-a", "odr_fast", AlertState::kFiring, Severity::kCritical);
  critical_same_metric.labels["metric"] = "odr";
  const std::vector<Case> cases = {
      {"firing and notified: re-sent",
       {Group("am", firing, kToldFiring)},
       {},
       {},
       {"shop-a/odr firing warning"}},
      {"firing, still in group_wait (never notified): not yet",
       {Group("am", firing, std::nullopt)},
       {},
       {},
       {}},
      {"flapping as notified: re-sent",
       {Group("am", firing, NotifiedEntry{AlertState::kFlapping, Severity::kWarning})},
       {},
       {},
       {"shop-a/odr flapping warning"}},
      {"routed to another receiver only: not re-sent",
       {Group("hook", firing, kToldFiring)},
       {},
       {},
       {}},
      {"asked for a receiver that is not an alertmanager",
       {Group("hook", firing, kToldFiring)},
       {},
       {},
       {},
       "hook"},
      {"silenced: not re-sent (Alertmanager lets it expire)",
       {Group("am", firing, kToldFiring)},
       {},
       {SilenceOf("shop-a")},
       {}},
      {"a silence of another account: re-sent",
       {Group("am", firing, kToldFiring)},
       {},
       {SilenceOf("shop-b")},
       {"shop-a/odr firing warning"}},
      {"inhibited by a firing critical of the same metric: not re-sent",
       {Group("am", firing, kToldFiring),
        Group("hook", critical_same_metric,
              NotifiedEntry{AlertState::kFiring, Severity::kCritical})},
       {},
       {},
       {}},
      {"resolved, not yet flushed: re-sent as last notified (firing)",
       {Group("am", resolved, kToldFiring)},
       {},
       {},
       {"shop-a/odr firing warning"}},
      {"severity changed, not yet flushed: re-sent with the notified severity",
       {Group("am", Alert("shop-a", "odr", AlertState::kFiring, Severity::kCritical), kToldFiring)},
       {},
       {},
       {"shop-a/odr firing warning"}},
      {"resolved notice 10 minutes ago: re-sent with its end time",
       {},
       {Leg("am", firing, kNow - std::chrono::hours(2)),
        Leg("am", resolved, kNow - std::chrono::minutes(10))},
       {},
       {"shop-a/odr resolved warning 2026-11-01T11:50:00Z"}},
      {"resolved notice 20 minutes ago: no longer",
       {},
       {Leg("am", resolved, kNow - std::chrono::minutes(20))},
       {},
       {}},
      {"resolved notice to another receiver: not re-sent",
       {},
       {Leg("hook", resolved, kNow - std::chrono::minutes(1))},
       {},
       {}},
      {"resolved, then firing again and notified: only the firing one",
       {Group("am", firing, kToldFiring)},
       {Leg("am", resolved, kNow - std::chrono::minutes(10)),
        Leg("am", firing, kNow - std::chrono::minutes(2))},
       {},
       {"shop-a/odr firing warning"}},
      {"resolved, then a newer firing notice (now silenced): no stale resolved",
       {Group("am", firing, kToldFiring)},
       {Leg("am", resolved, kNow - std::chrono::minutes(10)),
        Leg("am", firing, kNow - std::chrono::minutes(2))},
       {SilenceOf("shop-a")},
       {}},
      {"firing and another alert resolved: both",
       {Group("am", Alert("shop-b", "late", AlertState::kFiring), kToldFiring)},
       {Leg("am", resolved, kNow - std::chrono::minutes(3))},
       {},
       {"shop-b/late firing warning", "shop-a/odr resolved warning 2026-11-01T11:50:00Z"}},
  };
  for (const auto& c : cases) {
    auto got = AlertmanagerResendSet(*config, c.receiver, {c.groups, c.legs, c.silences}, kNow);
    std::vector<std::string> described;
    for (const auto& a : got) described.push_back(Describe(a));
    EXPECT_EQ(described, c.expected) << c.name;
  }
}

// What is re-sent carries the labels Alertmanager identifies it by, exactly as first sent.
TEST(AlertmanagerResendTest, FiringReSendKeepsTheNotifiedLabelsAndNoEndTime) {
  auto config = TestConfig();
  ASSERT_TRUE(config);
  auto member = Alert("shop-a", "odr", AlertState::kResolved, Severity::kCritical);
  std::vector<GroupState> groups = {Group("am", member, kToldFiring)};
  auto got = AlertmanagerResendSet(*config, "am", {groups, {}, {}}, kNow);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].state, AlertState::kFiring);
  EXPECT_EQ(got[0].Label("severity"), "warning");
  EXPECT_FALSE(got[0].ends_at.has_value());
  EXPECT_EQ(got[0].starts_at, member.starts_at);
  EXPECT_EQ(got[0].Annotation("summary"), "shop-a odr");
}

}  // namespace
}  // namespace sellerwatch::notify
