#include "notify/grouper.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/sha256.hpp"
#include "notify/alert_identity.hpp"
#include "notify/quiet_hours.hpp"

namespace sellerwatch::notify {
namespace {

using core::AlertState;
using core::Timestamp;

bool IsActiveState(AlertState s) { return s == AlertState::kFiring || s == AlertState::kFlapping; }

// Backslash-escapes '\\', '"' and `also`; control characters become \xNN. With the separators
// escaped in each part, different groups can never share a key.
void Escape(std::string& out, std::string_view s, std::string_view also = {}) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '\\' || c == '"' || also.find(c) != std::string_view::npos) {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      out += fmt::format("\\x{:02x}", u);
    } else {
      out += c;
    }
  }
}

std::string ContentHash(const std::vector<core::Alert>& alerts) {
  std::string canonical;
  for (const auto& a : alerts) {
    canonical += AlertIdentity(a);
    canonical += '\t';
    canonical += core::Name(a.state);
    canonical += '\t';
    canonical += core::Name(a.severity);
    canonical += '\n';
  }
  return core::Sha256Hex(canonical);
}

void Earliest(std::optional<Timestamp>& acc, Timestamp t) {
  if (!acc || t < *acc) acc = t;
}

}  // namespace

core::Labels GroupLabels(const core::Labels& labels, const std::vector<std::string>& group_by) {
  if (std::find(group_by.begin(), group_by.end(), "...") != group_by.end()) return labels;
  core::Labels out;
  for (const auto& name : group_by) {
    if (auto it = labels.find(name); it != labels.end()) out.insert(*it);
  }
  return out;
}

std::string GroupKey(std::size_t route_index, std::string_view receiver,
                     const core::Labels& group_labels) {
  std::string key = std::to_string(route_index) + ":";
  Escape(key, receiver, ":");
  key += ":{";
  bool first = true;
  for (const auto& [name, value] : group_labels) {
    if (!first) key += ',';
    first = false;
    Escape(key, name, "=,}");
    key += "=\"";
    Escape(key, value);
    key += '"';
  }
  key += '}';
  return key;
}

GroupState NewGroup(std::size_t route_index, const config::RouteConfig& route, std::string receiver,
                    const core::Labels& alert_labels) {
  GroupState g;
  g.route_index = route_index;
  g.group_labels = GroupLabels(alert_labels, route.group_by);
  g.key = GroupKey(route_index, receiver, g.group_labels);
  g.receiver = std::move(receiver);
  return g;
}

std::vector<core::Alert> FiringMembers(const std::vector<const GroupState*>& groups) {
  std::map<std::string, const core::Alert*> firing;
  for (const GroupState* g : groups) {
    for (const auto& [id, a] : g->members) {
      if (a.state == AlertState::kFiring) firing.emplace(id, &a);
    }
  }
  std::vector<core::Alert> out;
  out.reserve(firing.size());
  for (const auto& [id, a] : firing) out.push_back(*a);
  return out;
}

GroupState ShiftTimes(GroupState state, core::Duration jump) {
  for (auto* t : {&state.next_flush_at, &state.last_flush_at, &state.last_sent_at}) {
    if (*t) **t += jump;
  }
  for (auto& [identity, alert] : state.members) {
    alert.starts_at += jump;
    if (alert.ends_at) *alert.ends_at += jump;
  }
  return state;
}

GroupState AddAlert(GroupState state, const core::Alert& incoming, const config::RouteConfig& route,
                    Timestamp now) {
  if (incoming.state == AlertState::kPending) return state;
  core::Alert alert = incoming;
  if (alert.state == AlertState::kInactive) alert.state = AlertState::kResolved;

  std::string id = AlertIdentity(alert);
  auto it = state.members.find(id);
  if (it == state.members.end() && alert.state == AlertState::kResolved) return state;
  bool changed = it == state.members.end() || it->second.state != alert.state ||
                 it->second.severity != alert.severity;
  state.members[id] = std::move(alert);

  if (!state.last_flush_at) {
    // Still inside group_wait: the first flush takes everything that arrived meanwhile.
    if (!state.next_flush_at) state.next_flush_at = now + route.group_wait;
  } else if (changed) {
    Earliest(state.next_flush_at, std::max(now, *state.last_flush_at + route.group_interval));
  }
  return state;
}

std::string_view Name(NotifyReason reason) {
  switch (reason) {
    case NotifyReason::kFirst:
      return "first";
    case NotifyReason::kChanged:
      return "changed";
    case NotifyReason::kRepeat:
      return "repeat";
    case NotifyReason::kNothingToSend:
      return "nothing_to_send";
    case NotifyReason::kUnchanged:
      return "unchanged";
  }
  return "?";
}

