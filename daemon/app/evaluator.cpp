#include "app/evaluator.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "rules/alert_builder.hpp"
#include "rules/alert_state_machine.hpp"
#include "rules/rule_evaluation.hpp"
#include "store/alert_history_store.hpp"
#include "store/alert_state_store.hpp"
#include "store/metric_history_store.hpp"

namespace sellerwatch::app {
namespace {

// metric_history keeps one row per metric and day; refreshing it hourly is plenty for charts.
constexpr core::Duration kSnapshotEvery = std::chrono::hours(1);

}  // namespace

Evaluator::Evaluator(std::shared_ptr<const config::Config> config, store::Db& db,
                     const metrics::MetricsEngine& engine, notify::Notifier& notifier,
                     std::shared_ptr<spdlog::logger> log)
    : config_(std::move(config)),
      db_(db),
      engine_(engine),
      notifier_(notifier),
      log_(std::move(log)) {}

EvaluationStats Evaluator::RunOnce(core::Timestamp now) {
  EvaluationStats stats;
  const auto& accounts = config_->accounts;
  struct EndPass {
    rules::ForecastCache& cache;
    ~EndPass() { cache.EndPass(); }
  } end_pass{forecasts_};
  auto all = EvaluateAccounts(accounts, now, stats);
  if (all) return stats;
  if (core::IsStoreFull(all.error())) {
    // A full disk refuses every account alike (the store said so once): nothing was kept, the
    // next pass after the store's next try judges them again.
    log_->debug("evaluation not stored: {}", all.error().message);
    stats.accounts += accounts.size();
    stats.failed_accounts += accounts.size();
    return stats;
  }
  // One account's failure must not stop the others: each on its own, to find it.
  for (const auto& account : accounts) {
    if (auto r = EvaluateAccounts({&account, 1}, now, stats); !r) {
      ++stats.accounts;
      ++stats.failed_accounts;
      log_->log(core::IsStoreFull(r.error()) ? spdlog::level::debug : spdlog::level::err,
                "account={} evaluation failed: {}", account.id, r.error().message);
    }
  }
  return stats;
}

core::Result<void> Evaluator::EvaluateAccounts(std::span<const config::AccountConfig> accounts,
                                               core::Timestamp now, EvaluationStats& stats) {
  auto tx = store::Transaction::Begin(db_);
  if (!tx) return tx.error();
  auto fail = [&](core::Error e) -> core::Result<void> {
    tx->Rollback();  // before re-reading the groups: the rolled-back ones must not be seen
    if (auto r = notifier_.Reload(); !r) {
      log_->error("reload notification groups: {}", r.error().message);
    }
    return e;
  };
  EvaluationStats done;
  std::vector<const std::string*> snapshots;
  for (const auto& account : accounts) {
    auto written = EvaluateAccount(account, now, done.rules);
    if (!written) return fail(written.error());
    ++done.accounts;
    done.transitions += written->transitions;
    if (written->snapshot) snapshots.push_back(&account.id);
  }
  if (auto r = notifier_.SaveAccepted(); !r) return fail(r.error());
  if (auto r = tx->Commit(); !r) return fail(r.error());
  for (const auto* account : snapshots) last_snapshot_[*account] = now;
  stats.accounts += done.accounts;
  stats.rules += done.rules;
  stats.transitions += done.transitions;
  return {};
}

core::Result<std::size_t> Evaluator::RetireRemoved(core::Timestamp now) {
  auto records = store::AlertStateStore(db_).Load();
  if (!records) return records.error();
  // One transaction for all of them (a shard's start-up may retire thousands).
  auto tx = store::Transaction::Begin(db_);
  if (!tx) return tx.error();
  auto fail = [&](core::Error e) -> core::Result<std::size_t> {
    tx->Rollback();
    if (auto r = notifier_.Reload(); !r)
      log_->error("reload notification groups: {}", r.error().message);
    return e;
  };
  std::vector<const store::AlertStateRecord*> retired;
  for (auto& record : *records) {
    bool active = record.state == core::AlertState::kFiring ||
                  record.state == core::AlertState::kPending || record.flapping;
    if (!active) continue;
    const config::AccountConfig* account = config_->FindAccount(record.account);
    bool configured = account && std::any_of(account->rules.begin(), account->rules.end(),
                                             [&](const auto& r) { return r.name == record.rule; });
    if (configured) continue;
    bool was_notified = record.state == core::AlertState::kFiring || record.flapping;
    core::Timestamp started = record.active_since.value_or(record.since);
    record.state = core::AlertState::kResolved;
    record.flapping = false;
    record.since = now;
    record.updated_at = now;
    record.active_since.reset();
    record.clear_since.reset();
    if (auto r = store::AlertStateStore(db_).Save(record); !r) return fail(r.error());
    if (was_notified) {
      core::Alert alert;
      if (account) alert.labels = account->labels;
      alert.labels["account"] = record.account;
      if (account) alert.labels["marketplace"] = account->marketplace;
      alert.labels["rule"] = record.rule;
      alert.labels["severity"] = std::string(core::Name(record.severity));
      alert.annotations["summary"] =
          core::Owns(config_->shard, record.account)
              ? fmt::format(
                    "Rule '{}' is no longer configured for account '{}'; its alert is "
                    "closed.",
                    record.rule, record.account)
              : fmt::format(
                    "Account '{}' is not in this instance's shard {}; its alert '{}' is "
                    "closed here.",
                    record.account, config_->shard.Label(), record.rule);
      alert.state = core::AlertState::kResolved;
      alert.severity = record.severity;
      alert.starts_at = started;
      alert.ends_at = now;
      if (auto r = notifier_.Accept(alert, now); !r) return fail(r.error());
    }
    retired.push_back(&record);
  }
  if (auto r = notifier_.SaveAccepted(); !r) return fail(r.error());
  if (auto r = tx->Commit(); !r) return fail(r.error());
  for (const auto* record : retired) {
    log_->info("account={} rule={} is no longer configured: its alert is resolved", record->account,
               record->rule);
  }
  return retired.size();
}

core::Result<Evaluator::AccountWrite> Evaluator::EvaluateAccount(
    const config::AccountConfig& account, core::Timestamp now, std::size_t& rules) {
  auto evaluation = rules::EvaluateAccount(account, engine_, now, &forecasts_);
  rules += evaluation.rules.size();

  store::AlertStateStore states(db_);
  auto loaded = states.Load(account.id);
  if (!loaded) return loaded.error();
  std::map<std::string, store::AlertStateRecord> previous;
  for (auto& r : *loaded) previous.emplace(r.rule, std::move(r));

  struct Change {
    const rules::RuleEvaluation* evaluation;
    rules::Step step;
    bool history;  // fired, changed severity while firing, or resolved: for the digest
  };
  std::vector<Change> changes;
  for (const auto& ev : evaluation.rules) {
    auto it = previous.find(ev.rule->name);
    auto prev = it != previous.end()
                    ? it->second
                    : store::AlertStateRecord::Inactive(account.id, ev.rule->name, now);
    auto step = rules::Advance(prev, ev.verdict, *ev.rule, ev.value.value, now);
    const auto& n = step.next;
    bool history =
        (n.state == core::AlertState::kFiring &&
         (prev.state != n.state || prev.severity != n.severity)) ||
        (n.state == core::AlertState::kResolved && prev.state == core::AlertState::kFiring);
    if (step.changed) changes.push_back({&ev, std::move(step), history});
  }
  auto last = last_snapshot_.find(account.id);
  bool snapshot =
      last == last_snapshot_.end() || now - last->second >= kSnapshotEvery ||
      store::MetricHistoryStore::DayOf(now) != store::MetricHistoryStore::DayOf(last->second);
  if (changes.empty() && !snapshot) return AccountWrite{0, false};

  AccountWrite written{0, snapshot};
  // Each alert is written in every language a receiver reads, so the outbox has its words.
  const std::vector<i18n::Translator> languages = config_->Languages();
  for (const auto& c : changes) {
    if (auto r = states.Save(c.step.next); !r) return r.error();
    if (c.history) {
      const auto& n = c.step.next;
      store::AlertHistoryEntry entry{
          account.id, n.rule, c.evaluation->rule->metric, n.state, n.severity, now, n.value};
      if (auto r = store::AlertHistoryStore(db_).Record(entry); !r) return r.error();
    }
    if (!c.step.transition) continue;
    ++written.transitions;
    auto alert = rules::BuildAlert(account, *c.evaluation, c.step.next, languages);
    if (auto r = notifier_.Accept(alert, now); !r) return r.error();
  }
  if (snapshot) {
    auto day = store::MetricHistoryStore::DayOf(now);
    if (auto r = store::MetricHistoryStore(db_).Save(account.id, day, evaluation.values); !r)
      return r.error();
  }
  return written;
}

}  // namespace sellerwatch::app
