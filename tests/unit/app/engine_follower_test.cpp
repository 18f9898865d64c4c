// The engine kept equal to the store through the change feed: random histories written in
// random batches (by this connection and by "another process"), applied in random slices while
// writes keep landing, snapshots saved midway, then a second follower starting from those
// snapshots and the feed, and a cold engine loaded from the events: all three agree with the
// reference formulas.

#include "app/engine_follower.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <random>

#include "core/event_json.hpp"
#include "fakes/temp_dir.hpp"
#include "metrics/account_events.hpp"
#include "metrics/window_metrics.hpp"
#include "store/engine_snapshot_store.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"
#include "unit/metrics/random_history.hpp"

namespace sellerwatch::app {
namespace {

std::shared_ptr<spdlog::logger> NullLog() {
  return std::make_shared<spdlog::logger>("test", std::make_shared<spdlog::sinks::null_sink_mt>());
}

struct Follower {
  std::unique_ptr<metrics::MetricsEngine> engine;
  std::unique_ptr<EngineFollower> follower;

  explicit Follower(store::Db& db) {
    engine = std::make_unique<metrics::MetricsEngine>(
        [&db](const std::string& account, const std::string& id) {
          auto found = store::EventStore(db).OrderPurchasedAt(account, id);
          return found ? *found : std::nullopt;
        });
    auto feed = store::EventFeed::Open(db);
    EXPECT_TRUE(feed) << feed.error().message;
    follower = std::make_unique<EngineFollower>(db, std::move(*feed), *engine, NullLog());
  }
};

// Stores the versions the event format accepts (the random histories also hold some it refuses,
// e.g. a reply before its message, which the reference formulas take but no source delivers).
void Write(store::Db& db, const std::vector<core::Event>& batch) {
  std::vector<core::ParsedEvent> parsed;
  for (const auto& e : batch) {
    std::string payload = core::EncodeEvent(e);
    if (core::DecodeEvent(payload)) parsed.push_back({e, std::move(payload)});
  }
  auto counts = store::EventStore(db).UpsertAtomically(parsed);
  ASSERT_TRUE(counts) << counts.error().message;
}

void ExpectSame(const metrics::MetricsEngine& engine, const std::string& account,
                const std::vector<core::Event>& events, core::Timestamp now,
                const std::string& context) {
  auto want = metrics::ComputeAllMetrics(metrics::AccountEvents::From(events), now);
  auto got = engine.Compute(account, now);
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(context + " " + account + " at " + core::FormatRfc3339(now) + ", " +
                 std::string(want[i].info.name));
    EXPECT_EQ(got[i].numerator, want[i].numerator);
    EXPECT_EQ(got[i].denominator, want[i].denominator);
    EXPECT_EQ(got[i].value, want[i].value);
  }
}

bool SameItems(const std::vector<metrics::AtRiskItem>& x,
               const std::vector<metrics::AtRiskItem>& y) {
  return x.size() == y.size() && std::equal(x.begin(), x.end(), y.begin(), [](auto& p, auto& q) {
           return p.id == q.id && p.deadline == q.deadline && p.note == q.note;
         });
}

class EngineFollowerTest : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(EngineFollowerTest, FeedSnapshotsAndColdLoadAgreeWithTheReference) {
  const std::uint64_t seed = GetParam();
  testing::TempDir dir;
  auto db = store::OpenStore(dir.File("state"));
  ASSERT_TRUE(db) << db.error().message;
  auto other = store::Db::Open((*db)->path());  // another process writing (an import)
  ASSERT_TRUE(other);

  const std::vector<std::string> accounts = {"alpha", "beta", "gamma"};
  std::vector<test::RandomHistory> histories;
  std::vector<core::Event> versions;
  for (std::size_t a = 0; a < accounts.size(); ++a) {
    histories.emplace_back(seed * 7919 + a, accounts[a]);
    auto v = histories.back().Generate(120);
    versions.insert(versions.end(), v.begin(), v.end());
  }
  std::mt19937_64 rng(seed);
  std::shuffle(versions.begin(), versions.end(), rng);
  auto uniform = [&rng](std::size_t lo, std::size_t hi) {
    return std::uniform_int_distribution<std::size_t>(lo, hi)(rng);
  };

  // The first follower starts on an empty store (one account joins later, as on a reload) and
  // applies the feed in slices of 1..40 rows while batches keep landing, even mid-pass.
  Follower first(**db);
  ASSERT_TRUE(first.follower->Follow({"alpha", "beta"}));
  bool gamma_followed = false;
  std::size_t i = 0;
  const auto now = test::TestNow();
  while (i < versions.size()) {
    std::size_t n = uniform(1, 30);
    std::vector<core::Event> batch(
        versions.begin() + static_cast<std::ptrdiff_t>(i),
        versions.begin() + static_cast<std::ptrdiff_t>(std::min(i + n, versions.size())));
    i += n;
    Write(uniform(0, 1) ? **db : **other, batch);
    auto done = first.follower->CatchUp(uniform(1, 40));
    ASSERT_TRUE(done) << done.error().message;
    if (!gamma_followed && i > versions.size() / 2) {
      ASSERT_TRUE(first.follower->Follow({"gamma"}));
      gamma_followed = true;
    }
    if (uniform(0, 9) == 0) {
      ASSERT_TRUE(first.follower->SaveSnapshots(uniform(1, 3), core::Duration::zero(), now));
    }
  }
  while (true) {
    auto done = first.follower->CatchUp(uniform(1, 40));
    ASSERT_TRUE(done);
    if (*done) break;
  }
  EXPECT_EQ(first.engine->MissedRemovals(), 0u);
  // Changes after the last snapshots stay in the feed for the next start.
  Write(**other, {versions.front()});
  auto trimmed = first.follower->TrimFeed(1'000'000);
  ASSERT_TRUE(trimmed) << trimmed.error().message;

