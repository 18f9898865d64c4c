#pragma once

// The Grouper stage (DESIGN.md §3.3): Alertmanager's aggregation groups, made durable. One group
// per (route index, receiver, values of the route's group_by labels). The state is a plain
// value the shell stores (notify/state_json.hpp) and the functions here are pure; the shell arms
// one timer for `next_flush_at` and calls Flush then.
//
// Timing: a new group waits group_wait before its first flush. A change to a group that has
// flushed (a new alert, or a state or severity change) is flushed at
// max(now, last_flush_at + group_interval). Annotation-only updates (a new value) are kept but
// schedule nothing: they show in the next notification. Unchanged content is re-sent every
// repeat_interval (measured from the last send, not rounded to group_interval ticks).
//
// Content and dedupe: what is sent is the set of members that are not muted, keyed by
// (identity, state, severity); flapping is its own state, so a flapping alert yields one
// "flapping" notice and nothing more until it changes. A flush sends when an entry is new or
// differs from what this receiver was last sent, when an alert comes back from a silence or an
// inhibition, when a resolved notice is due, or when repeat_interval has passed; an alert that
// only disappears (muted, or resolved without send_resolved) sends nothing by itself.
//
// Resolved: a resolved member is notified once, and only if its firing (or flapping) was
// notified to this receiver and the receiver wants resolved notices; then it leaves the group.
// A resolved alert whose firing was never sent (it resolved within group_wait, or was silenced
// throughout) is dropped silently. Resolved notices pass silences and inhibition by default
// (Alertmanager swallows them, a known pain point), but quiet hours defer them.
//
// Quiet hours defer, never drop: members held by them stay in the group and the flush at the
// end of the quiet period sends the whole group rolled up, if anything in it is due. `except`
// severities go out during quiet hours on their own.

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/alert.hpp"
#include "core/time.hpp"
#include "notify/mute.hpp"

namespace sellerwatch::notify {

// What a receiver was last told about one alert.
struct NotifiedEntry {
  core::AlertState state = core::AlertState::kFiring;
  core::Severity severity = core::Severity::kWarning;
  bool operator==(const NotifiedEntry&) const = default;
};

struct GroupState {
  std::string key;  // GroupKey(): stable across restarts, the store's primary key
  std::string receiver;
  std::size_t route_index = 0;
  core::Labels group_labels;
  std::map<std::string, core::Alert> members;    // AlertIdentity() → latest alert
  std::optional<core::Timestamp> next_flush_at;  // when to call Flush; none: nothing to do
  std::optional<core::Timestamp> last_flush_at;  // last Flush, sent or not (group_interval base)
  std::optional<core::Timestamp> last_sent_at;   // last notification (repeat_interval base)
  std::map<std::string, NotifiedEntry> last_notified;  // identity → as last sent (firing ones)
  std::set<std::string> held;  // silenced or inhibited at the last flush (and not sent since)
  std::string content_hash;    // SHA-256 of the last notification's (identity, state, severity)
};

// The group_by values of `labels`: only labels present are taken; "..." takes every label.
core::Labels GroupLabels(const core::Labels& labels, const std::vector<std::string>& group_by);

// "0:ops-email:{account=\"acme-us\"}": route index, receiver, group labels in key order.
// Backslash escapes keep it injective ('\\' and '"' everywhere, ':' in the receiver, '=', ','
// and '}' in label names; control characters as \xNN). Printable and deterministic: a stable
// store key (bind it as a value; it is not an identifier).
std::string GroupKey(std::size_t route_index, std::string_view receiver,
                     const core::Labels& group_labels);

// An empty group for an alert's labels on (route, receiver); AddAlert then fills it.
GroupState NewGroup(std::size_t route_index, const config::RouteConfig& route, std::string receiver,
                    const core::Labels& alert_labels);

// Takes an alert update into its group. Pending alerts are ignored, inactive ones count as
// resolved, and a resolved alert that is not a member is ignored.
GroupState AddAlert(GroupState state, const core::Alert& alert, const config::RouteConfig& route,
                    core::Timestamp now);

enum class NotifyReason {
  kFirst,          // sent: the group's first notification
  kChanged,        // sent: new, changed, unmuted or resolved entries
  kRepeat,         // sent: unchanged, repeat_interval passed
  kNothingToSend,  // not sent: no member may be sent now (all muted, deferred or dropped)
  kUnchanged,      // not sent: same content as last time and repeat_interval not passed
};
std::string_view Name(NotifyReason reason);

struct FlushOptions {
  bool send_resolved = true;           // the receiver's `send_resolved`
  bool resolved_past_silences = true;  // false: Alertmanager's behaviour, silenced = no notice
};

struct HeldMember {
  std::string identity;
  MuteVerdict verdict;
};

struct FlushResult {
  std::optional<core::Notification> notification;  // to write to the outbox
  GroupState next;                                 // to store (unless delete_group)
  bool delete_group = false;                       // no members left: remove the stored group
  NotifyReason reason = NotifyReason::kNothingToSend;
  std::vector<HeldMember> held;  // members not sent now and why (for logs and `why-not-sent`)
};

// Decides what the group sends at `now`. Assumes the notification, if any, is written to the
// outbox together with `next` (DESIGN.md §1.5). Calling it before next_flush_at is allowed (the
// shell may, when silences change) and never re-sends unchanged content.
FlushResult Flush(const GroupState& state, const config::RouteConfig& route,
                  const MuteContext& mute, core::Timestamp now, const FlushOptions& options = {});

// A wall-clock jump (core::Clock::TakeJump): the group's timers and its members' times move
// with it, so group_interval and repeat_interval keep measuring time that elapsed — a jump
// forward is not a reason to repeat every group at once.
GroupState ShiftTimes(GroupState state, core::Duration jump);

// The firing members of these groups, each alert once (by identity), in identity order: what
// inhibition looks at, whichever group an alert sits in.
std::vector<core::Alert> FiringMembers(const std::vector<const GroupState*>& groups);

// When the shell must call Flush next; nullopt: not until the next AddAlert.
inline std::optional<core::Timestamp> NextDue(const GroupState& state) {
  return state.next_flush_at;
}

}  // namespace sellerwatch::notify
