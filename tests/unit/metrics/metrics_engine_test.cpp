// The incremental metrics engine against the reference formulas (window_metrics.hpp): the same
// MetricValue for every metric at every instant, whether the account was loaded at once or
// built change by change in any order; plus its at-risk lists, trend counts and retention.

#include "metrics/metrics_engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "fakes/event_builders.hpp"
#include "metrics/account_events.hpp"
#include "metrics/day_buckets.hpp"
#include "metrics/window_metrics.hpp"
#include "unit/metrics/random_history.hpp"

namespace sellerwatch::metrics {
namespace {

using core::CancelInitiator;
using core::ClaimKind;
using test::ClaimOn;
using test::FeedbackOn;
using test::MessageAt;
using test::OrderAt;

const core::Timestamp kNow = test::TestNow();
const std::string kAccount = test::kTestAccount;
constexpr core::Duration kMs{1};
constexpr core::Duration kHour = std::chrono::hours(1);
constexpr core::Duration kDay = core::kDay;

// A later version of a feedback or claim (their builders leave updated_at at the event time).
core::Event Updated(core::Feedback f, core::Timestamp updated_at) {
  f.updated_at = updated_at;
  return f;
}
core::Event Updated(core::Claim c, core::Timestamp updated_at) {
  c.updated_at = updated_at;
  return c;
}
core::Event Updated(core::Message m, core::Timestamp updated_at) {
  m.updated_at = updated_at;
  return m;
}

// Field-by-field equality with the reference at `now`.
void ExpectSameAsReference(const MetricsEngine& engine, const std::string& account,
                           const std::vector<core::Event>& events, core::Timestamp now,
                           const std::string& context) {
  std::vector<MetricValue> want = ComputeAllMetrics(AccountEvents::From(events), now);
  std::vector<MetricValue> got = engine.Compute(account, now);
  ASSERT_EQ(got.size(), want.size()) << context;
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(context + " at " + core::FormatRfc3339(now) + ", " +
                 std::string(want[i].info.name));
    EXPECT_EQ(got[i].info.name, want[i].info.name);
    EXPECT_EQ(got[i].numerator, want[i].numerator);
    EXPECT_EQ(got[i].denominator, want[i].denominator);
    EXPECT_EQ(got[i].value, want[i].value);
  }
}

// An engine whose OrderLookup reads a FakeEventStore, fed one change at a time as the daemon
// feeds it: the store takes a whole batch first, then the engine applies the batch's changes.
struct IncrementalEngine {
  test::FakeEventStore store;
  MetricsEngine engine{[this](const std::string& account, const std::string& id) {
    auto order = store.FindOrder(account, id);
    return order ? std::optional(order->purchased_at) : std::nullopt;
  }};

