#include "app/runtime_snapshot.hpp"

#include "app/store_writes.hpp"
#include "sources/poller.hpp"

namespace sellerwatch::app {

SourceSnapshot SnapshotOf(const sources::Poller& poller) {
  SourceSnapshot s;
  s.id = poller.id();
  auto slash = s.id.find('/');
  s.account = s.id.substr(0, slash);
  s.source = slash == std::string::npos ? "" : s.id.substr(slash + 1);
  s.polls = poller.polls();
  s.failures = poller.failures();
  s.last_success = poller.last_success();
  s.down = poller.down();
  s.last_error = poller.last_error();
  s.last_error_at = poller.last_error_at();
  return s;
}

RuntimeSnapshot CollectRuntimeSnapshot(std::vector<SourceSnapshot> sources,
                                       const notify::DeliveryCounters& delivery,
                                       const RuntimeCounters& counters, store::Db& db,
                                       core::Timestamp now, const core::Shard& shard) {
  RuntimeSnapshot s;
  s.version = SELLERWATCH_VERSION;
  s.shard = shard;
  s.now = now;
  s.sources = std::move(sources);
  s.counters = counters;
  s.delivery = delivery;
  if (auto outbox = store::OutboxStore(db).Counts()) {
    s.outbox = *outbox;
  } else {
    s.store_error = outbox.error().message;
  }
  s.store_unwritable = StoreUnwritableReason(db, std::chrono::steady_clock::now());
  s.store_write_refusals = db.write_health().refusals();
  return s;
}

std::vector<std::string> NotReadyReasons(const RuntimeSnapshot& snapshot) {
  std::vector<std::string> reasons;
  if (snapshot.store_error) reasons.push_back("store: " + *snapshot.store_error);
  if (snapshot.store_unwritable) reasons.push_back(*snapshot.store_unwritable);
  for (const auto& s : snapshot.sources) {
    if (s.down) reasons.push_back("source " + s.id + " is down");
  }
  return reasons;
}

}  // namespace sellerwatch::app
