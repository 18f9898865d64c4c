#pragma once

// Whether the store takes writes, as the writes themselves find it. store::Db feeds it from
// every statement's result code: a write refused for want of disk space (SQLITE_FULL, or an I/O
// error with ENOSPC/EDQUOT) makes the store full, the next committed write makes it writable
// again. Pure: it is handed the time, and says what to tell the operator rather than logging.
//
// While full, writers try only once per backoff step (1 s, 2 s, 4 s … at most 60 s), whoever
// comes first (MayTry), so a full disk costs a few failed attempts a minute instead of a busy
// loop, and the daemon resumes by itself when space returns.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace sellerwatch::store {

using SteadyTime = std::chrono::steady_clock::time_point;

inline constexpr std::chrono::milliseconds kFullRetryFirst = std::chrono::seconds(1);
inline constexpr std::chrono::milliseconds kFullRetryMax = std::chrono::seconds(60);
// A store still full is mentioned again this often; a store that flaps (a small write fits
// where a large one did not) is announced full at most this often.
inline constexpr std::chrono::milliseconds kFullRemindEvery = std::chrono::minutes(5);

// The wait before the `round`-th try (1-based) since the store became full.
std::chrono::milliseconds FullRetryDelay(int round);

class WriteHealth {
 public:
  // What the operator should hear about a change (the Db's listener logs it).
  enum class Notice {
    kNone,           // nothing (a write while writable)
    kFull,           // the store just stopped taking writes: one error line
    kStillFull,      // a reminder, at most every kFullRemindEvery: an error line
    kRefused,        // one more refused write, already announced: debug
    kWritableAgain,  // writes work again after an announced full store: one info line
  };

  // A write was refused for want of space at `now`; `why` is SQLite's message.
  Notice Refused(const std::string& why, SteadyTime now);
  // A write was committed at `now`.
  Notice Written(SteadyTime now);

  bool full() const { return full_; }
  // Whether a writer may try now: always while writable; while full, once the current
  // backoff step has passed (the first writer to try and fail starts the next step).
  bool MayTry(SteadyTime now) const { return !full_ || now >= next_try_; }
  // While full, when writers may try next.
  SteadyTime next_try() const { return next_try_; }
  // When the store last became full (also after it recovered, for the "again" line).
  SteadyTime since() const { return since_; }
  // SQLite's words for the last refusal ("database or disk is full").
  const std::string& reason() const { return reason_; }
  // Writes refused for want of space since the process started.
  std::uint64_t refusals() const { return refusals_; }

 private:
  bool full_ = false;
  SteadyTime since_{};
  SteadyTime next_try_{};
  int round_ = 0;
  std::string reason_;
  std::uint64_t refusals_ = 0;
  std::optional<SteadyTime> announced_at_;  // the last kFull or kStillFull
  bool announced_ = false;                  // the operator was told "full" and not "again"
};

}  // namespace sellerwatch::store
