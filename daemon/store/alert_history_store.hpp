#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/alert.hpp"
#include "core/time.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::store {

// One notified alert transition: it fired (or changed severity while firing) or resolved.
struct AlertHistoryEntry {
  std::string account;
  std::string rule;
  std::string metric;
  core::AlertState state = core::AlertState::kFiring;  // kFiring or kResolved
  core::Severity severity = core::Severity::kWarning;
  core::Timestamp at;
  std::optional<double> value;

  bool operator==(const AlertHistoryEntry&) const = default;
};

// The alert_history table: what the weekly digest reports as "fired and resolved this week".
// Writes join the caller's transaction, so a transition is recorded with the state change.
class AlertHistoryStore {
 public:
  explicit AlertHistoryStore(Db& db) : db_(db) {}

  Result<void> Record(const AlertHistoryEntry& entry);
  // An account's entries with at >= since, oldest first.
  Result<std::vector<AlertHistoryEntry>> Since(const std::string& account, core::Timestamp since);
  // Drops entries older than `before` (retention); returns how many.
  Result<std::int64_t> Prune(core::Timestamp before);
  // A wall-clock jump: the firing entries of alerts still firing move with it, so their time in
  // alert is what elapsed (never negative after a jump back).
  Result<void> ShiftOpen(core::Duration jump);

 private:
  Db& db_;
};

}  // namespace sellerwatch::store