  void Feed(const std::vector<core::Event>& versions, std::size_t batch = 1) {
    for (std::size_t i = 0; i < versions.size(); i += batch) {
      std::vector<test::FakeEventStore::Change> changes;
      for (std::size_t k = i; k < std::min(versions.size(), i + batch); ++k) {
        if (auto c = store.Upsert(versions[k])) changes.push_back(std::move(*c));
      }
      for (const auto& c : changes) engine.Apply(c.before, c.after);
    }
  }
};

// ---- Targeted edge cases: each scenario is checked at several instants, built three ways. ----

struct EdgeCase {
  std::string name;
  std::vector<core::Event> versions;  // in the order they reach the store
  std::vector<core::Timestamp> instants;
};

void PrintTo(const EdgeCase& c, std::ostream* os) { *os << c.name; }

std::vector<EdgeCase> EdgeCases() {
  const core::Timestamp t = kNow - 5 * kDay;
  return {
      {"WindowStartsAndEndsToTheMillisecond",
       {
           OrderAt("start60", kNow - 60 * kDay),
           FeedbackOn("start60", 1, kNow - kHour),
           OrderAt("before60", kNow - 60 * kDay - kMs),
           FeedbackOn("before60", 1, kNow - kHour),
           OrderAt("start7", kNow - 7 * kDay).Cancelled(CancelInitiator::kSeller),
           OrderAt("before7", kNow - 7 * kDay - kMs).Cancelled(CancelInitiator::kSeller),
           OrderAt("at_now", kNow).ShipBy(kNow).Cancelled(CancelInitiator::kSeller),
           OrderAt("last", kNow - kMs).ShipBy(kNow - kMs),
           OrderAt("due10", kNow - 12 * kDay).ShipBy(kNow - 10 * kDay),
           OrderAt("due10_before", kNow - 12 * kDay).ShipBy(kNow - 10 * kDay - kMs),
       },
       {kNow, kNow + kMs, kNow - kMs, kNow + kDay, kNow + 3 * kDay - kMs}},
      {"DeadlinesAreInclusive",
       {
           OrderAt("exact", t - 2 * kDay)
               .ShipBy(t)
               .ShippedAt(t)
               .Tracking(true)
               .DeliverBy(t + kDay)
               .DeliveredAt(t + kDay),
           OrderAt("late_1ms", t - 2 * kDay)
               .ShipBy(t)
               .ShippedAt(t + kMs)
               .Tracking(true)
               .DeliverBy(t + kDay)
               .DeliveredAt(t + kDay + kMs),
           OrderAt("unshipped", t - 2 * kDay).ShipBy(t),
           OrderAt("delivered_only", t - 2 * kDay).ShipBy(t).DeliveredAt(t - kHour),
           OrderAt("untracked", t - 2 * kDay).ShippedAt(t).Tracking(false).DeliverBy(t),
           OrderAt("cancelled", t - 2 * kDay)
               .ShipBy(t)
               .ShippedAt(t + kDay)
               .Tracking(true)
               .DeliverBy(t)
               .Cancelled(CancelInitiator::kBuyer),
           OrderAt("platform", t - 2 * kDay).Platform().ShipBy(t).ShippedAt(t + kDay),
       },
       {kNow, t, t + kMs, t + kDay, t + kDay + kMs, t + 30 * kDay, t + 30 * kDay + kMs}},
      {"RepliesKnownOnlyOnceTheyHappened",
       {
           MessageAt("exact_24h", t).RepliedAfter(24 * kHour),
           MessageAt("late_1ms", t).RepliedAfter(24 * kHour + kMs),
           MessageAt("quick", t).RepliedAfter(kHour),
           MessageAt("unreplied", t),
           MessageAt("early_reply", t + kHour).RepliedAt(t),
       },
       {t, t + kMs, t + kHour, t + kHour + kMs, t + 24 * kHour, t + 24 * kHour + kMs,
        t + 24 * kHour + 2 * kMs, t + 30 * kDay, t + 30 * kDay + kHour + kMs}},
      {"FeedbackBeforeItsOrder",
       {
           FeedbackOn("o1", 1, t),
           ClaimOn("o2", ClaimKind::kDispute, t),
           OrderAt("o1", t - kDay),
           OrderAt("o2", t - kDay),
           OrderAt("o3", t - kDay),
       },
       {kNow, t - kDay + 60 * kDay, t - kDay + 60 * kDay + kMs}},
      {"MarksComeAndGo",
       {
           OrderAt("o1", t - kDay),
           OrderAt("o2", t - kDay),
           FeedbackOn("o1", 1, t),
           ClaimOn("o1", ClaimKind::kAToZ, t),
           Updated(FeedbackOn("o1", 1, t).Removed().Build(), t + kHour),  // claim still holds
           Updated(ClaimOn("o1", ClaimKind::kAToZ, t).Status("denied").Build(), t + 2 * kHour),
           ClaimOn("o2", ClaimKind::kChargeback, t).Id("cb"),
           Updated(ClaimOn("o2", ClaimKind::kChargeback, t).Id("cb").Status("withdrawn").Build(),
                   t + kHour),
       },
       {kNow}},
      {"FeedbackMovesToAnotherOrder",
       {
           OrderAt("o1", t - 3 * kDay),
           OrderAt("o2", t - 70 * kDay + 20 * kDay),
           FeedbackOn("o1", 2, t).Id("fb"),
           Updated(FeedbackOn("o2", 2, t).Id("fb").Build(), t + kHour),
       },
       {kNow, kNow + 10 * kDay}},
      {"CorrectedPurchaseTimeMovesTheDefect",
       {
           OrderAt("o1", kNow - 59 * kDay),
           FeedbackOn("o1", 1, kNow - 50 * kDay),
           OrderAt("o1", kNow - 61 * kDay).UpdatedAt(kNow - 40 * kDay),
       },
       {kNow, kNow - 2 * kDay}},
  };
}

class EngineEdgeTest : public ::testing::TestWithParam<EdgeCase> {};

TEST_P(EngineEdgeTest, MatchesReferenceLoadedOrAppliedInAnyOrder) {
  const EdgeCase& c = GetParam();
  IncrementalEngine in_order;
  in_order.Feed(c.versions);
  std::vector<core::Event> final_events = in_order.store.Events(kAccount);

  std::vector<core::Event> reversed(c.versions.rbegin(), c.versions.rend());
  IncrementalEngine backwards;
  backwards.Feed(reversed);
  IncrementalEngine one_batch;
  one_batch.Feed(c.versions, c.versions.size());
  MetricsEngine loaded(nullptr);
  loaded.LoadAccount(kAccount, final_events);

  for (core::Timestamp now : c.instants) {
    ExpectSameAsReference(in_order.engine, kAccount, final_events, now, "in order");
    ExpectSameAsReference(backwards.engine, kAccount, final_events, now, "reversed");
    ExpectSameAsReference(one_batch.engine, kAccount, final_events, now, "one batch");
    ExpectSameAsReference(loaded, kAccount, final_events, now, "loaded");
  }
  EXPECT_EQ(in_order.engine.MissedRemovals(), 0u);
  EXPECT_EQ(backwards.engine.MissedRemovals(), 0u);
  EXPECT_EQ(one_batch.engine.MissedRemovals(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Edges, EngineEdgeTest, ::testing::ValuesIn(EdgeCases()),
                         [](const ::testing::TestParamInfo<EdgeCase>& info) {
                           return info.param.name;
                         });

// ---- Hand-computed values ----

std::optional<MetricValue> Find(const std::vector<MetricValue>& values, std::string_view name) {
  for (const auto& v : values)
    if (v.info.name == name) return v;
  return std::nullopt;
}

TEST(MetricsEngineTest, UnknownAccountHasEveryMetricWithoutData) {
  MetricsEngine engine(nullptr);
  std::vector<MetricValue> values = engine.Compute("nobody", kNow);
  ASSERT_EQ(values.size(), 14u);
  EXPECT_FALSE(Find(values, "order_defect_rate")->value.has_value());
  EXPECT_EQ(Find(values, "negative_feedback_count_7d")->value, 0.0);
  EXPECT_EQ(engine.MemoryBytes("nobody"), 0u);
}

TEST(MetricsEngineTest, DefectRateFollowsFeedbackArrivingAndBeingRemoved) {
  IncrementalEngine e;
  std::vector<core::Event> orders;
  for (int i = 0; i < 200; ++i) orders.push_back(OrderAt("o" + std::to_string(i), kNow - 3 * kDay));
  e.Feed(orders);
  auto odr = [&] { return *Find(e.engine.Compute(kAccount, kNow), "order_defect_rate"); };
  EXPECT_EQ(odr().numerator, 0.0);
  e.Feed({FeedbackOn("o1", 1, kNow - kDay)});
  EXPECT_EQ(odr().numerator, 1.0);  // 1 / 200
  EXPECT_EQ(odr().value, 1.0 / 200);
  e.Feed({ClaimOn("o1", ClaimKind::kAToZ)});
  EXPECT_EQ(odr().numerator, 1.0);  // still one defective order
  e.Feed({Updated(FeedbackOn("o1", 1, kNow - kDay).Removed().Build(), kNow - kHour)});
  EXPECT_EQ(odr().numerator, 1.0);  // the claim holds
  e.Feed({Updated(ClaimOn("o1", ClaimKind::kAToZ).Status("denied").Build(), kNow - kMs)});
  EXPECT_EQ(odr().numerator, 0.0);  // 0 / 200
  EXPECT_EQ(e.engine.MissedRemovals(), 0u);
}

TEST(MetricsEngineTest, ResponseRateCountsAYoungReplyOnlyOnceItIsKnown) {
  IncrementalEngine e;
  e.Feed({MessageAt("m", kNow - 2 * kHour).RepliedAt(kNow + kHour)});
  auto rate = [&](core::Timestamp now) {
    return *Find(e.engine.Compute(kAccount, now), "response_within_24h_rate");
  };
  EXPECT_EQ(rate(kNow).denominator, 0.0);        // neither replied nor overdue yet
  EXPECT_EQ(rate(kNow + kHour).numerator, 1.0);  // the reply is known: 1 / 1
  EXPECT_EQ(rate(kNow + kHour).denominator, 1.0);
}

// ---- At-risk items and trend counts ----

TEST(MetricsEngineTest, ShipDeadlinesAtRiskAreUnshippedMerchantOrdersDueWithinTheLead) {
  IncrementalEngine e;
  const core::Duration lead = 12 * kHour;
  e.Feed({
      OrderAt("due_now", kNow - kDay).ShipBy(kNow),                      // now <= ship_by: in
      OrderAt("due_at_lead", kNow - kDay).ShipBy(kNow + lead),           // inclusive: in
      OrderAt("due_after_lead", kNow - kDay).ShipBy(kNow + lead + kMs),  // out
      OrderAt("overdue", kNow - kDay).ShipBy(kNow - kMs),                // already late: out
      OrderAt("soon", kNow - kDay).ShipBy(kNow + kHour),                 // in
      OrderAt("shipped", kNow - kDay).ShipBy(kNow + kHour).ShippedAt(kNow - kHour),
      OrderAt("cancelled", kNow - kDay).ShipBy(kNow + kHour).Cancelled(CancelInitiator::kBuyer),
      OrderAt("platform", kNow - kDay).Platform().ShipBy(kNow + kHour),
      OrderAt("no_ship_by", kNow - kDay),
  });
  auto ids = [&] {
    std::vector<std::string> out;
    for (const auto& item : e.engine.ShipDeadlinesAtRisk(kAccount, kNow, lead)) {
      out.push_back(item.id);
    }
    return out;
  };
  EXPECT_EQ(ids(), (std::vector<std::string>{"due_now", "soon", "due_at_lead"}));
  std::vector<AtRiskItem> items = e.engine.ShipDeadlinesAtRisk(kAccount, kNow, lead);
  EXPECT_EQ(items[1].deadline, kNow + kHour);
  // Shipping one takes it off the list.
  e.Feed({OrderAt("soon", kNow - kDay).ShipBy(kNow + kHour).ShippedAt(kNow).UpdatedAt(kNow)});
  EXPECT_EQ(ids(), (std::vector<std::string>{"due_now", "due_at_lead"}));
  EXPECT_TRUE(e.engine.ShipDeadlinesAtRisk("nobody", kNow, lead).empty());
}

TEST(MetricsEngineTest, RepliesAtRiskAreUnrepliedMessagesOlderThanTheLead) {
  IncrementalEngine e;
  const core::Duration lead = 12 * kHour;
  e.Feed({
      MessageAt("exactly_lead", kNow - lead),                // received_at <= now − lead: in
      MessageAt("younger", kNow - lead + kMs),               // out
      MessageAt("almost_overdue", kNow - 24 * kHour + kMs),  // deadline now + 1 ms: in
      MessageAt("overdue", kNow - 24 * kHour),               // deadline == now: out
      MessageAt("mid", kNow - 18 * kHour),                   // in
      MessageAt("replied", kNow - 18 * kHour).RepliedAt(kNow - kHour),
  });
  std::vector<AtRiskItem> items = e.engine.RepliesAtRisk(kAccount, kNow, lead);
  std::vector<std::string> ids;
  for (const auto& item : items) ids.push_back(item.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"almost_overdue", "mid", "exactly_lead"}));
  EXPECT_EQ(items[0].deadline, kNow + kMs);
  EXPECT_EQ(items[2].deadline, kNow + 12 * kHour);
  // A reply arriving takes it off the list.
  e.Feed({Updated(MessageAt("mid", kNow - 18 * kHour).RepliedAt(kNow - kMs).Build(), kNow - kMs)});
  EXPECT_EQ(e.engine.RepliesAtRisk(kAccount, kNow, lead).size(), 2u);
}

TEST(MetricsEngineTest, DisputeDeadlinesAtRiskAreOpenDisputesDueWithinTheLead) {
  IncrementalEngine e;
  const core::Duration lead = 24 * kHour;
  e.Feed({
      ClaimOn("o-soon", ClaimKind::kDispute).Id("d1").RespondBy(kNow + 10 * kHour, "not received"),
      ClaimOn("o-edge", ClaimKind::kDispute).Id("d2").RespondBy(kNow + lead),         // in
      ClaimOn("o-later", ClaimKind::kDispute).Id("d3").RespondBy(kNow + lead + kMs),  // out
      ClaimOn("o-past", ClaimKind::kDispute).Id("d4").RespondBy(kNow - kMs),          // out
      ClaimOn("o-none", ClaimKind::kDispute).Id("d5"),                       // no deadline known
      ClaimOn("o-atoz", ClaimKind::kAToZ).Id("d6").RespondBy(kNow + kHour),  // not a dispute
  });
  std::vector<AtRiskItem> items = e.engine.DisputeDeadlinesAtRisk(kAccount, kNow, lead);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].id, "o-soon");  // the order the seller sees
  EXPECT_EQ(items[0].note, "not received");
  EXPECT_EQ(items[0].deadline, kNow + 10 * kHour);
  EXPECT_EQ(items[1].id, "o-edge");
  // Answered (decided) or withdrawn: off the list.
  e.Feed({Updated(ClaimOn("o-soon", ClaimKind::kDispute)
                      .Id("d1")
                      .RespondBy(kNow + 10 * kHour)
                      .Decided(kNow - kMs, core::DecidedBy::kNegotiation, 5)
                      .Build(),
                  kNow - kMs),
          Updated(ClaimOn("o-edge", ClaimKind::kDispute)
                      .Id("d2")
                      .RespondBy(kNow + lead)
                      .Status("withdrawn")
                      .Build(),
                  kNow - kMs)});
  EXPECT_TRUE(e.engine.DisputeDeadlinesAtRisk(kAccount, kNow, lead).empty());
}

