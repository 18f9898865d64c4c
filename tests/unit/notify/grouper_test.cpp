// The Grouper stage (DESIGN.md §1.5, §3.3; Alertmanager's aggregation groups, made durable).
// Each case is a script of AddAlert and Flush steps at explicit times with what must follow;
// between steps the state goes through its JSON form, as it does through the store.

#include "notify/grouper.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "notify/state_json.hpp"

namespace sellerwatch::notify {
namespace {

using core::AlertState;
using core::Severity;
using core::Timestamp;
using namespace std::chrono_literals;

// "10:00:30" is on 2026-01-15 (UTC); anything longer is a full RFC 3339 time.
Timestamp T(const std::string& at) {
  std::string text = at.size() <= 8 ? "2026-01-15T" + at + "Z" : at;
  auto t = core::ParseRfc3339(text);
  EXPECT_TRUE(t.has_value()) << text;
  return t.value_or(Timestamp{});
}

core::Alert Al(const std::string& account, const std::string& rule,
               AlertState state = AlertState::kFiring, Severity severity = Severity::kWarning,
               const std::string& value = "0.8%") {
  core::Alert a;
  a.labels = {{"account", account},
              {"rule", rule},
              {"metric", "order_defect_rate"},
              {"marketplace", "amazon"},
              {"severity", std::string(core::Name(severity))}};
  a.annotations = {{"value", value}};
  a.state = state;
  a.severity = severity;
  a.starts_at = T("09:00:00");
  if (state == AlertState::kResolved) a.ends_at = T("09:30:00");
  return a;
}

const core::Alert kCrit = [] {
  core::Alert a = Al("acme", "odr_crit", AlertState::kFiring, Severity::kCritical);
  return a;
}();

config::RouteConfig Route(std::vector<std::string> group_by = {"account"},
                          core::Duration repeat = 4h) {
  config::RouteConfig r;
  r.receivers = {"ops"};
  r.group_by = std::move(group_by);
  r.group_wait = 30s;
  r.group_interval = 5min;
  r.repeat_interval = repeat;
  return r;
}

config::RouteConfig QuietRoute(core::Duration repeat, std::vector<Severity> except = {}) {
  config::RouteConfig r = Route({"account"}, repeat);
  r.quiet_hours = config::QuietHours{22h, 8h, "UTC", std::move(except)};
  return r;
}

struct Step {
  std::string at;
  std::optional<core::Alert> add;      // AddAlert when set, Flush otherwise
  std::vector<core::Alert> firing;     // inhibitors seen by this flush
  std::optional<NotifyReason> reason;  // flush: expected decision
  std::vector<std::string> sent;       // flush: "identity state" of the notification
  std::optional<std::string> next;     // next_flush_at after the step
  bool deleted = false;
};

Step Add(std::string at, core::Alert alert, std::optional<std::string> next) {
  return {std::move(at), std::move(alert), {}, std::nullopt, {}, std::move(next), false};
}

Step Flush(std::string at, NotifyReason reason, std::vector<std::string> sent,
           std::optional<std::string> next, bool deleted = false,
           std::vector<core::Alert> firing = {}) {
  return {std::move(at),   std::nullopt, std::move(firing), reason, std::move(sent),
          std::move(next), deleted};
}

struct GroupCase {
  std::string name;
  config::RouteConfig route;
  std::vector<Step> steps;
  std::vector<Silence> silences = {};
  FlushOptions options = {};
};

void PrintTo(const GroupCase& c, std::ostream* os) { *os << c.name; }

using R = NotifyReason;
const std::string kTomorrow8 = "2026-01-16T08:00:00Z";

Silence AcmeSilence(const std::string& from, const std::string& to) {
  return {"s1", {{"account", "acme"}}, T(from), T(to), "ops", "maintenance"};
}

std::vector<GroupCase> GroupCases() {
  const core::Alert odr = Al("acme", "odr");
  const core::Alert late = Al("acme", "late");
  const core::Alert odr_resolved = Al("acme", "odr", AlertState::kResolved);
  return {
      {"FirstNotificationAfterGroupWait",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/odr firing"}, "14:00:30")}},
      {"SiblingsArrivingInGroupWaitAreBatched",
       Route(),
       {Add("10:00:00", odr, "10:00:30"), Add("10:00:10", late, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/late firing", "acme/odr firing"}, "14:00:30")}},
      {"ChangeWaitsForGroupInterval",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/odr firing"}, "14:00:30"),
        Add("10:01:00", late, "10:05:30"),
        Flush("10:05:30", R::kChanged, {"acme/late firing", "acme/odr firing"}, "14:05:30")}},
      {"ChangeLongAfterLastFlushGoesAtOnce",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/odr firing"}, "14:00:30"),
        Add("11:00:00", late, "11:00:00")}},
      {"ValueOnlyUpdateSchedulesNothing",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/odr firing"}, "14:00:30"),
        Add("10:02:00", Al("acme", "odr", AlertState::kFiring, Severity::kWarning, "0.85%"),
            "14:00:30"),
        Flush("10:05:30", R::kUnchanged, {}, "14:00:30")}},
      {"RepeatIntervalResendsUnchanged",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/odr firing"}, "14:00:30"),
        Flush("12:00:00", R::kUnchanged, {}, "14:00:30"),
        Flush("14:00:30", R::kRepeat, {"acme/odr firing"}, "18:00:30")}},
      {"SeverityChangeIsAChange",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/odr firing"}, "14:00:30"),
        Add("10:10:00", Al("acme", "odr", AlertState::kFiring, Severity::kCritical), "10:10:00"),
        Flush("10:10:00", R::kChanged, {"acme/odr firing critical"}, "14:10:00")}},
      {"ResolvedSentOnceThenGroupDeleted",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/odr firing"}, "14:00:30"),
        Add("10:03:00", odr_resolved, "10:05:30"),
        Flush("10:05:30", R::kChanged, {"acme/odr resolved"}, std::nullopt, true)}},
      {"ResolvedWithoutSendResolvedIsDroppedSilently",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/odr firing"}, "14:00:30"),
        Add("10:03:00", odr_resolved, "10:05:30"),
        Flush("10:05:30", R::kNothingToSend, {}, std::nullopt, true)},
       {},
       {.send_resolved = false}},
      {"ResolvedKeepsTheOthers",
       Route(),
       {Add("10:00:00", odr, "10:00:30"), Add("10:00:00", late, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/late firing", "acme/odr firing"}, "14:00:30"),
        Add("10:20:00", odr_resolved, "10:20:00"),
        Flush("10:20:00", R::kChanged, {"acme/late firing", "acme/odr resolved"}, "14:20:00"),
        Flush("14:20:00", R::kRepeat, {"acme/late firing"}, "18:20:00")}},
      {"ResolvedWithinGroupWaitIsNeverNotified",
       Route(),
       {Add("10:00:00", odr, "10:00:30"), Add("10:00:10", odr_resolved, "10:00:30"),
        Flush("10:00:30", R::kNothingToSend, {}, std::nullopt, true)}},
      {"ResolvedOfUnknownAlertIsIgnored", Route(), {Add("10:00:00", odr_resolved, std::nullopt)}},
      {"PendingIsIgnored",
       Route(),
       {Add("10:00:00", Al("acme", "odr", AlertState::kPending), std::nullopt)}},
      {"InactiveCountsAsResolved",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/odr firing"}, "14:00:30"),
        Add("10:30:00", Al("acme", "odr", AlertState::kInactive), "10:30:00"),
        Flush("10:30:00", R::kChanged, {"acme/odr resolved"}, std::nullopt, true)}},
      {"FlappingIsOneNotice",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/odr firing"}, "14:00:30"),
        Add("10:10:00", Al("acme", "odr", AlertState::kFlapping), "10:10:00"),
        Flush("10:10:00", R::kChanged, {"acme/odr flapping"}, "14:10:00"),
        Add("10:20:00", Al("acme", "odr", AlertState::kFlapping, Severity::kWarning, "0.6%"),
            "14:10:00"),
        Add("10:30:00", Al("acme", "odr", AlertState::kFlapping, Severity::kWarning, "0.9%"),
            "14:10:00"),
        Flush("10:30:00", R::kUnchanged, {}, "14:10:00"), Add("11:00:00", odr_resolved, "11:00:00"),
        Flush("11:00:00", R::kChanged, {"acme/odr resolved"}, std::nullopt, true)}},
      {"SilenceEndingWhileFiringNotifiesAtOnce",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/odr firing"}, "14:00:30"),
        Flush("10:06:00", R::kNothingToSend, {}, "11:00:00"),  // silenced from 10:05
        Flush("11:00:00", R::kChanged, {"acme/odr firing"}, "15:00:00")},
       {AcmeSilence("10:05:00", "11:00:00")}},
      {"SilencedThroughoutIsNeverNotified",
       Route(),
       {Add("10:00:00", odr, "10:00:30"), Flush("10:00:30", R::kNothingToSend, {}, "12:00:00"),
        Add("10:30:00", odr_resolved, "10:30:00"),
        Flush("10:30:00", R::kNothingToSend, {}, std::nullopt, true)},
       {AcmeSilence("09:00:00", "12:00:00")}},
      {"ResolvedNoticePassesSilenceByDefault",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/odr firing"}, "14:00:30"),
        Add("10:30:00", odr_resolved, "10:30:00"),
        Flush("10:30:00", R::kChanged, {"acme/odr resolved"}, std::nullopt, true)},
       {AcmeSilence("10:10:00", "12:00:00")}},
      {"ResolvedNoticeSwallowedBySilenceWhenAsked",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/odr firing"}, "14:00:30"),
        Add("10:30:00", odr_resolved, "10:30:00"),
        Flush("10:30:00", R::kNothingToSend, {}, std::nullopt, true)},
       {AcmeSilence("10:10:00", "12:00:00")},
       {.send_resolved = true, .resolved_past_silences = false}},
      {"InhibitedUntilCriticalResolves",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kNothingToSend, {}, "10:05:30", false, {kCrit}),
        Flush("10:05:30", R::kNothingToSend, {}, "10:10:30", false, {kCrit}),
        Flush("10:10:30", R::kFirst, {"acme/odr firing"}, "14:10:30")}},
      {"InhibitedAfterNoticeIsSentAgainWhenReleased",
       Route(),
       {Add("10:00:00", odr, "10:00:30"),
        Flush("10:00:30", R::kFirst, {"acme/odr firing"}, "14:00:30"),
        Flush("10:05:30", R::kNothingToSend, {}, "10:10:30", false, {kCrit}),
        Flush("10:10:30", R::kChanged, {"acme/odr firing"}, "14:10:30")}},
      {"QuietHoursDeferAndRollUp",
       QuietRoute(4h),
       {Add("23:00:00", odr, "23:00:30"), Flush("23:00:30", R::kNothingToSend, {}, kTomorrow8),
        Add("2026-01-16T02:00:00Z", late, "2026-01-16T02:00:00Z"),
        Flush("2026-01-16T02:00:00Z", R::kNothingToSend, {}, kTomorrow8),
        Flush(kTomorrow8, R::kFirst, {"acme/late firing", "acme/odr firing"},
              "2026-01-16T12:00:00Z")}},
      {"QuietHoursExceptCriticalPassesAlone",
       QuietRoute(12h, {Severity::kCritical}),
       {Add("23:00:00", odr, "23:00:30"), Add("23:00:00", kCrit, "23:00:30"),
        Flush("23:00:30", R::kFirst, {"acme/odr_crit firing critical"}, kTomorrow8),
        Flush(kTomorrow8, R::kChanged, {"acme/odr firing", "acme/odr_crit firing critical"},
              "2026-01-16T20:00:00Z")}},
      {"QuietHoursDoNotResendUnchanged",
       QuietRoute(24h),
       {Add("21:00:00", odr, "21:00:30"),
        Flush("21:00:30", R::kFirst, {"acme/odr firing"}, "2026-01-16T21:00:30Z"),
        Flush("23:00:00", R::kNothingToSend, {}, kTomorrow8),
        Flush(kTomorrow8, R::kUnchanged, {}, "2026-01-16T21:00:30Z")}},
      {"QuietHoursRepeatDueGoesOutAtTheEnd",
       QuietRoute(4h),
       {Add("21:00:00", odr, "21:00:30"),
        Flush("21:00:30", R::kFirst, {"acme/odr firing"}, "2026-01-16T01:00:30Z"),
        Flush("2026-01-16T01:00:30Z", R::kNothingToSend, {}, kTomorrow8),
        Flush(kTomorrow8, R::kRepeat, {"acme/odr firing"}, "2026-01-16T12:00:00Z")}},
      {"SilenceEndingInQuietHoursNotifiesAtTheirEnd",
       QuietRoute(24h),
       {Add("20:00:00", odr, "20:00:30"),
        Flush("20:00:30", R::kFirst, {"acme/odr firing"}, "2026-01-16T20:00:30Z"),
        Flush("21:00:00", R::kNothingToSend, {}, "23:00:00"),  // silenced 21:00–23:00
        Flush("23:00:00", R::kNothingToSend, {}, kTomorrow8),  // then quiet hours
        Flush(kTomorrow8, R::kChanged, {"acme/odr firing"}, "2026-01-17T08:00:00Z")},
       {AcmeSilence("21:00:00", "23:00:00")}},
      {"QuietHoursDeferResolvedNotice",
       QuietRoute(24h),
       {Add("21:00:00", odr, "21:00:30"),
        Flush("21:00:30", R::kFirst, {"acme/odr firing"}, "2026-01-16T21:00:30Z"),
        Add("23:00:00", odr_resolved, "23:00:00"),
        Flush("23:00:00", R::kNothingToSend, {}, kTomorrow8),
        Flush(kTomorrow8, R::kChanged, {"acme/odr resolved"}, std::nullopt, true)}},
  };
}

