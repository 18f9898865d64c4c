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

// Where a rate is heading: the window value projected for each of the next `horizon` days
// from the events known to leave the window that day plus inflow at the trailing 14-day daily
// rates, and the first day it reaches warn / critical.
struct Forecast {
  std::vector<std::optional<double>> projected;  // [0] = tomorrow (now + 1 day), ...
  std::optional<int> warn_in_days;               // 1..horizon, empty: not within the horizon
  std::optional<int> critical_in_days;
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
                                       int horizon_days = 14) const;
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
