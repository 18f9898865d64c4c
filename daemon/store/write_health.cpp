#include "store/write_health.hpp"

#include <algorithm>

namespace sellerwatch::store {

std::chrono::milliseconds FullRetryDelay(int round) {
  if (round <= 1) return kFullRetryFirst;
  // Doubling stops at the cap long before the shift could overflow.
  int shift = std::min(round - 1, 16);
  return std::min<std::chrono::milliseconds>(kFullRetryFirst * (1LL << shift), kFullRetryMax);
}

WriteHealth::Notice WriteHealth::Refused(const std::string& why, SteadyTime now) {
  ++refusals_;
  reason_ = why;
  if (!full_) {
    full_ = true;
    since_ = now;
    round_ = 1;
    next_try_ = now + FullRetryDelay(round_);
    // A store that flaps (a small write fits where a large one did not) is announced full at
    // most once per kFullRemindEvery.
    if (announced_at_ && now - *announced_at_ < kFullRemindEvery) return Notice::kRefused;
    announced_at_ = now;
    announced_ = true;
    return Notice::kFull;
  }
  // A refusal after the step passed was this step's try: the next one waits longer. One
  // within the step (a write already under way) changes nothing.
  if (now >= next_try_) next_try_ = now + FullRetryDelay(++round_);
  if (!announced_at_ || now - *announced_at_ >= kFullRemindEvery) {
    announced_at_ = now;
    announced_ = true;
    return Notice::kStillFull;
  }
  return Notice::kRefused;
}

WriteHealth::Notice WriteHealth::Written(SteadyTime) {
  if (!full_) return Notice::kNone;
  full_ = false;
  round_ = 0;
  if (!announced_) return Notice::kNone;
  announced_ = false;
  return Notice::kWritableAgain;
}

}  // namespace sellerwatch::store
