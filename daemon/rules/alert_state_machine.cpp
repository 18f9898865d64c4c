#include "rules/alert_state_machine.hpp"

#include "core/enum_table.hpp"

namespace sellerwatch::rules {
namespace {

constexpr core::EnumTable<Transition, 4> kTransitions{{
    {Transition::kFiring, "firing"},
    {Transition::kSeverityChanged, "severity_changed"},
    {Transition::kResolved, "resolved"},
    {Transition::kFlapping, "flapping"},
}};

using core::AlertState;

// The state machine proper, without flap detection.
Step AdvanceCondition(const store::AlertStateRecord& prev, const Verdict& verdict,
                      const config::EffectiveRule& rule, std::optional<double> value,
                      core::Timestamp now) {
  Step step{prev, std::nullopt, false};
  store::AlertStateRecord& next = step.next;
  auto enter = [&](AlertState state) {
    next.state = state;
    next.since = now;
    step.changed = true;
  };
  if (verdict.insufficient_data) return step;  // hold: too few orders to judge either way

  switch (prev.state) {
    case AlertState::kInactive:
    case AlertState::kResolved:
      if (verdict.breached) {
        next.severity = *verdict.breached;
        next.active_since = now;
        if (rule.for_.count() == 0) {
          enter(AlertState::kFiring);
          step.transition = Transition::kFiring;
        } else {
          enter(AlertState::kPending);
        }
      }
      break;
    case AlertState::kPending:
      if (!verdict.breached) {
        enter(AlertState::kInactive);
        next.active_since.reset();
      } else {
        if (next.severity != *verdict.breached) {
          next.severity = *verdict.breached;
          step.changed = true;
        }
        if (now - prev.active_since.value_or(prev.since) >= rule.for_) {
          enter(AlertState::kFiring);
          step.transition = Transition::kFiring;
        }
      }
      break;
    case AlertState::kFlapping:  // never stored: flapping is a flag over the state beneath
      break;
    case AlertState::kFiring:
      if (!verdict.breached && verdict.clear) {
        // Resolve only once the value has stayed past the clear level for clear_for.
        if (!next.clear_since) {
          next.clear_since = now;
          step.changed = true;
        }
        if (now - *next.clear_since >= rule.clear_for) {
          enter(AlertState::kResolved);
          next.clear_since.reset();
          step.transition = Transition::kResolved;
        }
        break;
      }
      if (next.clear_since) {  // back inside the band or breached: the clear timer restarts
        next.clear_since.reset();
        step.changed = true;
      }
      if (verdict.breached && *verdict.breached != prev.severity) {
        next.severity = *verdict.breached;
        step.changed = true;
        step.transition = Transition::kSeverityChanged;
      }
      break;
  }
  if (step.changed || step.transition) {
    next.value = value;
    next.updated_at = now;
  }
  return step;
}

// Counts notified changes within flap_window. Past flap_max of them the alert turns flapping:
// one notice, then silence while it keeps changing; once a whole flap_window passes without a
// change it settles with one notice of where it ended up (firing, or resolved).
Step DetectFlapping(const store::AlertStateRecord& prev, Step step,
                    const config::EffectiveRule& rule, core::Timestamp now) {
  store::AlertStateRecord& next = step.next;
  auto& history = next.transitions;
  std::size_t before = history.size();
  std::erase_if(history, [&](core::Timestamp t) { return t <= now - rule.flap_window; });
  if (history.size() != before) step.changed = true;
  if (step.transition) {
    history.push_back(now);
    step.changed = true;
  }
  if (!prev.flapping) {
    if (static_cast<int>(history.size()) > rule.flap_max) {
      next.flapping = true;
      step.transition = Transition::kFlapping;
    }
    return step;
  }
  step.transition.reset();  // while flapping, changes are recorded, not announced
  if (history.empty()) {
    next.flapping = false;
    step.changed = true;
    step.transition =
        next.state == AlertState::kFiring ? Transition::kFiring : Transition::kResolved;
  }
  return step;
}

}  // namespace

Step Advance(const store::AlertStateRecord& prev, const Verdict& verdict,
             const config::EffectiveRule& rule, std::optional<double> value, core::Timestamp now) {
  Step step = DetectFlapping(prev, AdvanceCondition(prev, verdict, rule, value, now), rule, now);
  if (step.changed && !step.next.flapping && prev.flapping) step.next.since = now;
  if (step.changed) step.next.updated_at = now;
  return step;
}

std::string_view Name(Transition t) { return core::NameIn(kTransitions, t); }

}  // namespace sellerwatch::rules
