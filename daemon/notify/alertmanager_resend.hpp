#pragma once

// What an `alertmanager` receiver is re-sent (DESIGN.md §5, high availability). Alertmanager
// keeps alerts in memory and gossips only silences and its notification log, so a peer that
// restarts, or missed a post, knows an alert only when it is posted again; and an alert whose
// endsAt passes without a new post is resolved. Prometheus re-sends every firing alert to
// every peer; sellerwatch does the same, deciding here, purely, what to re-send.
//
// Re-sends repeat what the notification path last told the receiver — they keep it alive,
// they never get ahead of it (a new alert, a change or a resolution waits for its group's
// flush, group_wait, group_interval and quiet hours included):
// - firing: every member of the receiver's notification groups that was notified to it as
//   firing or flapping, with that state and severity, unless a silence or an inhibition holds
//   it now (the repeat notification would leave it out too; Alertmanager then lets it expire);
// - resolved: every alert whose latest notice to the receiver within the last 15 minutes was
//   a resolved one (meta-alerts included), with its end time — so a peer that missed the
//   resolved post does not keep the alert open until its endsAt — unless the same labels are
//   firing again.
// sellerwatch's own firing meta-alerts are events sent once (see kMetaAlertValidity).

#include <span>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/alert.hpp"
#include "core/silence.hpp"
#include "core/time.hpp"
#include "notify/grouper.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::notify {

// How long after its resolved notice a resolved alert is still re-sent.
inline constexpr core::Duration kResolvedResendFor = std::chrono::minutes(15);

struct ResendState {
  std::span<const GroupState> groups;      // every notification group (all receivers)
  std::span<const store::OutboxLeg> legs;  // legs queued for the receiver (older than
                                           // kResolvedResendFor and other receivers' ignored)
  std::span<const core::Silence> silences;
};

// The alerts to post to `receiver` at `now`: firing ones first, then resolved ones, each
// ordered by labels. Empty when `receiver` is not an `alertmanager` receiver of `config`.
std::vector<core::Alert> AlertmanagerResendSet(const config::Config& config,
                                               const std::string& receiver,
                                               const ResendState& state, core::Timestamp now);

}  // namespace sellerwatch::notify
