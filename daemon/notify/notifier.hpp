#pragma once

#include <spdlog/logger.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include "config/config.hpp"
#include "notify/grouper.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::notify {

struct FlushStats {
  std::size_t groups = 0;         // looked at
  std::size_t notifications = 0;  // written to the outbox
};

// The durable front half of the pipeline (DESIGN.md §3.3): Router → Grouper (with Mute) →
// Outbox write. Accept runs inside the caller's transaction, so an alert-state change and its
// place in a notification group commit together; FlushDue writes each due group's notification
// to the outbox in the same transaction as the group's new state. Nothing is sent here: the
// OutboxDispatcher delivers what the outbox holds.
class Notifier {
 public:
  // Loads the stored groups.
  static core::Result<std::unique_ptr<Notifier>> Create(
      std::shared_ptr<const config::Config> config, store::Db& db,
      std::shared_ptr<spdlog::logger> log);

  // Takes one alert transition into the groups of every route it matches. Call it inside the
  // transaction that saves the alert state, and SaveAccepted() before that transaction commits;
  // call Reload() if it rolls back.
  core::Result<void> Accept(const core::Alert& alert, core::Timestamp now);
  // Writes the groups changed by Accept since the last call, each once: a group of n alerts
  // costs one write per transaction, not one per alert (a mass breach in one big group would
  // otherwise write it n times over).
  core::Result<void> SaveAccepted();
  // Flushes every group due at `now` (all of them with `all`, e.g. after a silence changed).
  core::Result<FlushStats> FlushDue(core::Timestamp now, bool all = false);
  // The earliest time a group must be flushed; nullopt: none is waiting.
  std::optional<core::Timestamp> NextDue() const;
  // A wall-clock jump: every group's timers move with it (grouper ShiftTimes), saved inside the
  // caller's transaction.
  core::Result<void> ShiftTimes(core::Duration jump);
  // Re-reads the groups from the store (after a rolled-back transaction).
  core::Result<void> Reload();
  // A config reload. A group whose route is unchanged (it may have moved in the list) and
  // still names its receiver keeps its state and timers; the unresolved alerts of any other
  // group are routed anew under the new config (their new groups announce them after
  // group_wait). All in one transaction; on failure the old config and groups stay.
  core::Result<void> Reconfigure(std::shared_ptr<const config::Config> config, core::Timestamp now);

  // The outbox key of a group's notification: stable, so a repeated flush cannot queue twice.
  static std::string LegKey(const core::Notification& n, const GroupState& next);

 private:
  Notifier(std::shared_ptr<const config::Config> config, store::Db& db,
           std::shared_ptr<spdlog::logger> log)
      : config_(std::move(config)), db_(db), log_(std::move(log)) {}
  core::Result<void> Save(const GroupState& group);
  core::Result<void> FlushGroup(const std::string& key, core::Timestamp now,
                                const MuteContext& mute, FlushStats& stats);

  std::shared_ptr<const config::Config> config_;
  store::Db& db_;
  std::shared_ptr<spdlog::logger> log_;
  std::map<std::string, GroupState> groups_;  // by GroupKey
  std::set<std::string> accepted_;            // keys changed by Accept, not yet saved
};

}  // namespace sellerwatch::notify
