#pragma once

// Forecasts kept from one evaluation pass to the next. A forecast moves only when the account's
// events change or, slowly, as days pass; recomputing every rule's forecast on every pass is
// most of an agency-sized pass. The daemon's evaluator reuses one while the engine's change
// stamp of the account is the same, the levels and model are the same, and it is younger than
// kReuse; `status` and the API compute theirs fresh.

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "core/metric_catalog.hpp"
#include "core/time.hpp"
#include "metrics/metrics_engine.hpp"

namespace sellerwatch::rules {

struct ForecastQuery {
  std::uint64_t stamp = 0;  // MetricsEngine::ChangeStamp of the account
  std::string metric;
  core::Direction direction = core::Direction::kAbove;
  std::optional<double> warn, critical;
  metrics::ForecastModel model;
  bool operator==(const ForecastQuery&) const = default;
};

class ForecastCache {
 public:
  static constexpr core::Duration kReuse = std::chrono::hours(1);

  const metrics::Forecast* Find(const std::string& account, const std::string& rule,
                                const ForecastQuery& query, core::Timestamp now);
  void Put(const std::string& account, const std::string& rule, const ForecastQuery& query,
           core::Timestamp now, metrics::Forecast forecast);
  // Forgets what the last pass did not ask for (removed accounts and rules).
  void EndPass();
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    ForecastQuery query;
    core::Timestamp computed_at;
    metrics::Forecast forecast;
    std::uint64_t pass = 0;
  };
  std::map<std::pair<std::string, std::string>, Entry, std::less<>> entries_;
  std::uint64_t pass_ = 1;
};

}  // namespace sellerwatch::rules