std::string Entry(const core::Alert& a) {
  std::string s = a.Label("account") + "/" + a.Label("rule") + " " + std::string(Name(a.state));
  if (a.severity == Severity::kCritical) s += " critical";
  return s;
}

class GrouperTest : public ::testing::TestWithParam<GroupCase> {};

TEST_P(GrouperTest, Script) {
  const GroupCase& c = GetParam();
  ASSERT_FALSE(c.steps.empty());
  GroupState state = NewGroup(0, c.route, "ops", c.steps.front().add->labels);
  for (std::size_t i = 0; i < c.steps.size(); ++i) {
    const Step& step = c.steps[i];
    SCOPED_TRACE("step " + std::to_string(i) + " at " + step.at);
    if (step.add) {
      state = AddAlert(state, *step.add, c.route, T(step.at));
    } else {
      MuteContext mute{c.silences, step.firing};
      FlushResult r = Flush(state, c.route, mute, T(step.at), c.options);
      EXPECT_EQ(Name(r.reason), Name(*step.reason));
      std::vector<std::string> sent;
      if (r.notification) {
        EXPECT_EQ(r.notification->receiver, "ops");
        EXPECT_EQ(r.notification->group_key, state.key);
        EXPECT_EQ(r.notification->created_at, T(step.at));
        for (const auto& a : r.notification->alerts) sent.push_back(Entry(a));
        EXPECT_EQ(r.next.content_hash.size(), 64u);
      }
      EXPECT_EQ(sent, step.sent);
      EXPECT_EQ(r.delete_group, step.deleted);
      state = r.next;
    }
    std::optional<std::string> next;
    if (state.next_flush_at) next = core::FormatRfc3339(*state.next_flush_at);
    std::optional<std::string> expected;
    if (step.next) expected = core::FormatRfc3339(T(*step.next));
    EXPECT_EQ(next, expected);
    EXPECT_EQ(NextDue(state), state.next_flush_at);

    // What the store would keep and give back.
    std::string json = ToJson(state);
    auto back = GroupStateFromJson(json);
    ASSERT_TRUE(back.has_value()) << back.error().message;
    EXPECT_EQ(ToJson(*back), json);
    state = *back;
  }
}

