#pragma once

// What a reload (SIGHUP) changes, decided from the running config and the new one alone. App
// builds what the plan starts, then applies it; keeping the decision pure keeps it testable
// with tables of configs.

#include <string>
#include <vector>

#include "config/config.hpp"

namespace sellerwatch::app {

// The new config's sources against the running ones, by SourceId ("<account>/<name>"), each
// list in config order (`removed` in the running config's).
struct SourceChanges {
  std::vector<std::string> added = {};    // new: start it
  std::vector<std::string> changed = {};  // other settings: stop the running one, start the new one
  std::vector<std::string> removed = {};  // gone: stop it
  std::vector<std::string> kept = {};     // unchanged: keeps running (timers, counters, token)
  bool operator==(const SourceChanges&) const = default;
};

struct ReloadPlan {
  SourceChanges sources = {};
  std::vector<std::string> added_accounts = {};    // the engine loads their metrics
  std::vector<std::string> removed_accounts = {};  // the engine forgets theirs
  bool log_level_changed = false;
  bool heartbeat_changed = false;  // the heartbeat loop restarts with the new settings
  // The `digest:` section (added, removed, schedule, zone, receivers): the digest loop starts,
  // stops or looks at its schedule again. Otherwise it runs on with the new config.
  bool digest_changed = false;
  bool operator==(const ReloadPlan&) const = default;
};

// Keys bound at start-up (the store is open, the socket bound) keep their running values in
// `next`; returns one warning for each that the new config changed.
std::vector<std::string> KeepStartupKeys(const config::Config& running, config::Config& next);

// What applying `next` over `running` takes.
ReloadPlan PlanReload(const config::Config& running, const config::Config& next);

}  // namespace sellerwatch::app
