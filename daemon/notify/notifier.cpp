#include "notify/notifier.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/sha256.hpp"
#include "notify/router.hpp"
#include "notify/state_json.hpp"
#include "store/notify_group_store.hpp"
#include "store/outbox_store.hpp"
#include "store/silence_store.hpp"

namespace sellerwatch::notify {
namespace {

// Whether a group made under `a` can live on under `b`: everything that decides grouping and
// timing is the same (the receiver list may differ; the group's receiver must still be in it).
bool SameGrouping(const config::RouteConfig& a, const config::RouteConfig& b) {
  return a.match == b.match && a.continue_matching == b.continue_matching &&
         a.group_by == b.group_by && a.group_wait == b.group_wait &&
         a.group_interval == b.group_interval && a.repeat_interval == b.repeat_interval &&
         a.quiet_hours == b.quiet_hours;
}

}  // namespace

core::Result<std::unique_ptr<Notifier>> Notifier::Create(
    std::shared_ptr<const config::Config> config, store::Db& db,
    std::shared_ptr<spdlog::logger> log) {
  std::unique_ptr<Notifier> n(new Notifier(std::move(config), db, std::move(log)));
  if (auto r = n->Reload(); !r) return r.error();
  return n;
}

core::Result<void> Notifier::Reload() {
  auto stored = store::NotifyGroupStore(db_).LoadAll();
  if (!stored) return stored.error();
  groups_.clear();
  accepted_.clear();
  for (const auto& g : *stored) {
    auto state = GroupStateFromJson(g.state);
    if (!state) {
      // A group we cannot read is dropped loudly rather than blocking every other one.
      log_->error("notification group {}: unreadable ({}); dropped", g.key, state.error().message);
      continue;
    }
    if (state->route_index >= config_->routes.size() || !config_->FindReceiver(state->receiver)) {
      log_->warn("notification group {}: its route or receiver is gone from the config; dropped",
                 g.key);
      continue;
    }
    groups_.emplace(g.key, std::move(*state));
  }
  return {};
}

core::Result<void> Notifier::Reconfigure(std::shared_ptr<const config::Config> next,
                                         core::Timestamp now) {
  std::map<std::string, GroupState> kept;
  std::map<std::string, core::Alert> open;  // by identity: one alert may sit in several groups
  for (const auto& [key, g] : groups_) {
    for (const auto& [id, alert] : g.members) {
      if (alert.state != core::AlertState::kResolved) open.emplace(id, alert);
    }
    if (!next->FindReceiver(g.receiver)) continue;
    const config::RouteConfig& route = config_->routes[g.route_index];
    for (std::size_t i = 0; i < next->routes.size(); ++i) {
      const auto& candidate = next->routes[i];
      if (SameGrouping(route, candidate) &&
          std::find(candidate.receivers.begin(), candidate.receivers.end(), g.receiver) !=
              candidate.receivers.end()) {
        GroupState moved = g;
        moved.route_index = i;
        moved.key = GroupKey(i, g.receiver, g.group_labels);
        kept.emplace(moved.key, std::move(moved));
        break;
      }
    }
  }
  auto old_config = config_;
  auto apply = [&]() -> core::Result<void> {
    auto tx = store::Transaction::Begin(db_);
    if (!tx) return tx.error();
    store::NotifyGroupStore groups(db_);
    for (const auto& [key, g] : groups_) {
      if (auto r = groups.Delete(key); !r) return r.error();
    }
    for (const auto& [key, g] : kept) {
      if (auto r = Save(g); !r) return r.error();
    }
    config_ = next;
    groups_ = std::move(kept);
    // Alerts still open are routed again: a group that kept its state sees nothing new (no
    // second notice); a receiver added to a route, or a route that changed, gets its own
    // group, which announces them after group_wait.
    for (const auto& [id, alert] : open) {
      if (auto r = Accept(alert, now); !r) return r.error();
    }
    if (auto r = SaveAccepted(); !r) return r.error();
    return tx->Commit();
  };
  if (auto r = apply(); !r) {  // rolled back: back to the stored groups under the old config
    config_ = old_config;
    if (auto reloaded = Reload(); !reloaded)
      log_->error("reload notification groups: {}", reloaded.error().message);
    return r.error().Context("notification groups");
  }
  return {};
}

core::Result<void> Notifier::ShiftTimes(core::Duration jump) {
  for (auto& [key, group] : groups_) {
    group = notify::ShiftTimes(std::move(group), jump);
    if (auto r = Save(group); !r) return r.error();
  }
  return {};
}

core::Result<void> Notifier::Save(const GroupState& g) {
  return store::NotifyGroupStore(db_).Save({g.key, g.receiver, ToJson(g), notify::NextDue(g)});
}

core::Result<void> Notifier::Accept(const core::Alert& alert, core::Timestamp now) {
  auto targets = RouteTargets(alert.labels, config_->routes);
  if (targets.empty()) {
    log_->warn("account={} rule={} matched no route; nobody is told", alert.Label("account"),
               alert.Label("rule"));
  }
  for (const auto& t : targets) {
    const config::RouteConfig& route = config_->routes[t.route_index];
    auto labels = GroupLabels(alert.labels, route.group_by);
    auto key = GroupKey(t.route_index, t.receiver, labels);
    auto it = groups_.find(key);
    if (it == groups_.end()) {
      it = groups_.emplace(key, NewGroup(t.route_index, route, t.receiver, alert.labels)).first;
    }
    // In place (moved, not copied): the caller reloads the groups if its transaction fails.
    it->second = AddAlert(std::move(it->second), alert, route, now);
    accepted_.insert(key);
  }
  return {};
}

core::Result<void> Notifier::SaveAccepted() {
  for (const auto& key : accepted_) {
    auto it = groups_.find(key);
    if (it == groups_.end()) continue;
    if (auto r = Save(it->second); !r) return r.error();
  }
  accepted_.clear();
  return {};
}

std::optional<core::Timestamp> Notifier::NextDue() const {
  std::optional<core::Timestamp> first;
  for (const auto& [key, g] : groups_) {
    auto due = notify::NextDue(g);
    if (due && (!first || *due < *first)) first = due;
  }
  return first;
}

std::string Notifier::LegKey(const core::Notification& n, const GroupState& next) {
  auto sent = next.last_sent_at.value_or(n.created_at);
  return "sw-" + core::Sha256Hex(fmt::format("{}\n{}\n{}\n{}", n.receiver, n.group_key,
                                             core::ToUnixMillis(sent), next.content_hash))
                     .substr(0, 32);
}

core::Result<void> Notifier::FlushGroup(const std::string& key, core::Timestamp now,
                                        const MuteContext& mute, FlushStats& stats) {
  const GroupState& group = groups_.at(key);
  const config::RouteConfig& route = config_->routes[group.route_index];
  const config::ReceiverConfig* receiver = config_->FindReceiver(group.receiver);
  FlushOptions options;
  options.send_resolved = receiver->send_resolved;
  FlushResult result = Flush(group, route, mute, now, options);
  ++stats.groups;

  auto tx = store::Transaction::Begin(db_);
  if (!tx) return tx.error();
  if (result.notification) {
    store::OutboxLeg leg;
    leg.key = LegKey(*result.notification, result.next);
    leg.receiver = group.receiver;
    leg.notification = *result.notification;
    leg.created_at = now;
    leg.next_attempt_at = now;
    auto queued = store::OutboxStore(db_).Enqueue(leg);
    if (!queued) return queued.error();
    ++stats.notifications;
    log_->info("group {} → outbox ({}: {} alerts)", key, Name(result.reason),
               result.notification->alerts.size());
  }
  for (const auto& held : result.held) {
    log_->debug("group {}: {} held: {}", key, held.identity, Describe(held.verdict));
  }
  if (result.delete_group) {
    if (auto r = store::NotifyGroupStore(db_).Delete(key); !r) return r.error();
  } else if (auto r = Save(result.next); !r) {
    return r.error();
  }
  if (auto r = tx->Commit(); !r) return r.error();
  if (result.delete_group) {
    groups_.erase(key);
  } else {
    groups_.insert_or_assign(key, std::move(result.next));
  }
  return {};
}

core::Result<FlushStats> Notifier::FlushDue(core::Timestamp now, bool all) {
  FlushStats stats;
  auto silences = store::SilenceStore(db_).List(now);
  if (!silences) return silences.error();
  // Inhibition looks at every firing alert, whichever group it sits in.
  std::vector<const GroupState*> groups;
  for (const auto& [key, g] : groups_) groups.push_back(&g);
  std::vector<core::Alert> firing = FiringMembers(groups);
  MuteContext mute{*silences, firing};

  std::vector<std::string> due;
  for (const auto& [key, g] : groups_) {
    auto at = notify::NextDue(g);
    if (all || (at && *at <= now)) due.push_back(key);
  }
  for (const auto& key : due) {
    if (auto r = FlushGroup(key, now, mute, stats); !r) {
      return r.error().Context("flush notification group " + key);
    }
  }
  return stats;
}

}  // namespace sellerwatch::notify
