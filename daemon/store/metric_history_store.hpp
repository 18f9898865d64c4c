#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/metric_value.hpp"
#include "core/time.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::store {

// One daily snapshot of one metric.
struct MetricHistoryPoint {
  std::int64_t day = 0;  // days since the Unix epoch, UTC
  std::optional<double> value;
  std::optional<double> numerator;
  double denominator = 0;

  bool operator==(const MetricHistoryPoint&) const = default;
};

// The metric_history table: one row per (account, metric, UTC day) for charts, the weekly digest
// and forecasts. Saving again on the same day replaces that day's row, so the last evaluation of
// a day is what the day keeps.
class MetricHistoryStore {
 public:
  explicit MetricHistoryStore(Db& db) : db_(db) {}

  // The UTC day of an instant, rounding towards the past.
  static std::int64_t DayOf(core::Timestamp t);

  // Upserts every value under (account, value.info.name, day). Atomic: inside the caller's
  // transaction when one is open, otherwise in a transaction of its own.
  Result<void> Save(const std::string& account, std::int64_t day,
                    std::span<const core::MetricValue> values);
  // One metric's snapshots with from_day <= day <= to_day (both inclusive), oldest first.
  Result<std::vector<MetricHistoryPoint>> Load(const std::string& account, std::string_view metric,
                                               std::int64_t from_day, std::int64_t to_day);
  // Drops every snapshot of a day before `before_day` (retention); returns how many.
  Result<std::int64_t> Prune(std::int64_t before_day);

 private:
  Result<void> SaveRows(const std::string& account, std::int64_t day,
                        std::span<const core::MetricValue> values);

  Db& db_;
};

}  // namespace sellerwatch::store