TEST(MetricsEngineTest, NegativeFeedbackBetweenCountsHalfOpenRanges) {
  IncrementalEngine e;
  e.Feed({
      FeedbackOn("a", 1, kNow - 14 * kDay),       // in [now − 14 d, now − 7 d)
      FeedbackOn("b", 2, kNow - 7 * kDay - kMs),  // in
      FeedbackOn("c", 1, kNow - 7 * kDay),        // the next range
      FeedbackOn("", 1, kNow - 3 * kDay),         // unlinked still counts
      FeedbackOn("d", 3, kNow - 3 * kDay),        // not negative
      FeedbackOn("e", 1, kNow - 3 * kDay).Removed(),
  });
  EXPECT_EQ(e.engine.NegativeFeedbackBetween(kAccount, kNow - 14 * kDay, kNow - 7 * kDay), 2.0);
  EXPECT_EQ(e.engine.NegativeFeedbackBetween(kAccount, kNow - 7 * kDay, kNow), 2.0);
  EXPECT_EQ(e.engine.NegativeFeedbackBetween(kAccount, kNow, kNow - kDay), 0.0);
  EXPECT_EQ(e.engine.NegativeFeedbackBetween("nobody", kNow - 7 * kDay, kNow), 0.0);
}

// ---- Retention and memory ----

