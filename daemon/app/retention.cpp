#include "app/retention.hpp"

#include "store/event_store.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::app {

std::optional<PruneCutoffs> PruneDue(std::optional<core::Timestamp> last_prune,
                                     core::Timestamp now) {
  if (last_prune && now - *last_prune < kPruneEvery) return std::nullopt;
  return PruneCutoffs{now - store::kEventRetention, now - kOutboxRetention};
}

Retention::Retention(store::Db& db, metrics::MetricsEngine& engine,
                     std::shared_ptr<spdlog::logger> log)
    : db_(db), engine_(engine), log_(std::move(log)) {}

void Retention::PruneIfDue(core::Timestamp now) {
  auto cutoffs = PruneDue(last_prune_, now);
  if (!cutoffs) return;
  last_prune_ = now;
  engine_.Prune(now);  // the engine derives the same cutoff: it never reads a clock
  // A full disk was reported once by the store: the hourly prune says so at debug level.
  auto level = [](const core::Error& e) {
    return core::IsStoreFull(e) ? spdlog::level::debug : spdlog::level::err;
  };
  if (auto r = store::OutboxStore(db_).Prune(cutoffs->outbox); !r) {
    log_->log(level(r.error()), "retention: outbox: {}", r.error().message);
  }
  auto dropped = store::EventStore(db_).Prune(cutoffs->events);
  if (!dropped) {
    log_->log(level(dropped.error()), "retention: {}", dropped.error().message);
  } else if (*dropped > 0) {
    log_->info("retention: dropped {} events older than {} days", *dropped,
               store::kEventRetention / core::kDay);
  }
}

}  // namespace sellerwatch::app
