#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/alert.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::store {

// A leg moves pending → sending → delivered | failed; a crash while sending leaves it
// `sending`, and start-up puts it back to pending (at-least-once: only that leg may repeat).
enum class LegStatus { kPending, kSending, kDelivered, kFailed };

std::string_view Name(LegStatus s);

// One (notification, receiver) delivery.
struct OutboxLeg {
  std::int64_t id = 0;  // assigned by Enqueue
  std::string key;      // idempotency key, unique: Message-ID for mail, webhook-id for webhooks
  std::string receiver;
  core::Notification notification;
  core::Timestamp created_at;
  int attempts = 0;
  core::Timestamp next_attempt_at;
  LegStatus status = LegStatus::kPending;
  std::string last_error;
  std::optional<core::Timestamp> finished_at;
  std::optional<std::int64_t> fallback_of;
  // A notification sent as several messages (chat receivers): how many of them earlier
  // attempts delivered, and the digest of the messages they were part of.
  int parts_delivered = 0;
  std::string parts_digest{};
};

struct OutboxCounts {
  std::int64_t pending = 0;  // includes legs waiting for a retry
  std::int64_t sending = 0;
  std::int64_t delivered = 0;
  std::int64_t failed = 0;
};

// The outbox table. Writes join the caller's transaction when one is open, so a notification
// is queued atomically with the state change that caused it.
class OutboxStore {
 public:
  explicit OutboxStore(Db& db) : db_(db) {}

  // Queues a leg; a leg whose key is already queued is left alone (returns nullopt).
  Result<std::optional<std::int64_t>> Enqueue(const OutboxLeg& leg);
  // Pending legs due at `now`, oldest first.
  Result<std::vector<OutboxLeg>> Due(core::Timestamp now, std::size_t limit);
  // When the earliest pending leg is due; nullopt when nothing is pending.
  Result<std::optional<core::Timestamp>> NextDue();
  Result<std::optional<OutboxLeg>> Find(std::int64_t id);
  // The newest `limit` legs of a notification group, whatever their status, newest first.
  Result<std::vector<OutboxLeg>> OfGroup(const std::string& group_key, std::size_t limit);
  // A receiver's legs queued at or after `since`, whatever their status, oldest first.
  Result<std::vector<OutboxLeg>> QueuedSince(const std::string& receiver, core::Timestamp since);

  // Committed before the send starts, so a crash mid-send is known afterwards.
  Result<void> MarkSending(std::int64_t id, core::Timestamp now);
  Result<void> MarkDelivered(std::int64_t id, core::Timestamp now);
  Result<void> Reschedule(std::int64_t id, core::Timestamp next_attempt_at,
                          const std::string& error);
  Result<void> MarkFailed(std::int64_t id, core::Timestamp now, const std::string& error);
  // Committed after each message of a split notification, before the next one is sent.
  Result<void> SaveParts(std::int64_t id, int delivered, const std::string& digest);
  // Start-up: legs left `sending` by a crash go back to pending, due now. Returns how many.
  Result<std::int64_t> RecoverInFlight(core::Timestamp now);
  // A wall-clock jump: unfinished legs' retry times and retry horizons move with it (a jump
  // forward neither sends every retry at once nor gives up on legs; one back does not stall).
  Result<void> ShiftUnfinished(core::Duration jump);

  Result<OutboxCounts> Counts();
  // Drops finished legs older than `before`.
  Result<std::int64_t> Prune(core::Timestamp before);

 private:
  Result<std::vector<OutboxLeg>> Query(const std::string& sql_tail,
                                       const std::function<void(Statement&)>& bind);
  Db& db_;
};

}  // namespace sellerwatch::store
