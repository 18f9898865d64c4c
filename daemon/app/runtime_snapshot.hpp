#pragma once

// What the daemon knows about itself, as plain data: the input of /metrics and /readyz. Taken
// on the io thread at request time, so the formatters that read it are pure functions.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/shard.hpp"
#include "core/time.hpp"
#include "notify/outbox_dispatcher.hpp"
#include "store/outbox_store.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::sources {
class Poller;
}

namespace sellerwatch::app {

// Counters the App keeps itself (the pollers and the dispatcher keep their own).
struct RuntimeCounters {
  std::uint64_t evaluations = 0;      // evaluation passes over every account
  std::uint64_t reload_failures = 0;  // SIGHUPs whose new config was refused
  // The metrics engine's view of the store: change-feed rows applied, and accounts loaded
  // from their events (no usable snapshot) or restored from a snapshot.
  std::uint64_t engine_changes_applied = 0;
  std::uint64_t engine_loads_from_events = 0;
  std::uint64_t engine_loads_from_snapshots = 0;
  std::uint64_t reloads = 0;  // SIGHUPs whose new config was applied
  std::size_t tasks = 0;      // long-running tasks now (pollers, loops): flat unless leaking
};

struct SourceSnapshot {
  std::string id;       // "account/source"
  std::string account;  // the two halves of the id
  std::string source;
  std::uint64_t polls = 0;
  std::uint64_t failures = 0;
  std::optional<core::Timestamp> last_success;
  bool down = false;  // failing or stale past its stale_after (the source_down meta-alert)
  std::string last_error = {};  // the last failed poll's reason (kept after a success)
  std::optional<core::Timestamp> last_error_at = {};
};

struct RuntimeSnapshot {
  std::string version;  // SELLERWATCH_VERSION
  core::Shard shard;    // the config's: which slice of the accounts this instance owns
  core::Timestamp now{};
  std::vector<SourceSnapshot> sources;
  RuntimeCounters counters;
  notify::DeliveryCounters delivery;
  std::optional<store::OutboxCounts> outbox;  // empty when the store could not be read
  std::optional<std::string> store_error;     // the store did not answer
  // The store answers but refuses writes (disk full): why, in words; unset while it takes them.
  std::optional<std::string> store_unwritable;
  std::uint64_t store_write_refusals = 0;  // writes refused for want of space since start
};

// One source's figures.
SourceSnapshot SnapshotOf(const sources::Poller& poller);

// The sources' snapshots (SnapshotOf each poller), the counters, and what the store says.
RuntimeSnapshot CollectRuntimeSnapshot(std::vector<SourceSnapshot> sources,
                                       const notify::DeliveryCounters& delivery,
                                       const RuntimeCounters& counters, store::Db& db,
                                       core::Timestamp now, const core::Shard& shard);

// Why the daemon is not ready (/readyz answers 503 with these lines); empty when it is: the
// config is loaded (always, while it runs), the store answers and takes writes, and no source
// is down.
std::vector<std::string> NotReadyReasons(const RuntimeSnapshot& snapshot);

}  // namespace sellerwatch::app