  Follower second(**db);  // a restart: snapshots where saved, events elsewhere, then the feed
  ASSERT_TRUE(second.follower->Follow(accounts));
  EXPECT_EQ(second.follower->counters().loads_from_snapshots +
                second.follower->counters().loads_from_events,
            accounts.size());
  metrics::MetricsEngine cold(nullptr);
  ASSERT_TRUE(first.follower->CatchUp(1'000'000));

  for (std::size_t a = 0; a < accounts.size(); ++a) {
    const std::string& account = accounts[a];
    auto events = store::EventStore(**db).Load(account);
    ASSERT_TRUE(events);
    cold.LoadAccount(account, *events);
    for (core::Timestamp at : histories[a].Instants(*events, 60)) {
      ExpectSame(*first.engine, account, *events, at, "followed");
      ExpectSame(*second.engine, account, *events, at, "restarted");
      ExpectSame(cold, account, *events, at, "cold");
      if (HasFailure()) return;
      const core::Duration lead = std::chrono::hours(12);
      for (const metrics::MetricsEngine* e : {first.engine.get(), second.engine.get()}) {
        EXPECT_TRUE(SameItems(e->ShipDeadlinesAtRisk(account, at, lead),
                              cold.ShipDeadlinesAtRisk(account, at, lead)));
        EXPECT_TRUE(
            SameItems(e->RepliesAtRisk(account, at, lead), cold.RepliesAtRisk(account, at, lead)));
        EXPECT_TRUE(SameItems(e->DisputeDeadlinesAtRisk(account, at, lead),
                              cold.DisputeDeadlinesAtRisk(account, at, lead)));
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, EngineFollowerTest, ::testing::Values(1, 2, 3, 4, 5, 6));

class EngineSnapshotTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenStore(dir_.File("state"));
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
    test::RandomHistory history(42, "alpha");
    events_ = history.Generate(80);
    Write(*db_, events_);
  }
  testing::TempDir dir_;
  std::unique_ptr<store::Db> db_;
  std::vector<core::Event> events_;
};

TEST_F(EngineSnapshotTest, ARestartReadsTheSnapshotNotTheEvents) {
  {
    Follower first(*db_);
    auto followed = first.follower->Follow({"alpha"});
    ASSERT_TRUE(followed) << followed.error().message;
    EXPECT_EQ(first.follower->counters().loads_from_events, 1u);
    auto saved = first.follower->SaveSnapshots(10, core::Duration::zero(), test::TestNow());
    ASSERT_TRUE(saved);
    EXPECT_EQ(*saved, 1u);
    // Saved and unchanged since: nothing to save again.
    EXPECT_EQ(*first.follower->SaveSnapshots(10, core::Duration::zero(), test::TestNow()), 0u);
  }
  Follower second(*db_);
  ASSERT_TRUE(second.follower->Follow({"alpha"}));
  EXPECT_EQ(second.follower->counters().loads_from_snapshots, 1u);
  EXPECT_EQ(second.follower->counters().loads_from_events, 0u);
  EXPECT_EQ(second.follower->counters().changes_applied, 0u);
  auto stored = store::EventStore(*db_).Load("alpha");
  ExpectSame(*second.engine, "alpha", *stored, test::TestNow(), "restored");
}

TEST_F(EngineSnapshotTest, DamagedOrForeignSnapshotsFallBackToTheEvents) {
  for (std::uint32_t format :
       {metrics::MetricsEngine::kSnapshotFormat, metrics::MetricsEngine::kSnapshotFormat + 1}) {
    std::string bytes;
    {
      Follower first(*db_);
      ASSERT_TRUE(first.follower->Follow({"alpha"}));
      bytes = first.engine->SaveAccount("alpha");
    }
    // Truncated (same format) or of a format this build does not know.
    if (format == metrics::MetricsEngine::kSnapshotFormat) bytes.resize(bytes.size() / 2);
    ASSERT_TRUE(store::EngineSnapshotStore(*db_).Put("alpha", 0, format, bytes, test::TestNow()));
    Follower second(*db_);
    ASSERT_TRUE(second.follower->Follow({"alpha"}));
    EXPECT_EQ(second.follower->counters().loads_from_events, 1u) << format;
    auto stored = store::EventStore(*db_).Load("alpha");
    ExpectSame(*second.engine, "alpha", *stored, test::TestNow(), "fallback");
  }
}

TEST(EngineSnapshotBytes, EveryTruncationIsRefusedAndLeavesTheAccountAlone) {
  test::RandomHistory history(7, "alpha");
  metrics::MetricsEngine engine(nullptr);
  engine.LoadAccount("alpha", history.Generate(30));
  const std::string bytes = engine.SaveAccount("alpha");
  metrics::MetricsEngine copy(nullptr);
  ASSERT_TRUE(copy.RestoreAccount("alpha", bytes));
  for (std::size_t n = 0; n < bytes.size(); n += 7) {
    metrics::MetricsEngine other(nullptr);
    EXPECT_FALSE(other.RestoreAccount("alpha", std::string_view(bytes).substr(0, n))) << n;
    EXPECT_EQ(other.MemoryBytes("alpha"), 0u);
  }
}

}  // namespace
}  // namespace sellerwatch::app
