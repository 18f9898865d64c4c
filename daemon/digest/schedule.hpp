#pragma once

// When the weekly digest goes out (DESIGN.md §1.6): pure functions of (config, last sent, now).
//
// Semantics (DESIGN says "DST-correct" and "the missed digest once on start"; the rest is ours):
// - Each `schedule` entry ("Sat 09:00") names a local wall-clock time in `timezone` (empty or
//   unknown → UTC) every week. All entries together form one series of slots.
// - A local time that does not exist (spring-forward gap) happens at the instant the clocks
//   jump, i.e. the first instant after the gap. A local time that exists twice (fall-back)
//   happens at its first occurrence only. This is the convention of notify/quiet_hours.
// - Two entries that land on the same instant are one slot.
// - Due() sends the latest slot <= now when it is newer than the last slot sent to that
//   receiver. So a daemon that was down over one or several slots sends one digest on start,
//   for the latest missed slot only, and a restart after sending sends nothing.
// - With no record (first start, or a receiver newly added), a slot is sent only if it is at
//   most kFirstStartGrace old: a daemon installed on Tuesday does not send Saturday's digest.
//   With a record, the latest missed slot is sent however late (at most a week, since a
//   newer slot would replace it).

#include <optional>

#include "config/config.hpp"
#include "core/time.hpp"

namespace sellerwatch::digest {

// How late a digest may go out when no digest was ever recorded for the receiver.
inline constexpr core::Duration kFirstStartGrace = core::kDay;

struct DigestDecision {
  std::optional<core::Timestamp> send_slot;  // the slot to serve now; nullopt: nothing to send
  core::Timestamp next_check;                // when to call Due() again
  bool operator==(const DigestDecision&) const = default;
};

// The first slot strictly after `after`; nullopt when the schedule is empty.
std::optional<core::Timestamp> NextSlot(const config::DigestConfig& digest, core::Timestamp after);

// The most recent slot at or before `now`, looking back at most 8 days; nullopt when the
// schedule is empty.
std::optional<core::Timestamp> LatestSlotAtOrBefore(const config::DigestConfig& digest,
                                                    core::Timestamp now);

// What to do at `now` given the last slot served to a receiver (DigestStore::LastSlot). After
// sending, record `send_slot` with DigestStore::MarkSent in the transaction that enqueues the
// digest. `next_check` is the next slot (now + 1 day when the schedule is empty, so a caller
// that ignores emptiness still does not spin).
DigestDecision Due(const config::DigestConfig& digest,
                   std::optional<core::Timestamp> last_slot_sent, core::Timestamp now);

}  // namespace sellerwatch::digest
