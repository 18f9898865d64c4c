#pragma once

#include <optional>
#include <string_view>

#include "config/config.hpp"
#include "rules/threshold_verdict.hpp"
#include "store/alert_state_store.hpp"

namespace sellerwatch::rules {

// A change worth telling someone about.
enum class Transition { kFiring, kSeverityChanged, kResolved, kFlapping };
std::string_view Name(Transition t);

struct Step {
  store::AlertStateRecord next;
  std::optional<Transition> transition;
  bool changed = false;  // the record must be saved
};

// One evaluation of an alert (Prometheus semantics): inactive → pending while the condition
// holds for less than `for` → firing → resolved once the value has stayed past the clear level
// for `clear_for`. Between the threshold and the clear level a firing alert stays firing
// (hysteresis). A resolved record keeps active_since: the start of the episode it closes.
// More than flap_max notified changes within flap_window turn it flapping (one kFlapping
// notice, then quiet); a flap_window without changes settles it with one kFiring or kResolved.
// Pure: `prev` and `now` in, the next record out.
Step Advance(const store::AlertStateRecord& prev, const Verdict& verdict,
             const config::EffectiveRule& rule, std::optional<double> value, core::Timestamp now);

}  // namespace sellerwatch::rules
