// WriteHealth, the store's view of a full disk: the backoff between tries, what the operator
// hears (once, then a reminder every few minutes, then once "again"), and a flapping store.

#include "store/write_health.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace sellerwatch::store {
namespace {

using namespace std::chrono_literals;
using Notice = WriteHealth::Notice;

const SteadyTime kT0 = SteadyTime(1000h);

TEST(WriteHealthTest, TriesBackOffFromOneSecondToAMinute) {
  std::vector<std::chrono::milliseconds> delays;
  for (int round = 1; round <= 9; ++round) delays.push_back(FullRetryDelay(round));
  EXPECT_EQ(delays,
            (std::vector<std::chrono::milliseconds>{1s, 2s, 4s, 8s, 16s, 32s, 60s, 60s, 60s}));
  EXPECT_EQ(FullRetryDelay(1'000'000), 60s);
}

TEST(WriteHealthTest, AFullStoreIsAnnouncedOnceAndLetsOneTryThroughPerStep) {
  WriteHealth h;
  EXPECT_TRUE(h.MayTry(kT0));
  EXPECT_EQ(h.Refused("database or disk is full", kT0), Notice::kFull);
  EXPECT_TRUE(h.full());
  EXPECT_EQ(h.reason(), "database or disk is full");
  EXPECT_FALSE(h.MayTry(kT0));
  EXPECT_FALSE(h.MayTry(kT0 + 999ms));
  // Another write already under way fails in the same step: no new step, nothing to say.
  EXPECT_EQ(h.Refused("database or disk is full", kT0 + 10ms), Notice::kRefused);
  EXPECT_EQ(h.next_try(), kT0 + 1s);
  EXPECT_TRUE(h.MayTry(kT0 + 1s));
  // The step's try fails: the next waits twice as long.
  EXPECT_EQ(h.Refused("database or disk is full", kT0 + 1s), Notice::kRefused);
  EXPECT_EQ(h.next_try(), kT0 + 3s);
  EXPECT_EQ(h.Refused("database or disk is full", kT0 + 3s), Notice::kRefused);
  EXPECT_EQ(h.next_try(), kT0 + 7s);
  EXPECT_EQ(h.refusals(), 4u);
}

TEST(WriteHealthTest, ALongFullSpellIsRemindedEveryFiveMinutesAndEndsWithOneLine) {
  WriteHealth h;
  EXPECT_EQ(h.Refused("full", kT0), Notice::kFull);
  std::vector<Notice> notices;
  // A try every minute (the backoff's cap) for eleven minutes.
  for (int minute = 1; minute <= 11; ++minute) {
    notices.push_back(h.Refused("full", kT0 + std::chrono::minutes(minute)));
  }
  EXPECT_EQ(std::count(notices.begin(), notices.end(), Notice::kStillFull), 2);
  EXPECT_EQ(notices[4], Notice::kStillFull);  // at 5 min
  EXPECT_EQ(notices[9], Notice::kStillFull);  // at 10 min
  EXPECT_EQ(h.Written(kT0 + 12min), Notice::kWritableAgain);
  EXPECT_FALSE(h.full());
  EXPECT_TRUE(h.MayTry(kT0 + 12min));
  EXPECT_EQ(h.since(), kT0);
  EXPECT_EQ(h.Written(kT0 + 13min), Notice::kNone);
}

TEST(WriteHealthTest, AFlappingStoreIsAnnouncedAtMostEveryFiveMinutes) {
  WriteHealth h;
  EXPECT_EQ(h.Refused("full", kT0), Notice::kFull);
  EXPECT_EQ(h.Written(kT0 + 10s), Notice::kWritableAgain);
  // Full again soon after (a small write fitted where a large one did not): the store backs
  // off again from one second, but the operator already knows.
  EXPECT_EQ(h.Refused("full", kT0 + 20s), Notice::kRefused);
  EXPECT_TRUE(h.full());
  EXPECT_EQ(h.next_try(), kT0 + 21s);
  EXPECT_EQ(h.Written(kT0 + 30s), Notice::kNone);  // its "full" was never said
  EXPECT_EQ(h.Refused("full", kT0 + 6min), Notice::kFull);
  EXPECT_EQ(h.Written(kT0 + 7min), Notice::kWritableAgain);
}

}  // namespace
}  // namespace sellerwatch::store
