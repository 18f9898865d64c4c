// Retention: when a prune is due and what it drops, as a table; then one store and engine
// pruned hourly: old events and long-finished notifications go, the rest stays.

#include "app/retention.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>

#include "core/event_json.hpp"
#include "fakes/event_builders.hpp"
#include "fakes/temp_dir.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::app {
namespace {

using namespace std::chrono_literals;
using core::kDay;

const core::Timestamp kNow = test::TestNow();

TEST(PruneDue, HourlyWithTheCutoffsOfNow) {
  const PruneCutoffs at_now{kNow - 90 * kDay, kNow - 30 * kDay};
  struct Case {
    const char* what;
    std::optional<core::Timestamp> last;
    std::optional<PruneCutoffs> due;
  };
  for (const Case& c : {
           Case{"never pruned", std::nullopt, at_now},
           Case{"pruned a minute ago", kNow - 1min, std::nullopt},
           Case{"pruned 59 minutes ago", kNow - 59min, std::nullopt},
           Case{"pruned an hour ago", kNow - 1h, at_now},
           Case{"pruned yesterday", kNow - kDay, at_now},
           Case{"the clock went back", kNow + 10min, std::nullopt},
       }) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(PruneDue(c.last, kNow), c.due);
  }
}

class RetentionTest : public ::testing::Test {
 protected:
  // An order purchased at `at`, in the store and the engine.
  void Order(const std::string& id, core::Timestamp at) {
    core::Event order = test::OrderAt(id, at).ShipBy(at + kDay);
    std::vector<core::ParsedEvent> batch = {{order, core::EncodeEvent(order)}};
    ASSERT_TRUE(store::EventStore(*db_).UpsertAtomically(batch));
    engine_.Apply(std::nullopt, order);
  }
  // A delivered notification that finished at `at`.
  void Delivered(const std::string& key, core::Timestamp at) {
    store::OutboxLeg leg;
    leg.key = key;
    leg.receiver = "ops";
    leg.notification = {"ops", "group", at, {}};
    leg.created_at = at;
    leg.next_attempt_at = at;
    auto id = store::OutboxStore(*db_).Enqueue(leg);
    ASSERT_TRUE(id && *id);
    ASSERT_TRUE(store::OutboxStore(*db_).MarkDelivered(**id, at));
  }
  std::int64_t Events() { return store::EventStore(*db_).Count(test::kTestAccount).value(); }
  std::int64_t Finished() {
    auto counts = store::OutboxStore(*db_).Counts().value();
    return counts.delivered + counts.failed;
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Db> db_ = store::OpenStore(dir_.File("state")).value();
  metrics::MetricsEngine engine_{
      [](const std::string&, const std::string&) { return std::optional<core::Timestamp>(); }};
  Retention retention_{*db_, engine_,
                       std::make_shared<spdlog::logger>(
                           "retention", std::make_shared<spdlog::sinks::null_sink_st>())};
};

TEST_F(RetentionTest, DropsWhatNoWindowReachesOncePerHour) {
  Order("old", kNow - 100 * kDay);
  Order("recent", kNow - 2 * kDay);
  Delivered("long-ago", kNow - 40 * kDay);
  Delivered("last-week", kNow - 7 * kDay);
  const std::size_t engine_bytes = engine_.MemoryBytes(test::kTestAccount);

  retention_.PruneIfDue(kNow);
  EXPECT_EQ(Events(), 1);
  EXPECT_EQ(Finished(), 1);
  EXPECT_LT(engine_.MemoryBytes(test::kTestAccount), engine_bytes);

  // Within the hour nothing more goes; after it, what has aged out since does.
  Order("aged", kNow - 95 * kDay);
  retention_.PruneIfDue(kNow + 30min);
  EXPECT_EQ(Events(), 2);
  retention_.PruneIfDue(kNow + 1h);
  EXPECT_EQ(Events(), 1);
}

}  // namespace
}  // namespace sellerwatch::app
