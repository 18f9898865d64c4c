#include "notify/alertmanager_resend.hpp"

#include <map>

#include "notify/mute.hpp"
#include "notify/render/alertmanager_payload.hpp"

namespace sellerwatch::notify {
namespace {

bool IsActive(core::AlertState s) {
  return s == core::AlertState::kFiring || s == core::AlertState::kFlapping;
}

}  // namespace

std::vector<core::Alert> AlertmanagerResendSet(const config::Config& config,
                                               const std::string& receiver,
                                               const ResendState& state, core::Timestamp now) {
  const config::ReceiverConfig* r = config.FindReceiver(receiver);
  if (r == nullptr || r->type != config::ReceiverType::kAlertmanager) return {};

  // Inhibition looks at every firing alert, whichever group it sits in (as a flush does).
  std::map<std::string, core::Alert> firing_by_id;
  for (const auto& g : state.groups) {
    for (const auto& [id, a] : g.members) {
      if (a.state == core::AlertState::kFiring) firing_by_id.emplace(id, a);
    }
  }
  std::vector<core::Alert> firing_now;
  for (auto& [id, a] : firing_by_id) firing_now.push_back(a);
  const MuteContext mute{state.silences, firing_now};
  const config::RouteConfig kNoQuietHours;  // re-sends keep alive what was sent: no deferral

  // By Alertmanager's identity of an alert: its labels.
  std::map<core::Labels, core::Alert> firing;
  for (const auto& g : state.groups) {
    if (g.receiver != receiver) continue;
    for (const auto& [id, member] : g.members) {
      auto told = g.last_notified.find(id);
      if (told == g.last_notified.end() || !IsActive(told->second.state)) continue;
      core::Alert a = member;  // its latest labels and annotations, as last notified
      a.state = told->second.state;
      a.severity = told->second.severity;
      a.labels["severity"] = std::string(core::Name(a.severity));
      a.ends_at.reset();
      MuteVerdict verdict = Mute(a, kNoQuietHours, mute, now);
      // Not by itself: a warning notified before it became critical is still what was said.
      bool self = verdict.kind == MuteKind::kInhibited && verdict.by == id;
      if (verdict.kind != MuteKind::kNone && !self) continue;
      firing.insert_or_assign(AlertmanagerLabels(a), std::move(a));
    }
  }

  // The latest notice per alert within the window; legs come oldest first.
  std::map<core::Labels, core::Alert> latest;
  for (const auto& leg : state.legs) {
    if (leg.receiver != receiver || leg.created_at < now - kResolvedResendFor) continue;
    for (const auto& a : leg.notification.alerts) {
      core::Alert copy = a;
      if (copy.state == core::AlertState::kResolved && !copy.ends_at) {
        copy.ends_at = leg.created_at;
      }
      latest.insert_or_assign(AlertmanagerLabels(copy), std::move(copy));
    }
  }

  std::vector<core::Alert> out;
  for (auto& [labels, a] : firing) out.push_back(std::move(a));
  for (auto& [labels, a] : latest) {
    if (a.state == core::AlertState::kResolved && !firing.contains(labels)) {
      out.push_back(std::move(a));
    }
  }
  return out;
}

}  // namespace sellerwatch::notify