TEST(MetricsEngineTest, PruneDropsOnlyWhatNoWindowCanReach) {
  IncrementalEngine e;
  std::vector<core::Event> events;
  for (int day = 0; day < 120; ++day) {
    std::string id = "o" + std::to_string(day);
    events.push_back(OrderAt(id, kNow - day * kDay - kHour).ShipBy(kNow - day * kDay));
    if (day % 7 == 0) events.push_back(FeedbackOn(id, 1, kNow - day * kDay + kHour));
  }
  e.Feed(events);
  std::size_t before = e.engine.MemoryBytes(kAccount);
  std::vector<MetricValue> want = e.engine.Compute(kAccount, kNow);
  e.engine.Prune(kNow);
  EXPECT_LT(e.engine.MemoryBytes(kAccount), before);
  std::vector<MetricValue> got = e.engine.Compute(kAccount, kNow);
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].numerator, want[i].numerator) << want[i].info.name;
    EXPECT_EQ(got[i].denominator, want[i].denominator) << want[i].info.name;
  }
  // A late change to a forgotten order is ignored, not half-applied.
  e.Feed({FeedbackOn("o100", 1, kNow - kDay),
          OrderAt("o100", kNow - 100 * kDay).Status(core::OrderStatus::kCancelled)});
  EXPECT_EQ(e.engine.MissedRemovals(), 0u);
  EXPECT_EQ(e.engine.Compute(kAccount, kNow)[0].denominator, want[0].denominator);
}

