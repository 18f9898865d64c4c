#pragma once

// The benchmark's peer: the same window metrics computed by SQL GROUP BY account queries over
// the same SQLite data. To make it a fair peer the data is denormalized into tables that already
// hold each order's flags (what the engine's contribution vector holds: merchant, seller-
// cancelled, defect, late, tracked, on time, ...) with a covering index per reference time, so
// SQL only filters and aggregates — one query per metric family.

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/event.hpp"
#include "core/time.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::bench {

// Numerator and denominator per metric name, for one account.
struct PeerValue {
  std::optional<double> numerator;
  double denominator = 0;
  std::optional<double> value;
};
using PeerMetrics = std::unordered_map<std::string, std::map<std::string, PeerValue>>;

struct PeerTiming {
  std::string query;
  std::chrono::duration<double, std::milli> elapsed;
  std::size_t rows = 0;
};

class SqlPeer {
 public:
  explicit SqlPeer(store::Db& db) : db_(db) {}

  store::Result<void> CreateTables();
  // Inserts the denormalized rows of one account's events (call inside a transaction).
  store::Result<void> Insert(const std::string& account, const std::vector<core::Event>& events);
  store::Result<void> Analyze();
  // Runs every family query once; fills `out` (account → metric → value) and the timings.
  store::Result<void> Compute(core::Timestamp now, PeerMetrics& out,
                              std::vector<PeerTiming>& timings);

 private:
  store::Db& db_;
};

}  // namespace sellerwatch::bench