INSTANTIATE_TEST_SUITE_P(Grouper, GrouperTest, ::testing::ValuesIn(GroupCases()),
                         [](const ::testing::TestParamInfo<GroupCase>& info) {
                           return info.param.name;
                         });

TEST(GrouperTest, GroupLabelsAndKey) {
  core::Labels labels = {{"account", "acme"}, {"rule", "odr"}, {"team", "eu"}};
  struct Case {
    std::vector<std::string> group_by;
    core::Labels expected;
    std::string key;
  };
  for (const Case& c : std::vector<Case>{
           {{}, {}, "0:ops:{}"},
           {{"account"}, {{"account", "acme"}}, "0:ops:{account=\"acme\"}"},
           {{"team", "account"},
            {{"account", "acme"}, {"team", "eu"}},
            "0:ops:{account=\"acme\",team=\"eu\"}"},
           {{"region"}, {}, "0:ops:{}"},  // absent labels are left out
           {{"..."}, labels, "0:ops:{account=\"acme\",rule=\"odr\",team=\"eu\"}"},
       }) {
    EXPECT_EQ(GroupLabels(labels, c.group_by), c.expected);
    EXPECT_EQ(GroupKey(0, "ops", c.expected), c.key);
  }
  EXPECT_EQ(GroupKey(3, "a:\"b\"", {{"k", "v\\\n"}}), R"(3:a\:\"b\":{k="v\\\x0a"})");
  EXPECT_EQ(GroupKey(0, "r", {{"a=b,c}", R"(x",y="z)"}}), R"(0:r:{a\=b\,c\}="x\",y=\"z"})");
  // Separators inside names and values cannot make two groups share a key.
  EXPECT_NE(GroupKey(0, "r", {{"a", R"(1",b="2)"}}), GroupKey(0, "r", {{"a", "1"}, {"b", "2"}}));
  EXPECT_NE(GroupKey(0, "a:b", {}), GroupKey(0, "a", {{"b", ""}}));
  config::RouteConfig route = Route();
  GroupState g = NewGroup(2, route, "mail", labels);
  EXPECT_EQ(g.key, "2:mail:{account=\"acme\"}");
  EXPECT_EQ(g.route_index, 2u);
  EXPECT_EQ(g.receiver, "mail");
  EXPECT_TRUE(g.members.empty());
  EXPECT_FALSE(g.next_flush_at.has_value());
}

