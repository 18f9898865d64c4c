#pragma once

// The incremental metrics engine of DESIGN.md §3.2: per account, daily buckets of contribution
// vectors; a stored change subtracts the old version's contribution and adds the new one, so an
// evaluation sums buckets instead of rescanning events. It must agree exactly with the
// reference formulas in window_metrics.hpp (the tests compare them on random data).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "core/metric_catalog.hpp"
#include "metrics/metric_value.hpp"

namespace sellerwatch::metrics {

// How a forecast estimates what enters the window (DESIGN.md §1.4, issue 16). The defaults are
// the ones the replay benchmark (bench/early_warning) chose.
struct ForecastModel {
  int within_days = 7;        // warn_ / critical_probability: crossing within this many days
  double probability = 0.8;   // warn_ / critical_in_days: the first day the chance reaches this
  double half_life_days = 7;  // the recent pace weighs each day by 0.5^(age / half-life)
  int baseline_days = 28;     // the longer history the recent pace is shrunk towards
  double prior_days = 7;      // how many days of recent pace the baseline is worth
  bool trend = false;         // extrapolate the recent pace's linear trend over the horizon
  bool operator==(const ForecastModel&) const = default;
};

// Where a rate is heading. The window at now + d days holds the events known to stay in it plus
// d days of inflow; bad events enter as a count model (Poisson at the account's recent pace, shrunk
// towards its baseline), so each day has a probability of being over a level, not only a point.
struct Forecast {
  std::vector<std::optional<double>> projected = {};  // expected value: [0] = tomorrow, ...
  // The first day the probability of having crossed warn / critical reaches model.probability;
  // 1..horizon, empty: not within the horizon.
  std::optional<int> warn_in_days = {};
  std::optional<int> critical_in_days = {};
  // The probability of crossing warn / critical within model.within_days (empty without the
  // level or without orders to rate).
  std::optional<double> warn_probability = {};
  std::optional<double> critical_probability = {};
  // Why: bad events per day at the recent pace and at the baseline, the denominator's daily
  // inflow, and the bad / total events known to leave the window within model.within_days.
  double recent_bad_per_day = 0;
  double baseline_bad_per_day = 0;
  double denominator_per_day = 0;
  double leaving_bad = 0;
  double leaving_total = 0;
  // Bad events the orders already in the window are expected still to bring within the horizon
  // (defects reported weeks after the order).
  double maturing_bad = 0;
};

// One leading indicator: an unshipped order due soon, a message about to miss its reply SLA,
// or a dispute about to be lost for want of an answer.
struct AtRiskItem {
  std::string id;            // the order or message; for a dispute, its order
  core::Timestamp deadline;  // ship_by, received_at + 24 h, or the dispute's respond_by
  std::string note = {};     // a dispute's reason
};

// The engine's only way to read the store: when feedback or a claim changes the defect marks of
// an order the engine has not seen, it asks when that order was purchased.
using OrderLookup = std::function<std::optional<core::Timestamp>(const std::string& account,
                                                                 const std::string& order_id)>;

class MetricsEngine {
 public:
  explicit MetricsEngine(OrderLookup lookup);
  ~MetricsEngine();
  MetricsEngine(const MetricsEngine&) = delete;
  MetricsEngine& operator=(const MetricsEngine&) = delete;

  // Replaces an account's state with one built from all its events (start-up, status --at).
  void LoadAccount(const std::string& account, std::span<const core::Event> events);
  // One change the store applied: `before` is the version it replaced (empty for a new event).
  void Apply(const std::optional<core::Event>& before, const core::Event& after);

  // Every window metric of the catalogue, as ComputeAllMetrics would return it.
  std::vector<MetricValue> Compute(const std::string& account, core::Timestamp now) const;
  // Forecast of one rate metric; empty for non-rate metrics or unknown accounts.
  std::optional<Forecast> ForecastRate(const std::string& account, std::string_view metric,
                                       core::Direction direction, std::optional<double> warn,
                                       std::optional<double> critical, core::Timestamp now,
                                       int horizon_days = 14,
                                       const ForecastModel& model = {}) const;
  // Unshipped, uncancelled merchant orders with now <= ship_by <= now + lead, by deadline.
  std::vector<AtRiskItem> ShipDeadlinesAtRisk(const std::string& account, core::Timestamp now,
                                              core::Duration lead) const;
  // Unreplied messages with received_at <= now - lead and received_at + 24 h > now, by deadline.
  std::vector<AtRiskItem> RepliesAtRisk(const std::string& account, core::Timestamp now,
                                        core::Duration lead) const;
  // Open disputes whose seller response deadline is in [now, now + lead], by deadline.
  std::vector<AtRiskItem> DisputeDeadlinesAtRisk(const std::string& account, core::Timestamp now,
                                                 core::Duration lead) const;
  // Negative feedback (rating <= 2, not removed) received in [from, to): trend rules.
  double NegativeFeedbackBetween(const std::string& account, core::Timestamp from,
                                 core::Timestamp to) const;

  // The latest value the marketplace reported for a platform.* metric, if any.
  std::optional<std::string> PlatformStatus(const std::string& account,
                                            std::string_view metric) const;
  // Every platform.* value reported for the account (the latest of each), by name.
  std::vector<core::PlatformValue> PlatformValues(const std::string& account) const;

  // Engine snapshots (fast start-up): an account's whole state as bytes, and back. Restore
  // returns false, and leaves the account as it was, for damaged bytes or another format.
  static constexpr std::uint32_t kSnapshotFormat = 1;
  std::string SaveAccount(const std::string& account) const;
  bool RestoreAccount(const std::string& account, std::string_view bytes);
  // Drops an account's state (an account removed from the config, or owned by another shard).
  void ForgetAccount(const std::string& account);
  // Changes whenever anything the account's metrics depend on changes (Apply, LoadAccount,
  // RestoreAccount, Prune); 0 for an unknown account. Lets callers keep derived results.
  std::uint64_t ChangeStamp(const std::string& account) const;

  // Approximate heap bytes held for one account (benchmark and /metrics).
  std::size_t MemoryBytes(const std::string& account) const;

  // Retention: forgets everything whose reference time lies more than the longest window
  // + 30 days (90 days) before `now`; later changes to such events are ignored. Call it with
  // the store's own retention (hourly): the engine never reads a clock.
  void Prune(core::Timestamp now);
  // Removals that found nothing to remove since construction: a change whose `before` was
  // never applied. Always 0 when callers pass the true previous versions (tests check it).
  std::size_t MissedRemovals() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sellerwatch::metrics
