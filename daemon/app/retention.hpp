#pragma once

// Retention (DESIGN.md §3.1): once an hour, drop the events no window can reach any more (from
// the store and the metrics engine) and the notifications finished long ago.

#include <spdlog/logger.h>

#include <memory>
#include <optional>

#include "core/time.hpp"
#include "metrics/metrics_engine.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::app {

inline constexpr core::Duration kPruneEvery = std::chrono::hours(1);
// Delivered and failed notifications are kept this long, for troubleshooting.
inline constexpr core::Duration kOutboxRetention = 30 * core::kDay;

// What a prune at `now` drops: what lies before these.
struct PruneCutoffs {
  core::Timestamp events;  // by reference time
  core::Timestamp outbox;  // by when the leg finished
  bool operator==(const PruneCutoffs&) const = default;
};

// Nothing when the last prune was less than kPruneEvery ago.
std::optional<PruneCutoffs> PruneDue(std::optional<core::Timestamp> last_prune,
                                     core::Timestamp now);

class Retention {
 public:
  Retention(store::Db& db, metrics::MetricsEngine& engine, std::shared_ptr<spdlog::logger> log);

  // Prunes when PruneDue says so; store errors are logged, the next prune tries again.
  void PruneIfDue(core::Timestamp now);

 private:
  store::Db& db_;
  metrics::MetricsEngine& engine_;
  std::shared_ptr<spdlog::logger> log_;
  std::optional<core::Timestamp> last_prune_;
};

}  // namespace sellerwatch::app
