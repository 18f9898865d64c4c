#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/alert.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::store {

// The persisted state of one alert (account, rule), so a restart neither repeats a firing
// notification nor forgets a pending timer.
struct AlertStateRecord {
  std::string account;
  std::string rule;
  core::AlertState state = core::AlertState::kInactive;
  core::Severity severity = core::Severity::kWarning;
  core::Timestamp since;                        // when the current state began
  std::optional<core::Timestamp> active_since;  // when the condition began to hold
  std::optional<double> value;
  core::Timestamp updated_at;
  std::optional<core::Timestamp> clear_since;  // firing, but past the clear level since then
  std::vector<core::Timestamp> transitions;    // notified changes within flap_window
  bool flapping = false;                       // too many of them: notices held back

  // What receivers and `status` show: flapping hides the state underneath.
  core::AlertState Visible() const { return flapping ? core::AlertState::kFlapping : state; }

  // The state of an alert never seen before.
  static AlertStateRecord Inactive(std::string account, std::string rule, core::Timestamp now) {
    AlertStateRecord r;
    r.account = std::move(account);
    r.rule = std::move(rule);
    r.since = now;
    r.updated_at = now;
    return r;
  }
};

class AlertStateStore {
 public:
  explicit AlertStateStore(Db& db) : db_(db) {}

  // Every record of an account (all accounts when `account` is empty).
  Result<std::vector<AlertStateRecord>> Load(const std::string& account = {});
  // Alerts firing now, all accounts (flapping ones included).
  Result<std::int64_t> CountFiring();
  // Writes inside the caller's transaction.
  Result<void> Save(const AlertStateRecord& record);
  // A wall-clock jump (core::Clock::TakeJump): every record's times move with it, so `for`,
  // clear_for, flap windows and time in alert keep measuring time that elapsed.
  Result<void> ShiftTimes(core::Duration jump);

 private:
  Db& db_;
};

}  // namespace sellerwatch::store
