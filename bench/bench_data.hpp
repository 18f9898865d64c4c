#pragma once

// Deterministic synthetic seller data for the metrics benchmark: `accounts` accounts with
// `days` days of `orders_per_day` orders each, plus ~5 % feedback, ~0.5 % claims and ~10 %
// buyer messages. Every order's events derive from a hash of (seed, account, day, index), so one
// order can be regenerated on its own (the incremental cycle updates existing orders).

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/event.hpp"
#include "core/event_json.hpp"
#include "core/time.hpp"

namespace sellerwatch::bench {

struct Scale {
  int accounts = 10'000;
  int days = 60;
  int orders_per_day = 10;
  int incremental_events = 1'000;
  std::uint64_t seed = 1;
};

// --accounts, --days and --orders-per-day (or SW_BENCH_*), with `accounts` as the default count.
Scale ScaleFromFlags(int argc, char** argv, int accounts);

// The instant the benchmark evaluates at: 2026-11-01T13:37:00Z (not a midnight, so every
// window has two partial edge days).
core::Timestamp BenchNow();
std::string AccountName(int index);

// Small, fast, deterministic: splitmix64.
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next();
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Unit() < p; }
  std::int64_t Range(std::int64_t lo, std::int64_t hi);  // inclusive
  core::Duration Between(core::Duration lo, core::Duration hi) {
    return core::Duration(Range(lo.count(), hi.count()));
  }

 private:
  std::uint64_t state_;
};

// The events of order `index` of day `day` (0 = oldest) of an account, as known at `now`: the
// order, and possibly a feedback, a claim and a message about it.
void GenerateOrder(const Scale& scale, int account, int day, int index, core::Timestamp now,
                   std::vector<core::Event>& out);
std::vector<core::Event> GenerateAccount(const Scale& scale, int account, core::Timestamp now);

// `scale.incremental_events` new or updated events at `now` for cycle `cycle`: new orders,
// shipments and deliveries of recent orders, new feedback (some negative, which refiles an order),
// claims, new messages and replies.
std::vector<core::ParsedEvent> IncrementalBatch(const Scale& scale, int cycle, core::Timestamp now);

core::ParsedEvent WithPayload(core::Event e);

struct WrittenEvents {
  std::size_t events = 0;
  std::size_t orders = 0;
};
// Every account's events as of `now`, one normalized JSONL line each, into `file`.
WrittenEvents WriteJsonl(const Scale& scale, core::Timestamp now,
                         const std::filesystem::path& file);

}  // namespace sellerwatch::bench