TEST(GrouperTest, ContentHashDependsOnContentOnly) {
  config::RouteConfig route = Route();
  auto hash_of = [&](const std::vector<core::Alert>& alerts) {
    GroupState g = NewGroup(0, route, "ops", alerts.front().labels);
    for (const auto& a : alerts) g = AddAlert(g, a, route, T("10:00:00"));
    return Flush(g, route, {}, T("10:00:30")).next.content_hash;
  };
  std::string a = hash_of({Al("acme", "odr"), Al("acme", "late")});
  EXPECT_EQ(a, hash_of({Al("acme", "late"), Al("acme", "odr")}));
  EXPECT_EQ(a, hash_of({Al("acme", "odr", AlertState::kFiring, Severity::kWarning, "9%"),
                        Al("acme", "late")}));
  EXPECT_NE(a, hash_of({Al("acme", "odr")}));
  EXPECT_NE(a, hash_of({Al("acme", "odr", AlertState::kFlapping), Al("acme", "late")}));
}

TEST(GrouperTest, InhibitedNeverArmsAHotLoop) {
  config::RouteConfig route = Route();
  route.group_interval = 0s;
  GroupState g = NewGroup(0, route, "ops", Al("acme", "odr").labels);
  g = AddAlert(g, Al("acme", "odr"), route, T("10:00:00"));
  std::vector<core::Alert> firing = {kCrit};
  FlushResult r = Flush(g, route, {{}, firing}, T("10:00:30"));
  EXPECT_FALSE(r.notification.has_value());
  EXPECT_EQ(r.next.next_flush_at, T("10:00:31"));
}

