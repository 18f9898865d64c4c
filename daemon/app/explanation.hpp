#pragma once

// `sellerwatch explain ACCOUNT RULE`: why one alert is in its state and what became of its
// notifications. BuildExplanation is a pure function of what the store holds, the config and
// `now`, and it answers each question with the daemon's own stages (rules::Advance,
// notify::RouteTargets, notify::Mute, notify::QuietUntil, notify::GroupKey, the stored group
// and outbox legs), so the explanation cannot drift from what the daemon does.

#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/alert.hpp"
#include "core/error.hpp"
#include "core/silence.hpp"
#include "notify/grouper.hpp"
#include "notify/mute.hpp"
#include "rules/alert_state_machine.hpp"
#include "rules/rule_evaluation.hpp"
#include "store/alert_state_store.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::app {

// What explain reads, gathered by LoadExplainInput (app/explanation_input.hpp) or by a test.
struct ExplainInput {
  const config::Config* config = nullptr;
  const config::AccountConfig* account = nullptr;
  const config::EffectiveRule* rule = nullptr;
  // The rule judged now on the account's metrics; none when the daemon would not evaluate it
  // (a combination of kind and metric rules/ leaves out).
  std::optional<rules::RuleEvaluation> evaluation;
  std::optional<store::AlertStateRecord> record;  // stored state; none: never changed state
  std::vector<core::Silence> silences;            // every silence not yet ended
  std::vector<core::Alert> firing;                // firing members of every group (inhibition)
  std::vector<notify::GroupState> groups;         // the stored notification groups
  std::vector<store::OutboxLeg> legs;             // outbox legs of this alert's groups
};

// The rule as it applies to the account, with its levels in the metric's unit.
struct RuleFacts {
  std::string name;
  std::string metric;
  config::RuleKind kind = config::RuleKind::kThreshold;
  core::MetricUnit unit = core::MetricUnit::kRate;
  core::Direction direction = core::Direction::kAbove;
  int window_days = 0;
  std::optional<double> warn, critical;
  std::optional<double> clear;  // the level a firing alert must get back past (ClearLevel)
  core::Duration for_{0}, clear_for{0};
  int min_sample = 0;
  int allowance = 0;
  int flap_max = 0;
  core::Duration flap_window{0};
};

// The value now and what the thresholds conclude from it.
struct ValueFacts {
  bool evaluated = false;  // false: the daemon does not judge this rule (no value below)
  std::optional<double> value;
  std::optional<double> numerator;
  double denominator = 0;
  std::optional<std::string> status;  // status_change rules: the reported value
  rules::Verdict verdict;
  std::string summary;  // the alert's own one-line summary
};

// The stored state, its timers, and what the next evaluation would do with the value now.
struct StateFacts {
  bool stored = false;  // false: never left inactive (or never evaluated)
  core::AlertState state = core::AlertState::kInactive;  // as receivers see it
  core::AlertState underlying = core::AlertState::kInactive;
  core::Severity severity = core::Severity::kWarning;
  core::Timestamp since{};
  std::optional<core::Timestamp> active_since;
  std::optional<core::Timestamp> fires_at;     // pending: active_since + for
  std::optional<core::Timestamp> clear_since;  // firing, past the clear level since then
  std::optional<core::Timestamp> resolves_at;  // clear_since + clear_for
  bool flapping = false;
  std::size_t changes_in_flap_window = 0;
  std::optional<core::Timestamp> settles_at;  // flapping: last change + flap_window
  // rules::Advance applied now: the state after the next evaluation, and what it announces.
  std::optional<core::AlertState> next_state;
  std::optional<rules::Transition> next_transition;
  std::string reason;  // one sentence: why it is in this state
};

struct SilenceFacts {
  std::string id;
  core::Labels matchers;
  core::Timestamp starts_at{}, ends_at{};
  std::string created_by;
  std::string comment;    // redacted
  bool decisive = false;  // the one the Mute stage names (lasts longest)
};

// One receiver of one matching route, its mute verdict, its group, its quiet hours.
struct TargetFacts {
  std::size_t route_index = 0;  // 0-based, config order
  std::string receiver;
  config::ReceiverType receiver_type = config::ReceiverType::kConsole;
  bool send_resolved = true;
  std::string fallback;
  notify::MuteVerdict mute;  // notify::Mute for this route now (silence, inhibition, quiet)
  bool has_quiet_hours = false;
  std::string quiet_timezone;
  bool quiet_excepted = false;  // the alert's severity is in `except`
  std::optional<core::Timestamp> quiet_until;
  std::optional<core::Timestamp> next_quiet_start;
  std::string group_key;
  core::Labels group_labels;
  bool group_open = false;  // the group is stored (it has members)
  bool member = false;      // this alert is one of them
  std::size_t group_members = 0;
  std::optional<core::Timestamp> group_next_due;
  std::optional<core::Timestamp> group_last_sent_at;
  std::optional<notify::NotifiedEntry> last_notified;  // what this receiver was last told
  bool held_at_last_flush = false;  // silenced or inhibited when the group last flushed
};

struct LegFacts {
  std::int64_t id = 0;
  std::string key;  // idempotency key
  std::string receiver;
  store::LegStatus status = store::LegStatus::kPending;
  int attempts = 0;
  std::string last_error;  // redacted
  core::Timestamp created_at{}, next_attempt_at{};
  std::optional<core::Timestamp> finished_at;
  std::optional<std::int64_t> fallback_of;
  core::AlertState alert_state = core::AlertState::kFiring;  // as this leg told it
  core::Severity alert_severity = core::Severity::kWarning;
  std::size_t alerts_in_notification = 0;
};

struct Explanation {
  core::Timestamp generated_at{};
  std::string account;
  std::string marketplace;
  std::string timezone;  // the account's, for times shown to the seller
  RuleFacts rule;
  ValueFacts value;
  StateFacts state;
  core::Labels labels;  // the alert's labels, which routes and silences match
  std::vector<TargetFacts> targets;
  std::vector<SilenceFacts> silences;  // active silences that match the alert
  std::optional<std::string> inhibited_by;
  std::vector<LegFacts> legs;  // newest first
};

// The account and rule `explain` was asked about; a kData error naming the unknown one, with
// the close matches and the rules the account has.
struct AlertRef {
  const config::AccountConfig* account = nullptr;
  const config::EffectiveRule* rule = nullptr;
};
core::Result<AlertRef> FindAlertRef(const config::Config& config, const std::string& account,
                                    const std::string& rule);

// The keys of the notification groups the alert goes to (one per route receiver): whose
// outbox legs the loader reads.
std::vector<std::string> AlertGroupKeys(const ExplainInput& input, core::Timestamp now);

// The explanation of `input` at `now`. Free text that could quote a credential (delivery
// errors, silence comments) is redacted with the config's secrets (app/redaction.hpp).
Explanation BuildExplanation(const ExplainInput& input, core::Timestamp now);

}  // namespace sellerwatch::app
