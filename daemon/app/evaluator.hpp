#pragma once

#include <spdlog/logger.h>

#include <map>
#include <memory>
#include <span>

#include "config/config.hpp"
#include "metrics/metrics_engine.hpp"
#include "notify/notifier.hpp"
#include "rules/forecast_cache.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::app {

struct EvaluationStats {
  std::size_t accounts = 0;
  std::size_t rules = 0;
  std::size_t transitions = 0;
  std::size_t failed_accounts = 0;
};

// One evaluation cycle: per account, every rule judged on the metrics engine's numbers, the
// alert state machine advanced and persisted together with the day's metric snapshot and each
// transition's place in its notification groups. All accounts in one transaction, so each
// notification group changed is written once per cycle (once per alert made a mass breach in one
// big group quadratic); if anything fails, the cycle is rolled back and run again one account
// per transaction, so one account's failure does not stop the others.
class Evaluator {
 public:
  Evaluator(std::shared_ptr<const config::Config> config, store::Db& db,
            const metrics::MetricsEngine& engine, notify::Notifier& notifier,
            std::shared_ptr<spdlog::logger> log);

  EvaluationStats RunOnce(core::Timestamp now);
  // A config reload: the next RunOnce judges the new accounts and rules.
  void Reconfigure(std::shared_ptr<const config::Config> config) { config_ = std::move(config); }
  // Alerts of rules or accounts no longer configured (a reload, or a restart with a new
  // config) are resolved, so receivers hear the end and groups stop repeating them. Returns
  // how many.
  core::Result<std::size_t> RetireRemoved(core::Timestamp now);

 private:
  struct AccountWrite {
    std::size_t transitions = 0;
    bool snapshot = false;  // the day's metric snapshot was written
  };
  // Evaluates these accounts in one transaction; on failure none of it is kept.
  core::Result<void> EvaluateAccounts(std::span<const config::AccountConfig> accounts,
                                      core::Timestamp now, EvaluationStats& stats);
  // One account's writes, inside the caller's transaction.
  core::Result<AccountWrite> EvaluateAccount(const config::AccountConfig& account,
                                             core::Timestamp now, std::size_t& rules);

  std::shared_ptr<const config::Config> config_;
  store::Db& db_;
  const metrics::MetricsEngine& engine_;
  notify::Notifier& notifier_;
  std::shared_ptr<spdlog::logger> log_;
  std::map<std::string, core::Timestamp, std::less<>> last_snapshot_;  // by account
  rules::ForecastCache forecasts_;  // reused across passes while an account is unchanged
};

}  // namespace sellerwatch::app