// After a wall-clock jump of 6 h forward, a group sent at 10:00 with repeat_interval 4h does
// not repeat at the next flush: its timers moved with the clock.
TEST(GrouperTest, ShiftedTimesKeepRepeatsToElapsedTime) {
  config::RouteConfig route = Route();
  GroupState g = NewGroup(0, route, "ops", Al("acme", "odr").labels);
  g = AddAlert(g, Al("acme", "odr"), route, T("10:00:00"));
  FlushResult sent = Flush(g, route, {}, T("10:00:30"));
  ASSERT_TRUE(sent.notification);
  GroupState shifted = ShiftTimes(sent.next, 6h);
  EXPECT_EQ(shifted.last_sent_at, T("16:00:30"));
  EXPECT_EQ(shifted.last_flush_at, T("16:00:30"));
  EXPECT_EQ(shifted.next_flush_at, *sent.next.next_flush_at + 6h);
  EXPECT_EQ(shifted.members.begin()->second.starts_at, T("15:00:00"));
  FlushResult after_jump = Flush(shifted, route, {}, T("16:06:00"));
  EXPECT_FALSE(after_jump.notification);
  EXPECT_EQ(after_jump.reason, NotifyReason::kUnchanged);
  // Unshifted, the same flush would have repeated at once.
  EXPECT_EQ(Flush(sent.next, route, {}, T("16:06:00")).reason, NotifyReason::kRepeat);
  // And four hours of elapsed time later it does repeat.
  EXPECT_EQ(Flush(shifted, route, {}, T("20:01:00")).reason, NotifyReason::kRepeat);
}

