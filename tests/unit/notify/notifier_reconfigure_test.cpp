// A config reload keeps what the receivers were told: groups whose grouping did not change
// keep their state (no second notice), a receiver added to a route hears the alerts that are
// firing, and a route that changed announces them anew.

#include <gtest/gtest.h>

#include "app/logs.hpp"
#include "config/loader.hpp"
#include "fakes/temp_dir.hpp"
#include "notify/notifier.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::notify {
namespace {

using namespace std::chrono_literals;

const core::Timestamp kNow = *core::ParseRfc3339("2026-11-20T00:00:00Z");

class NotifierReconfigureTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = *store::OpenStore(dir_.File("state")); }

  std::shared_ptr<const config::Config> Config(const std::string& routes) {
    auto loaded = config::ParseConfig(
        "daemon: {state_dir: " + dir_.File("state") +
            "}\n"
            "accounts: [{id: shop, marketplace: amazon}]\n"
            "routes: " +
            routes +
            "\n"
            "receivers: [{name: a, console: {}}, {name: b, console: {}}, {name: c, console: {}}]\n",
        "test.yaml");
    EXPECT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].Format());
    return loaded.config;
  }

  static core::Alert Firing(const std::string& rule) {
    core::Alert a;
    a.labels = {{"account", "shop"}, {"rule", rule}, {"severity", "critical"}};
    a.state = core::AlertState::kFiring;
    a.severity = core::Severity::kCritical;
    a.starts_at = kNow;
    return a;
  }

  // Receivers of the legs queued since the last call, sorted.
  std::vector<std::string> NewLegs() {
    auto due = store::OutboxStore(*db_).Due(kNow + 24h, 1000);
    EXPECT_TRUE(due);
    std::vector<std::string> receivers;
    for (const auto& leg : *due) {
      if (seen_.insert(leg.id).second) receivers.push_back(leg.receiver);
    }
    std::sort(receivers.begin(), receivers.end());
    return receivers;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Db> db_;
  app::Logs logs_{"off"};
  std::set<std::int64_t> seen_;
};

TEST_F(NotifierReconfigureTest, AddedReceiverHearsFiringAlertsOthersAreNotToldTwice) {
  auto before = Config("[{match: {}, receivers: [a], group_wait: 0s}]");
  auto notifier = *Notifier::Create(before, *db_, logs_.Get("notify"));
  ASSERT_TRUE(notifier->Accept(Firing("odr"), kNow));
  ASSERT_TRUE(notifier->FlushDue(kNow));
  EXPECT_EQ(NewLegs(), std::vector<std::string>{"a"});

  // The route moves down the list and gains a receiver.
  auto after = Config(
      "[{match: {team: other}, receivers: [c]},"
      " {match: {}, receivers: [a, b], group_wait: 0s}]");
  ASSERT_TRUE(notifier->Reconfigure(after, kNow + 1min));
  ASSERT_TRUE(notifier->FlushDue(kNow + 1min));
  EXPECT_EQ(NewLegs(), std::vector<std::string>{"b"});

  // A restart after the reload reads the groups back under their new keys: still quiet.
  auto restarted = *Notifier::Create(after, *db_, logs_.Get("notify"));
  ASSERT_TRUE(restarted->FlushDue(kNow + 2min, /*all=*/true));
  EXPECT_TRUE(NewLegs().empty());
}

TEST_F(NotifierReconfigureTest, ChangedGroupingAnnouncesOpenAlertsAnew) {
  auto before = Config("[{match: {}, receivers: [a], group_wait: 0s}]");
  auto notifier = *Notifier::Create(before, *db_, logs_.Get("notify"));
  ASSERT_TRUE(notifier->Accept(Firing("odr"), kNow));
  ASSERT_TRUE(notifier->FlushDue(kNow));
  EXPECT_EQ(NewLegs(), std::vector<std::string>{"a"});

  auto after = Config("[{match: {}, receivers: [a], group_by: [rule], group_wait: 30s}]");
  ASSERT_TRUE(notifier->Reconfigure(after, kNow + 1min));
  ASSERT_TRUE(notifier->FlushDue(kNow + 1min));
  EXPECT_TRUE(NewLegs().empty());  // the new group waits group_wait first
  ASSERT_TRUE(notifier->FlushDue(kNow + 1min + 30s));
  EXPECT_EQ(NewLegs(), std::vector<std::string>{"a"});
}

TEST_F(NotifierReconfigureTest, RemovedReceiverLosesItsGroupOthersStay) {
  auto before = Config("[{match: {}, receivers: [a, b], group_wait: 0s}]");
  auto notifier = *Notifier::Create(before, *db_, logs_.Get("notify"));
  ASSERT_TRUE(notifier->Accept(Firing("odr"), kNow));
  ASSERT_TRUE(notifier->FlushDue(kNow));
  EXPECT_EQ(NewLegs(), (std::vector<std::string>{"a", "b"}));

  auto after = Config("[{match: {}, receivers: [a], group_wait: 0s}]");
  ASSERT_TRUE(notifier->Reconfigure(after, kNow + 1min));
  ASSERT_TRUE(notifier->FlushDue(kNow + 1min, /*all=*/true));
  EXPECT_TRUE(NewLegs().empty());

  // Resolving later tells the receiver that is left, once.
  core::Alert resolved = Firing("odr");
  resolved.state = core::AlertState::kResolved;
  resolved.ends_at = kNow + 2min;
  ASSERT_TRUE(notifier->Accept(resolved, kNow + 2min));
  ASSERT_TRUE(notifier->FlushDue(kNow + 10min));
  EXPECT_EQ(NewLegs(), std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace sellerwatch::notify
