#include <gtest/gtest.h>

#include "rules/alert_state_machine.hpp"

namespace sellerwatch::rules {
namespace {

using namespace std::chrono_literals;
using core::AlertState;

const core::Timestamp kT0 = *core::ParseRfc3339("2026-11-20T00:00:00Z");

config::EffectiveRule Rule() {
  config::EffectiveRule r;
  r.name = "cancellation_rate";
  r.metric = "cancellation_rate";
  r.warn = 0.015;
  r.flap_max = 4;
  r.flap_window = 6h;
  return r;
}

Verdict Breached() {
  Verdict v;
  v.breached = core::Severity::kWarning;
  return v;
}
Verdict Clear() {
  Verdict v;
  v.clear = true;
  return v;
}

// Evaluates a sequence of verdicts one every `step`, returning the transitions announced.
struct Sequence {
  store::AlertStateRecord record =
      store::AlertStateRecord::Inactive("shop", "cancellation_rate", kT0);
  core::Timestamp now = kT0;
  std::vector<std::optional<Transition>> announced;

  void Eval(const Verdict& v, core::Duration step = 10min) {
    now += step;
    Step s = Advance(record, v, Rule(), 0.02, now);
    record = s.next;
    announced.push_back(s.transition);
  }
};

TEST(FlappingTest, FifthChangeWithinTheWindowTurnsItFlapping) {
  Sequence r;
  r.Eval(Breached());  // firing (1)
  r.Eval(Clear());     // resolved (2)
  r.Eval(Breached());  // firing (3)
  r.Eval(Clear());     // resolved (4): flap_max 4 reached, not exceeded
  EXPECT_FALSE(r.record.flapping);
  r.Eval(Breached());  // (5) > 4 within 6 h: flapping instead of "firing"
  EXPECT_TRUE(r.record.flapping);
  EXPECT_EQ(r.record.Visible(), AlertState::kFlapping);
  EXPECT_EQ(r.announced.back(), Transition::kFlapping);
  EXPECT_EQ(r.record.state, AlertState::kFiring);  // the state beneath is kept
}

TEST(FlappingTest, QuietWhileFlappingThenSettlesOnce) {
  Sequence r;
  for (int i = 0; i < 5; ++i) r.Eval(i % 2 == 0 ? Breached() : Clear());
  ASSERT_TRUE(r.record.flapping);
  // More flips: nothing announced.
  for (int i = 0; i < 6; ++i) {
    r.Eval(i % 2 == 0 ? Clear() : Breached());
    EXPECT_FALSE(r.announced.back()) << i;
  }
  // The last flip left it firing. Steady for a whole flap_window: one "firing" notice.
  r.Eval(Breached(), 3h);
  EXPECT_FALSE(r.announced.back());
  r.Eval(Breached(), 3h);
  EXPECT_FALSE(r.record.flapping);
  EXPECT_EQ(r.announced.back(), Transition::kFiring);
  EXPECT_EQ(r.record.Visible(), AlertState::kFiring);
  // And nothing more while it stays so.
  r.Eval(Breached(), 1h);
  EXPECT_FALSE(r.announced.back());
}

TEST(FlappingTest, SettlesResolvedWhenItEndsClear) {
  Sequence r;
  for (int i = 0; i < 6; ++i) r.Eval(i % 2 == 0 ? Breached() : Clear());
  ASSERT_TRUE(r.record.flapping);
  ASSERT_EQ(r.record.state, AlertState::kResolved);
  r.Eval(Clear(), 7h);
  EXPECT_FALSE(r.record.flapping);
  EXPECT_EQ(r.announced.back(), Transition::kResolved);
}

TEST(FlappingTest, SlowChangesNeverFlap) {
  Sequence r;
  for (int i = 0; i < 20; ++i) {
    r.Eval(i % 2 == 0 ? Breached() : Clear(), 2h);  // 3 changes per 6 h window at most
    EXPECT_FALSE(r.record.flapping) << i;
    EXPECT_TRUE(r.announced.back()) << i;
  }
}

}  // namespace
}  // namespace sellerwatch::rules