TEST(MetricsEngineTest, MemoryGrowsWithEventsAndLoadMatchesApply) {
  IncrementalEngine e;
  std::vector<core::Event> events;
  for (int i = 0; i < 600; ++i) {
    events.push_back(OrderAt("o" + std::to_string(i), kNow - (i / 10) * kDay - i * kMs)
                         .ShipBy(kNow - (i / 10) * kDay + kDay)
                         .ShippedAt(kNow - (i / 10) * kDay)
                         .Tracking(true)
                         .DeliverBy(kNow - (i / 10) * kDay + 4 * kDay));
  }
  e.Feed(events);
  MetricsEngine loaded(nullptr);
  loaded.LoadAccount(kAccount, e.store.Events(kAccount));
  // 600 orders × 4 entries × 8 bytes, plus days: tens of kilobytes, not megabytes.
  EXPECT_GT(loaded.MemoryBytes(kAccount), 600u * 4 * 8);
  EXPECT_LT(loaded.MemoryBytes(kAccount), 64u * 1024);
  EXPECT_GE(e.engine.MemoryBytes(kAccount), loaded.MemoryBytes(kAccount) / 2);
  ExpectSameAsReference(loaded, kAccount, e.store.Events(kAccount), kNow, "loaded");
}

// ---- Day buckets against a plain list ----

