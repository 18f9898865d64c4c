#include "app/store_writes.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/time.hpp"

namespace sellerwatch::app {
namespace {

std::string Since(const store::WriteHealth& health, std::chrono::steady_clock::time_point now) {
  auto d = std::chrono::duration_cast<core::Duration>(now - health.since());
  return core::FormatDuration(std::chrono::duration_cast<std::chrono::seconds>(d));
}

std::string NextTry(const store::WriteHealth& health, std::chrono::steady_clock::time_point now) {
  auto d = std::chrono::duration_cast<std::chrono::seconds>(health.next_try() - now);
  return core::FormatDuration(std::max(d, std::chrono::seconds(0)));
}

}  // namespace

void LogWriteHealth(spdlog::logger& log, store::WriteHealth::Notice notice, const store::Db& db,
                    std::chrono::steady_clock::time_point now) {
  const store::WriteHealth& health = db.write_health();
  using Notice = store::WriteHealth::Notice;
  switch (notice) {
    case Notice::kNone:
      return;
    case Notice::kFull:
      log.error(
          "store {} cannot be written: disk full ({}). sellerwatch keeps what it has stored, "
          "tries again after 1 s, then less often (at most once a minute), and carries on by "
          "itself once there is space: free some on the filesystem of the state directory",
          db.path(), health.reason());
      return;
    case Notice::kStillFull:
      log.error("store {} still cannot be written: disk full ({}) for {}, {} writes refused",
                db.path(), health.reason(), Since(health, now), health.refusals());
      return;
    case Notice::kRefused:
      log.debug("store {}: a write was refused, disk full ({}); next try in {}", db.path(),
                health.reason(), NextTry(health, now));
      return;
    case Notice::kWritableAgain:
      log.info("store {} can be written again (it was full for {}): carrying on", db.path(),
               Since(health, now));
      return;
  }
}

std::optional<std::string> StoreUnwritableReason(const store::Db& db,
                                                 std::chrono::steady_clock::time_point now) {
  const store::WriteHealth& health = db.write_health();
  if (!health.full()) return std::nullopt;
  return fmt::format(
      "store {} cannot be written: disk full ({}) for {}; sellerwatch carries on by itself once "
      "there is space",
      db.path(), health.reason(), Since(health, now));
}

}  // namespace sellerwatch::app