FlushResult Flush(const GroupState& state, const config::RouteConfig& route,
                  const MuteContext& mute, Timestamp now, const FlushOptions& options) {
  FlushResult r;
  r.next = state;
  GroupState& next = r.next;
  next.last_flush_at = now;
  next.held.clear();

  // Quiet hours are judged separately from silences and inhibition: they hold back the
  // notification, not the alert's place in the dedupe record.
  std::optional<Timestamp> quiet_end;
  if (route.quiet_hours) {
    if (auto w = ActiveQuietWindow(*route.quiet_hours, now)) quiet_end = w->end;
  }
  auto deferred = [&](const core::Alert& a) {
    return quiet_end && AppliesTo(*route.quiet_hours, a.severity);
  };

  const config::RouteConfig kNoQuietHours;  // Mute() for silences and inhibition only
  std::vector<core::Alert> send_now;
  bool deferred_any = false;
  bool change_now = false;
  std::optional<Timestamp> wake;
  std::vector<std::string> drop;

  for (const auto& [id, alert] : state.members) {
    auto notified = state.last_notified.find(id);
    bool was_notified =
        notified != state.last_notified.end() && IsActiveState(notified->second.state);
    bool changed = !was_notified || notified->second.state != alert.state ||
                   notified->second.severity != alert.severity || state.held.count(id) > 0;

    if (alert.state == AlertState::kResolved) {
      if (!was_notified || !options.send_resolved) {
        drop.push_back(id);
        continue;
      }
      if (!options.resolved_past_silences) {
        MuteVerdict v = Silenced(alert, mute.silences, now);
        if (v.kind != MuteKind::kNone) {
          drop.push_back(id);
          r.held.push_back({id, v});
          continue;
        }
      }
      changed = true;
    } else {
      MuteVerdict v = Mute(alert, kNoQuietHours, mute, now);
      if (v.kind != MuteKind::kNone) {
        next.held.insert(id);
        r.held.push_back({id, v});
        // Inhibition has no end time: look again every group_interval (never a hot loop).
        Earliest(wake, v.until ? *v.until
                               : now + std::max<core::Duration>(route.group_interval,
                                                                std::chrono::seconds(1)));
        continue;
      }
    }

    if (deferred(alert)) {
      deferred_any = true;
      // Back from a silence or inhibition: still news when the quiet hours end.
      if (state.held.count(id) > 0) next.held.insert(id);
      r.held.push_back({id, {MuteKind::kDeferred, "quiet_hours", quiet_end}});
      continue;
    }
    change_now = change_now || changed;
    send_now.push_back(alert);
  }
  for (const auto& id : drop) {
    next.members.erase(id);
    next.last_notified.erase(id);
  }
  if (deferred_any) Earliest(wake, *quiet_end);

  bool repeat_due = state.last_sent_at && now >= *state.last_sent_at + route.repeat_interval;
  if (send_now.empty()) {
    r.reason = NotifyReason::kNothingToSend;
  } else if (change_now) {
    r.reason = state.last_sent_at ? NotifyReason::kChanged : NotifyReason::kFirst;
  } else if (repeat_due) {
    r.reason = NotifyReason::kRepeat;
  } else {
    r.reason = NotifyReason::kUnchanged;
  }

  bool send = r.reason == NotifyReason::kFirst || r.reason == NotifyReason::kChanged ||
              r.reason == NotifyReason::kRepeat;
  if (send) {
    next.last_sent_at = now;
    next.content_hash = ContentHash(send_now);
    for (const auto& a : send_now) {
      std::string id = AlertIdentity(a);
      if (a.state == AlertState::kResolved) {
        next.members.erase(id);
        next.last_notified.erase(id);
      } else {
        next.last_notified[id] = {a.state, a.severity};
      }
    }
    r.notification = core::Notification{state.receiver, state.key, now, std::move(send_now)};
  }

  bool any_active = std::any_of(next.members.begin(), next.members.end(),
                                [](const auto& m) { return IsActiveState(m.second.state); });
  if (any_active && next.last_sent_at) {
    // Not yet due (or nothing sendable, which the mute wake-ups cover): never arm the past.
    Timestamp repeat_at = *next.last_sent_at + route.repeat_interval;
    if (repeat_at > now) Earliest(wake, repeat_at);
  }
  // Identities that left the group are forgotten; a later firing starts a new episode.
  std::erase_if(next.last_notified,
                [&](const auto& e) { return next.members.count(e.first) == 0; });

  next.next_flush_at = wake;
  r.delete_group = next.members.empty();
  if (r.delete_group) next.next_flush_at.reset();
  return r;
}

}  // namespace sellerwatch::notify