TEST(EngineDayBucketsTest, SumsMatchAPlainListThroughAddsAndRemoves) {
  std::mt19937_64 rng(77);
  auto ms = [&](std::int64_t lo, std::int64_t hi) {
    return core::Duration(std::uniform_int_distribution<std::int64_t>(lo, hi)(rng));
  };
  const std::int64_t day_ms = kDay.count();
  std::vector<Contribution> items;
  for (int i = 0; i < 400; ++i) {
    // Many on midnights and on shared instants, some before the epoch.
    core::Timestamp at = i % 5 == 0 ? kNow - (i % 40) * kDay : kNow + ms(-40 * day_ms, 5 * day_ms);
    if (i % 97 == 0) at = core::FromUnixMillis(-day_ms + i);
    items.push_back({at, static_cast<CounterMask>(1u << (i % 12))});
  }
  DayBuckets built = DayBuckets::Build(items, {}, INT64_MIN);
  DayBuckets grown;
  for (const auto& c : items) grown.Add(c);
  // Remove every third again.
  std::vector<Contribution> kept;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i % 3 == 0) {
      EXPECT_TRUE(grown.Remove(items[i]));
    } else {
      kept.push_back(items[i]);
    }
  }
  EXPECT_FALSE(grown.Remove(Contribution{kNow + 100 * kDay, 1}));
  auto brute = [](const std::vector<Contribution>& list, core::Timestamp from, core::Timestamp to) {
    Counters c;
    for (const auto& x : list)
      if (x.at >= from && x.at < to) c.Add(x.mask);
    return c;
  };
  for (int k = 0; k < 300; ++k) {
    core::Timestamp from = kNow + ms(-45 * day_ms, 6 * day_ms);
    if (k % 4 == 0) from = items[static_cast<std::size_t>(k)].at;  // exactly on an entry
    core::Timestamp to = from + ms(0, 50 * day_ms);
    ASSERT_EQ(built.Sum(from, to), brute(items, from, to)) << k;
    ASSERT_EQ(grown.Sum(from, to), brute(kept, from, to)) << k;
    std::vector<Counters> sliding = grown.SlidingSums(from, to, 20);
    for (int d = 0; d < 20; ++d) {
      ASSERT_EQ(sliding[static_cast<std::size_t>(d)], brute(kept, from + d * kDay, to))
          << k << " day " << d;
    }
  }
}

// ---- Randomized equivalence ----