TEST(GrouperTest, HeldMembersSayWhy) {
  config::RouteConfig route = QuietRoute(4h);
  GroupState g = NewGroup(0, route, "ops", Al("acme", "odr").labels);
  g = AddAlert(g, Al("acme", "odr"), route, T("23:00:00"));
  g = AddAlert(g, Al("acme", "late"), route, T("23:00:00"));
  std::vector<Silence> silences = {
      {"s9", {{"rule", "late"}}, T("22:00:00"), T("23:30:00"), "ops", ""}};
  FlushResult r = Flush(g, route, {silences, {}}, T("23:00:30"));
  ASSERT_EQ(r.held.size(), 2u);
  EXPECT_EQ(r.held[0].identity, "acme/late");
  EXPECT_EQ(Describe(r.held[0].verdict), "silenced by s9 until 2026-01-15T23:30:00Z");
  EXPECT_EQ(r.held[1].identity, "acme/odr");
  EXPECT_EQ(Describe(r.held[1].verdict), "deferred by quiet hours until 2026-01-16T08:00:00Z");
  EXPECT_EQ(r.next.next_flush_at, T("23:30:00"));
}

// What inhibition looks at (the notifier at a flush, `explain`): firing members of every group,
// each alert once however many groups hold it, in identity order; nothing pending or resolved.
TEST(GrouperTest, FiringMembersTakesEachFiringAlertOnce) {
  config::RouteConfig route = Route();
  GroupState a = NewGroup(0, route, "ops", Al("acme", "odr").labels);
  a = AddAlert(a, Al("zeta", "odr", AlertState::kFiring, Severity::kCritical), route,
               T("09:00:00"));
  a = AddAlert(a, Al("acme", "odr"), route, T("09:00:00"));
  GroupState b = NewGroup(0, route, "mail", Al("acme", "odr").labels);
  b = AddAlert(b, Al("acme", "odr"), route, T("09:00:00"));
  b = AddAlert(b, Al("acme", "late"), route, T("09:00:00"));
  b = AddAlert(b, Al("acme", "late", AlertState::kResolved), route, T("09:10:00"));
  std::vector<core::Alert> firing = FiringMembers({&a, &b});
  ASSERT_EQ(firing.size(), 2u);
  EXPECT_EQ(firing[0].Label("account"), "acme");
  EXPECT_EQ(firing[0].Label("rule"), "odr");
  EXPECT_EQ(firing[1].Label("account"), "zeta");
  EXPECT_EQ(firing[1].severity, Severity::kCritical);
  EXPECT_TRUE(FiringMembers({}).empty());
}

}  // namespace
}  // namespace sellerwatch::notify
