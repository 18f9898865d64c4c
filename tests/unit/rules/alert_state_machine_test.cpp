// The alert state machine (DESIGN.md §1.5, Prometheus semantics): inactive → pending (`for`) →
// firing → resolved, hysteresis between the threshold and the clear level, severity changes,
// insufficient data holding the state. Advance is pure: time is simulated by passing `now`.

#include "rules/alert_state_machine.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/time.hpp"

namespace sellerwatch::rules {
namespace {

using namespace std::chrono_literals;
using core::AlertState;
using core::Duration;
using core::Severity;

const core::Timestamp kT0 =
    core::Timestamp(std::chrono::sys_days(std::chrono::year(2026) / std::chrono::November / 1));

constexpr auto kNone = std::nullopt;
constexpr auto kInactive = AlertState::kInactive;
constexpr auto kPending = AlertState::kPending;
constexpr auto kFiring = AlertState::kFiring;
constexpr auto kResolved = AlertState::kResolved;
constexpr auto kFire = Transition::kFiring;
constexpr auto kEscalate = Transition::kSeverityChanged;
constexpr auto kResolve = Transition::kResolved;

// The four kinds of verdict a threshold rule produces.
Verdict Warn() { return Verdict{false, Severity::kWarning, false}; }
Verdict Crit() { return Verdict{false, Severity::kCritical, false}; }
Verdict Band() { return Verdict{false, kNone, false}; }  // not breached, not yet clear
Verdict Clear() { return Verdict{false, kNone, true}; }
Verdict NoData() { return Verdict{true, kNone, false}; }

// Readable names for failure messages.
std::string Str(AlertState s) { return std::string(core::Name(s)); }
std::string Str(Severity s) { return std::string(core::Name(s)); }
std::string Str(std::optional<Transition> t) {
  if (!t) return "none";
  switch (*t) {
    case Transition::kFiring:
      return "firing";
    case Transition::kSeverityChanged:
      return "severity_changed";
    case Transition::kResolved:
      return "resolved";
    case Transition::kFlapping:
      return "flapping";
  }
  return "?";
}
std::string Str(std::optional<core::Timestamp> t) { return t ? core::FormatRfc3339(*t) : "none"; }

config::EffectiveRule RuleFor(Duration for_) {
  config::EffectiveRule r;
  r.name = "odr";
  r.metric = "order_defect_rate";
  r.warn = 0.0075;
  r.critical = 0.01;
  r.for_ = for_;
  return r;
}

store::AlertStateRecord Fresh() {
  store::AlertStateRecord r;
  r.account = "shop";
  r.rule = "odr";
  r.state = kInactive;
  r.severity = Severity::kWarning;
  r.since = kT0 - 24h;
  r.updated_at = kT0 - 24h;
  return r;
}

struct Tick {
  Duration at;  // since kT0
  Verdict verdict;
  AlertState state;
  std::optional<Transition> transition;
  bool changed;
  Severity severity = Severity::kWarning;
};

struct Scenario {
  std::string name;
  Duration for_;
  std::vector<Tick> ticks;
};

void PrintTo(const Scenario& s, std::ostream* os) { *os << s.name; }

std::vector<Scenario> Scenarios() {
  constexpr auto kW = Severity::kWarning;
  constexpr auto kC = Severity::kCritical;
  return {
      {"ForZeroFiresImmediately",
       0s,
       {
           {0h, Warn(), kFiring, kFire, true, kW},
           {1h, Warn(), kFiring, kNone, false, kW},
       }},
      {"ForTwoHoursPendsThenFires",
       2h,
       {
           {0h, Warn(), kPending, kNone, true, kW},
           {1h, Warn(), kPending, kNone, false, kW},
           {1h + 59min, Warn(), kPending, kNone, false, kW},
           {2h, Warn(), kFiring, kFire, true, kW},  // 2 h after the condition began
           {3h, Warn(), kFiring, kNone, false, kW},
       }},
      {"PendingGoesInactiveWhenConditionStops",
       2h,
       {
           {0h, Warn(), kPending, kNone, true, kW},
           {1h, Band(), kInactive, kNone, true, kW},         // not breached: back to inactive
           {1h + 30min, Warn(), kPending, kNone, true, kW},  // the `for` timer restarts here
           {3h + 29min, Warn(), kPending, kNone, false, kW},
           {3h + 30min, Warn(), kFiring, kFire, true, kW},  // 1h30m + 2h
       }},
      {"PendingGoesInactiveOnClear",
       2h,
       {
           {0h, Crit(), kPending, kNone, true, kC},
           {1h, Clear(), kInactive, kNone, true, kC},
           {4h, Clear(), kInactive, kNone, false, kC},
       }},
      {"PendingSeverityFollowsVerdict",
       2h,
       {
           {0h, Warn(), kPending, kNone, true, kW},
           {1h, Crit(), kPending, kNone, true, kC},  // saved, nothing to tell yet
           {2h, Crit(), kFiring, kFire, true, kC},
       }},
      {"FiringHoldsInsideHysteresisBand",
       0s,
       {
           {0h, Crit(), kFiring, kFire, true, kC},
           {1h, Band(), kFiring, kNone, false, kC},
           {2h, Band(), kFiring, kNone, false, kC},
           {3h, Clear(), kResolved, kResolve, true, kC},
           {4h, Clear(), kResolved, kNone, false, kC},
           {5h, Band(), kResolved, kNone, false, kC},
       }},
      {"SeverityEscalatesAndDeescalates",
       0s,
       {
           {0h, Warn(), kFiring, kFire, true, kW},
           {1h, Crit(), kFiring, kEscalate, true, kC},
           {2h, Crit(), kFiring, kNone, false, kC},
           {3h, Warn(), kFiring, kEscalate, true, kW},
           {4h, Band(), kFiring, kNone, false, kW},
       }},
      {"InsufficientDataHoldsPending",
       2h,
       {
           {0h, Warn(), kPending, kNone, true, kW},
           {1h, NoData(), kPending, kNone, false, kW},
           {3h, NoData(), kPending, kNone, false, kW},  // never fires on no data
           {4h, Warn(), kFiring, kFire, true, kW},      // the timer kept running from 0h
       }},
      {"InsufficientDataHoldsFiring",
       0s,
       {
           {0h, Crit(), kFiring, kFire, true, kC},
           {1h, NoData(), kFiring, kNone, false, kC},  // never resolves on no data
           {2h, Clear(), kResolved, kResolve, true, kC},
           {3h, NoData(), kResolved, kNone, false, kC},
       }},
      {"InsufficientDataHoldsInactive",
       0s,
       {
           {0h, NoData(), kInactive, kNone, false, kW},
           {1h, Clear(), kInactive, kNone, false, kW},
           {2h, Band(), kInactive, kNone, false, kW},
       }},
      {"RefiresAfterResolved",
       0s,
       {
           {0h, Warn(), kFiring, kFire, true, kW},
           {1h, Clear(), kResolved, kResolve, true, kW},
           {2h, Crit(), kFiring, kFire, true, kC},
       }},
      {"RefiresAfterResolvedThroughPending",
       1h,
       {
           {0h, Warn(), kPending, kNone, true, kW},
           {1h, Warn(), kFiring, kFire, true, kW},
           {2h, Clear(), kResolved, kResolve, true, kW},
           {3h, Warn(), kPending, kNone, true, kW},
           {3h + 59min, Warn(), kPending, kNone, false, kW},
           {4h, Warn(), kFiring, kFire, true, kW},
       }},
  };
}

class AlertStateMachineTest : public ::testing::TestWithParam<Scenario> {};

TEST_P(AlertStateMachineTest, Advances) {
  const Scenario& s = GetParam();
  config::EffectiveRule rule = RuleFor(s.for_);
  store::AlertStateRecord record = Fresh();
  for (const Tick& t : s.ticks) {
    SCOPED_TRACE(::testing::Message()
                 << "at +" << std::chrono::duration<double>(t.at).count() / 60 << " min");
    Step step = Advance(record, t.verdict, rule, 0.02, kT0 + t.at);
    EXPECT_EQ(Str(step.next.state), Str(t.state));
    EXPECT_EQ(Str(step.transition), Str(t.transition));
    EXPECT_EQ(step.changed, t.changed);
    EXPECT_EQ(Str(step.next.severity), Str(t.severity));
    EXPECT_EQ(step.next.account, "shop");
    EXPECT_EQ(step.next.rule, "odr");
    record = step.next;
  }
}

INSTANTIATE_TEST_SUITE_P(AlertState, AlertStateMachineTest, ::testing::ValuesIn(Scenarios()),
                         [](const ::testing::TestParamInfo<Scenario>& info) {
                           return info.param.name;
                         });

TEST(AlertStateMachineRecordTest, ActiveSinceKeptFromPendingToFiring) {
  config::EffectiveRule rule = RuleFor(2h);
  Step pending = Advance(Fresh(), Warn(), rule, 0.008, kT0);
  EXPECT_EQ(Str(pending.next.since), Str(kT0));
  EXPECT_EQ(Str(pending.next.active_since), Str(kT0));

  Step firing = Advance(pending.next, Warn(), rule, 0.009, kT0 + 2h);
  EXPECT_EQ(Str(firing.next.state), Str(kFiring));
  EXPECT_EQ(Str(firing.next.since), Str(kT0 + 2h));    // the firing state began now
  EXPECT_EQ(Str(firing.next.active_since), Str(kT0));  // the condition began at kT0
}

TEST(AlertStateMachineRecordTest, PendingToInactiveForgetsActiveSince) {
  config::EffectiveRule rule = RuleFor(2h);
  Step pending = Advance(Fresh(), Warn(), rule, 0.008, kT0);
  Step inactive = Advance(pending.next, Band(), rule, 0.007, kT0 + 1h);
  EXPECT_EQ(Str(inactive.next.state), Str(kInactive));
  EXPECT_EQ(Str(inactive.next.since), Str(kT0 + 1h));
  EXPECT_FALSE(inactive.next.active_since.has_value());
}

TEST(AlertStateMachineRecordTest, ValueAndUpdatedAtSetOnlyOnChange) {
  config::EffectiveRule rule = RuleFor(0s);
  Step firing = Advance(Fresh(), Warn(), rule, 0.008, kT0);
  EXPECT_EQ(firing.next.value, 0.008);
  EXPECT_EQ(Str(firing.next.updated_at), Str(kT0));

  // Unchanged: the record keeps the value and time it was last saved with.
  Step same = Advance(firing.next, Warn(), rule, 0.009, kT0 + 1h);
  EXPECT_FALSE(same.changed);
  EXPECT_EQ(same.next.value, 0.008);
  EXPECT_EQ(Str(same.next.updated_at), Str(kT0));

  Step escalated = Advance(same.next, Crit(), rule, 0.012, kT0 + 2h);
  EXPECT_TRUE(escalated.changed);
  EXPECT_EQ(escalated.next.value, 0.012);
  EXPECT_EQ(Str(escalated.next.updated_at), Str(kT0 + 2h));
  EXPECT_EQ(Str(escalated.next.since), Str(kT0));  // still the same firing episode

  Step resolved = Advance(escalated.next, Clear(), rule, 0.005, kT0 + 3h);
  EXPECT_EQ(resolved.next.value, 0.005);
  EXPECT_EQ(Str(resolved.next.updated_at), Str(kT0 + 3h));
  EXPECT_EQ(Str(resolved.next.since), Str(kT0 + 3h));
}

TEST(AlertStateMachineRecordTest, InsufficientDataReturnsRecordUntouched) {
  config::EffectiveRule rule = RuleFor(0s);
  Step firing = Advance(Fresh(), Crit(), rule, 0.02, kT0);
  Step held = Advance(firing.next, NoData(), rule, std::nullopt, kT0 + 1h);
  EXPECT_FALSE(held.changed);
  EXPECT_FALSE(held.transition.has_value());
  EXPECT_EQ(Str(held.next.state), Str(kFiring));
  EXPECT_EQ(Str(held.next.severity), Str(Severity::kCritical));
  EXPECT_EQ(held.next.value, 0.02);
  EXPECT_EQ(Str(held.next.since), Str(kT0));
  EXPECT_EQ(Str(held.next.updated_at), Str(kT0));
}

TEST(AlertStateMachineRecordTest, RefiringStartsANewEpisode) {
  config::EffectiveRule rule = RuleFor(0s);
  Step firing = Advance(Fresh(), Warn(), rule, 0.008, kT0);
  Step resolved = Advance(firing.next, Clear(), rule, 0.005, kT0 + 1h);
  Step again = Advance(resolved.next, Warn(), rule, 0.008, kT0 + 5h);
  EXPECT_EQ(Str(again.next.state), Str(kFiring));
  EXPECT_EQ(Str(again.next.since), Str(kT0 + 5h));
  EXPECT_EQ(Str(again.next.active_since), Str(kT0 + 5h));
}

// DESIGN.md §1.5: "A firing alert resolves only below its clear level ... for clear_for".
TEST(AlertStateMachineClearForTest, ResolvesOnlyAfterClearForClearForLong) {
  config::EffectiveRule rule = RuleFor(0s);
  rule.clear_for = 1h;
  Step firing = Advance(Fresh(), Crit(), rule, 0.02, kT0);
  ASSERT_EQ(Str(firing.next.state), Str(kFiring));

  Step first_clear = Advance(firing.next, Clear(), rule, 0.005, kT0 + 1h);
  EXPECT_EQ(Str(first_clear.next.state), Str(kFiring)) << "clear for 0 of the 1h clear_for";
  EXPECT_NE(Str(first_clear.transition), Str(kResolve));

  Step almost = Advance(first_clear.next, Clear(), rule, 0.005, kT0 + 1h + 59min);
  EXPECT_EQ(Str(almost.next.state), Str(kFiring)) << "clear for 59m of the 1h clear_for";
  EXPECT_NE(Str(almost.transition), Str(kResolve));

  Step resolved = Advance(almost.next, Clear(), rule, 0.005, kT0 + 2h);
  EXPECT_EQ(Str(resolved.next.state), Str(kResolved)) << "clear for the whole 1h clear_for";
  EXPECT_EQ(Str(resolved.transition), Str(kResolve));
}

TEST(AlertStateMachineClearForTest, ClearForTimerRestartsWhenValueLeavesClearLevel) {
  config::EffectiveRule rule = RuleFor(0s);
  rule.clear_for = 1h;
  store::AlertStateRecord r = Advance(Fresh(), Crit(), rule, 0.02, kT0).next;
  r = Advance(r, Clear(), rule, 0.005, kT0 + 1h).next;          // clear_for timer starts
  r = Advance(r, Band(), rule, 0.007, kT0 + 1h + 30min).next;   // back in the band: reset
  Step restarted = Advance(r, Clear(), rule, 0.005, kT0 + 2h);  // timer starts again
  EXPECT_EQ(Str(restarted.next.state), Str(kFiring));
  Step almost = Advance(restarted.next, Clear(), rule, 0.005, kT0 + 2h + 59min);
  EXPECT_EQ(Str(almost.next.state), Str(kFiring)) << "only 59m clear since the reset";
  Step resolved = Advance(almost.next, Clear(), rule, 0.005, kT0 + 3h);
  EXPECT_EQ(Str(resolved.next.state), Str(kResolved));
  EXPECT_EQ(Str(resolved.transition), Str(kResolve));
}

}  // namespace
}  // namespace sellerwatch::rules