class EngineEquivalenceTest : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(EngineEquivalenceTest, MatchesReferenceAtEveryInstant) {
  const std::uint64_t seed = GetParam();
  const std::vector<std::string> accounts = {"alpha", "beta"};
  IncrementalEngine e;
  std::vector<core::Event> all_versions;
  std::vector<test::RandomHistory> histories;
  for (std::size_t a = 0; a < accounts.size(); ++a) {
    histories.emplace_back(seed * 7919 + a, accounts[a]);
    auto versions = histories.back().Generate(160);
    all_versions.insert(all_versions.end(), versions.begin(), versions.end());
  }
  // Any arrival order, in batches of any size: the store takes a batch, then the engine its
  // changes (so OrderLookup may already see a later version of an order than the engine has).
  std::mt19937_64 rng(seed);
  std::shuffle(all_versions.begin(), all_versions.end(), rng);
  for (std::size_t i = 0; i < all_versions.size();) {
    std::size_t n = std::uniform_int_distribution<std::size_t>(1, 25)(rng);
    std::vector<core::Event> batch(
        all_versions.begin() + static_cast<std::ptrdiff_t>(i),
        all_versions.begin() + static_cast<std::ptrdiff_t>(std::min(i + n, all_versions.size())));
    e.Feed(batch, batch.size());
    i += n;
  }
  EXPECT_EQ(e.engine.MissedRemovals(), 0u);

  MetricsEngine loaded(nullptr);
  for (std::size_t a = 0; a < accounts.size(); ++a) {
    const std::string& account = accounts[a];
    std::vector<core::Event> final_events = e.store.Events(account);
    loaded.LoadAccount(account, final_events);
    for (core::Timestamp now : histories[a].Instants(final_events, 150)) {
      ExpectSameAsReference(e.engine, account, final_events, now, "applied");
      ExpectSameAsReference(loaded, account, final_events, now, "loaded");
      if (HasFailure()) return;

      // At-risk lists and the trend count against brute force.
      const core::Duration lead = 12 * kHour;
      std::vector<AtRiskItem> ships;
      std::vector<AtRiskItem> replies;
      std::vector<AtRiskItem> disputes;
      double negative = 0;
      for (const auto& ev : final_events) {
        if (const auto* o = std::get_if<core::Order>(&ev)) {
          if (o->merchant() && !o->cancelled() && !o->shipped() && o->ship_by &&
              *o->ship_by >= now && *o->ship_by <= now + lead) {
            ships.push_back({o->id, *o->ship_by, {}});
          }
        } else if (const auto* m = std::get_if<core::Message>(&ev)) {
          if (!m->replied_at && m->received_at <= now - lead && m->received_at + kDay > now) {
            replies.push_back({m->id, m->received_at + kDay, {}});
          }
        } else if (const auto* f = std::get_if<core::Feedback>(&ev)) {
          if (f->negative() && f->received_at >= now - 7 * kDay && f->received_at < now) {
            negative += 1;
          }
        } else if (const auto* c = std::get_if<core::Claim>(&ev)) {
          if (c->dispute() && c->open() && c->respond_by && *c->respond_by >= now &&
              *c->respond_by <= now + lead) {
            disputes.push_back({c->order_id.empty() ? c->id : c->order_id, *c->respond_by, {}});
          }
        }
      }
      auto by_deadline = [](const AtRiskItem& x, const AtRiskItem& y) {
        return std::tie(x.deadline, x.id) < std::tie(y.deadline, y.id);
      };
      std::sort(ships.begin(), ships.end(), by_deadline);
      std::sort(replies.begin(), replies.end(), by_deadline);
      std::sort(disputes.begin(), disputes.end(), by_deadline);
      auto same = [](const std::vector<AtRiskItem>& x, const std::vector<AtRiskItem>& y) {
        return x.size() == y.size() &&
               std::equal(x.begin(), x.end(), y.begin(), [](const auto& p, const auto& q) {
                 return p.id == q.id && p.deadline == q.deadline;
               });
      };
      for (const MetricsEngine* engine : {&e.engine, &loaded}) {
        EXPECT_TRUE(same(engine->ShipDeadlinesAtRisk(account, now, lead), ships))
            << core::FormatRfc3339(now);
        EXPECT_TRUE(same(engine->RepliesAtRisk(account, now, lead), replies))
            << core::FormatRfc3339(now);
        EXPECT_EQ(engine->NegativeFeedbackBetween(account, now - 7 * kDay, now), negative);
        // Several disputes of one order may share a deadline: compare as sorted lists.
        auto found = engine->DisputeDeadlinesAtRisk(account, now, lead);
        std::sort(found.begin(), found.end(), by_deadline);
        EXPECT_TRUE(same(found, disputes)) << core::FormatRfc3339(now);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, EngineEquivalenceTest,
                         ::testing::Values(1u, 2u, 3u, 42u, 2026u, 9001u));

}  // namespace
}  // namespace sellerwatch::metrics
