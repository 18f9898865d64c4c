#include "app/evaluator.hpp"

#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <sstream>

#include "app/logs.hpp"
#include "config/loader.hpp"
#include "core/event_json.hpp"
#include "fakes/temp_dir.hpp"
#include "metrics/metrics_engine.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"
#include "net/smtp_client.hpp"
#include "notify/channel_factory.hpp"
#include "notify/outbox_dispatcher.hpp"
#include "store/alert_history_store.hpp"
#include "store/alert_state_store.hpp"
#include "store/event_store.hpp"
#include "store/metric_history_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::app {
namespace {

using namespace std::chrono_literals;

const core::Timestamp kNow = *core::ParseRfc3339("2026-11-20T00:00:00Z");

class EvaluatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    UseAccount("{id: shop, marketplace: amazon, labels: {team: eu}}");
    db_ = *store::OpenStore(dir_.File("state"));
  }

  void UseAccount(const std::string& account_yaml) {
    auto loaded = config::ParseConfig("daemon: {state_dir: " + dir_.File("state") + "}\n" +
                                          "accounts: [" + account_yaml + "]\n" +
                                          "receivers: [{name: console, console: {}}]\n",
                                      "test.yaml");
    ASSERT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].Format());
    config_ = loaded.config;
  }

  // `count` merchant orders bought over the last 6 days; the first `cancelled` of them
  // cancelled by the seller.
  void AddOrders(int first_id, int count, int cancelled, const std::string& account = "shop") {
    std::vector<core::ParsedEvent> batch;
    for (int i = 0; i < count; ++i) {
      core::Order o;
      o.account = account;
      o.id = "o" + std::to_string(first_id + i);
      o.purchased_at = kNow - 6 * core::kDay + i * 1min;
      o.fulfillment = core::Fulfillment::kMerchant;
      o.status = i < cancelled ? core::OrderStatus::kCancelled : core::OrderStatus::kShipped;
      if (i < cancelled) {
        o.cancelled_at = o.purchased_at + 1h;
        o.cancel_initiator = core::CancelInitiator::kSeller;
      } else {
        o.ship_by = o.purchased_at + 48h;
        o.shipped_at = o.purchased_at + 5h;
        o.tracking_valid = true;
      }
      o.updated_at = o.purchased_at + 5h;
      batch.push_back({o, core::EncodeEvent(o)});
    }
    ASSERT_TRUE(store::EventStore(*db_).UpsertAtomically(batch));
  }

  // Evaluates with a fresh Notifier and Evaluator, as after a restart, flushes every group
  // and delivers the outbox; returns the console.
  std::string Evaluate(core::Timestamp now, std::size_t failing_accounts = 0) {
    std::ostringstream console;
    Logs logs("off");
    auto notifier = notify::Notifier::Create(config_, *db_, logs.Get("notify"));
    EXPECT_TRUE(notifier);
    // A fresh engine from the store, as a restarted daemon builds it.
    metrics::MetricsEngine engine([this](const std::string& account, const std::string& id) {
      auto purchased = store::EventStore(*db_).OrderPurchasedAt(account, id);
      return purchased ? *purchased : std::nullopt;
    });
    for (const auto& account : config_->accounts) {
      auto events = store::EventStore(*db_).Load(account.id);
      EXPECT_TRUE(events);
      engine.LoadAccount(account.id, *events);
    }
    Evaluator evaluator(config_, *db_, engine, **notifier, logs.Get("rules"));
    EXPECT_TRUE(evaluator.RetireRemoved(now));  // as the daemon does at start and on reload
    auto stats = evaluator.RunOnce(now);
    EXPECT_EQ(stats.failed_accounts, failing_accounts);
    EXPECT_EQ(stats.accounts, config_->accounts.size());
    EXPECT_TRUE((*notifier)->FlushDue(now, /*all=*/true));

    struct FixedClock final : core::Clock {
      core::Timestamp at;
      core::Timestamp Now() const override { return at; }
    } clock;
    clock.at = now;
    boost::asio::io_context io;
    net::CurlMulti curl(io);
    net::HttpClient http(curl);
    net::SmtpClient smtp(curl);
    notify::Channels channels;
    channels.emplace("console", notify::MakeChannel(config_->receivers[0], console, http, smtp));
    notify::OutboxDispatcher dispatcher(io, config_, *db_, std::move(channels), clock,
                                        logs.Get("delivery"));
    boost::asio::co_spawn(io, dispatcher.DrainOnce(), [](std::exception_ptr e) {
      if (e) std::rethrow_exception(e);
    });
    io.run();
    return console.str();
  }

  testing::TempDir dir_;
  std::shared_ptr<const config::Config> config_;
  std::unique_ptr<store::Db> db_;
};

TEST_F(EvaluatorTest, FiresOnceSurvivesRestartDowngradesAndResolves) {
  AddOrders(0, 20, 1);  // 1 / 20 = 5 % >= critical 2.5 %
  std::string first = Evaluate(kNow);
  EXPECT_NE(
      first.find("FIRING   critical shop: Pre-fulfilment cancel rate (7 days) is 5% (1 of 20)"),
      std::string::npos)
      << first;

  // Same data a minute later, and again after a "restart": nothing new to say.
  EXPECT_EQ(Evaluate(kNow + 1min).find("Pre-fulfilment cancel rate"), std::string::npos);
  EXPECT_EQ(Evaluate(kNow + 2min).find("Pre-fulfilment cancel rate"), std::string::npos);

  AddOrders(100, 30, 0);  // 1 / 50 = 2 %: under critical, over warn 1.5 %
  std::string down = Evaluate(kNow + 3min);
  EXPECT_NE(down.find("FIRING   warning  shop: Pre-fulfilment cancel rate (7 days) is 2%"),
            std::string::npos)
      << down;

  AddOrders(200, 30, 0);  // 1 / 80 = 1.25 %: under warn but above the clear level 1.35 %? no:
  // 1.25 % < 1.35 % (= 0.9 x 1.5 %), so it resolves.
  std::string resolved = Evaluate(kNow + 4min);
  EXPECT_NE(resolved.find("RESOLVED"), std::string::npos) << resolved;
  EXPECT_NE(resolved.find("Pre-fulfilment cancel rate (7 days) is back to 1.25%"),
            std::string::npos)
      << resolved;

  // The digest's alert history: fired critical, went down to warning, resolved; restarts and
  // unchanged evaluations added nothing.
  auto history = store::AlertHistoryStore(*db_).Since("shop", kNow - core::kDay);
  ASSERT_TRUE(history);
  std::vector<std::string> seen;
  for (const auto& e : *history) {
    if (e.rule != "cancellation_rate") continue;
    seen.push_back(std::string(core::Name(e.state)) + " " + std::string(core::Name(e.severity)));
  }
  EXPECT_EQ(seen,
            (std::vector<std::string>{"firing critical", "firing warning", "resolved warning"}));
}

TEST_F(EvaluatorTest, AnAlertWhoseRuleIsRemovedIsResolvedOnce) {
  AddOrders(0, 20, 1);
  EXPECT_NE(Evaluate(kNow).find("FIRING   critical shop: Pre-fulfilment cancel rate"),
            std::string::npos);
  UseAccount(
      "{id: shop, marketplace: amazon, labels: {team: eu},"
      " thresholds: {cancellation_rate: {enabled: false}}}");
  std::string retired = Evaluate(kNow + 1min);
  EXPECT_NE(retired.find("RESOLVED"), std::string::npos) << retired;
  EXPECT_NE(retired.find("no longer configured"), std::string::npos) << retired;
  EXPECT_EQ(Evaluate(kNow + 2min).find("Pre-fulfilment cancel rate"), std::string::npos);
}

TEST_F(EvaluatorTest, HysteresisKeepsItFiringJustUnderTheThreshold) {
  AddOrders(0, 40, 1);  // 2.5 %: critical (at the threshold counts)
  EXPECT_NE(Evaluate(kNow).find("critical shop: Pre-fulfilment cancel rate"), std::string::npos);
  AddOrders(100, 30, 0);  // 1 / 70 = 1.43 %: under warn 1.5 %, over clear 1.35 %
  std::string band = Evaluate(kNow + 1min);
  EXPECT_EQ(band.find("RESOLVED"), std::string::npos) << band;
}

TEST_F(EvaluatorTest, RestartsKeepPendingTimersAndNeverRepeat) {
  UseAccount("{id: shop, marketplace: amazon, thresholds: {cancellation_rate: {for: 2h}}}");
  AddOrders(0, 20, 1);  // 5 %: breached, but must hold for 2 h
  // Each Evaluate() is a fresh process: the pending timer lives only in the store.
  EXPECT_EQ(Evaluate(kNow).find("Pre-fulfilment cancel rate"), std::string::npos);
  EXPECT_EQ(Evaluate(kNow + 1h).find("Pre-fulfilment cancel rate"), std::string::npos);
  std::string fired = Evaluate(kNow + 2h);
  EXPECT_NE(fired.find("FIRING   critical shop: Pre-fulfilment cancel rate"), std::string::npos)
      << fired;
  EXPECT_EQ(Evaluate(kNow + 3h).find("Pre-fulfilment cancel rate"), std::string::npos);

  // It clears while the daemon is down; the first run after says so, once.
  AddOrders(100, 80, 0);  // 1 / 100 = 1 %
  std::string after_downtime = Evaluate(kNow + 10h);
  EXPECT_NE(after_downtime.find("RESOLVED"), std::string::npos) << after_downtime;
  EXPECT_EQ(Evaluate(kNow + 11h).find("Pre-fulfilment cancel rate"), std::string::npos);
}

// A wall clock stepped back an hour, then forward six, while an alert is pending for 2 h: with
// the stored timers moved by each jump (as App does), it fires after 2 h of elapsed time.
TEST_F(EvaluatorTest, AClockJumpKeepsPendingTimersToElapsedTime) {
  UseAccount("{id: shop, marketplace: amazon, thresholds: {cancellation_rate: {for: 2h}}}");
  AddOrders(0, 20, 1);
  auto shift = [&](core::Duration jump) {
    ASSERT_TRUE(store::AlertStateStore(*db_).ShiftTimes(jump));
  };
  EXPECT_EQ(Evaluate(kNow).find("Pre-fulfilment cancel rate"), std::string::npos);  // pending
  shift(-1h);  // 1 h elapsed, but the clock now says kNow + 0h
  EXPECT_EQ(Evaluate(kNow).find("Pre-fulfilment cancel rate"), std::string::npos);
  std::string fired = Evaluate(kNow + 1h);  // 2 h elapsed: not an hour late
  EXPECT_NE(fired.find("FIRING   critical shop: Pre-fulfilment cancel rate"), std::string::npos)
      << fired;
}

TEST_F(EvaluatorTest, AClockJumpForwardDoesNotFirePendingAlertsEarly) {
  UseAccount("{id: shop, marketplace: amazon, thresholds: {cancellation_rate: {for: 2h}}}");
  AddOrders(0, 20, 1);
  EXPECT_EQ(Evaluate(kNow).find("Pre-fulfilment cancel rate"), std::string::npos);  // pending
  ASSERT_TRUE(store::AlertStateStore(*db_).ShiftTimes(6h));  // 5 min elapsed, clock says 6 h
  EXPECT_EQ(Evaluate(kNow + 6h + 5min).find("Pre-fulfilment cancel rate"), std::string::npos);
  std::string fired = Evaluate(kNow + 8h);
  EXPECT_NE(fired.find("FIRING   critical shop: Pre-fulfilment cancel rate"), std::string::npos)
      << fired;
  for (const auto& r : store::AlertStateStore(*db_).Load().value()) {
    if (r.rule == "cancellation_rate") {
      EXPECT_EQ(r.since, kNow + 8h);  // firing since
    }
  }
}

TEST_F(EvaluatorTest, KeepsADailySnapshotOfEveryMetric) {
  AddOrders(0, 20, 1);
  Evaluate(kNow + 1h);
  Evaluate(kNow + 3h);  // same day: the row is replaced, not added
  auto day = store::MetricHistoryStore::DayOf(kNow);
  auto points = store::MetricHistoryStore(*db_).Load("shop", "cancellation_rate", day - 1, day + 1);
  ASSERT_TRUE(points);
  ASSERT_EQ(points->size(), 1u);
  EXPECT_EQ((*points)[0].day, day);
  EXPECT_DOUBLE_EQ(*(*points)[0].value, 0.05);  // 1 of 20
  EXPECT_DOUBLE_EQ((*points)[0].denominator, 20);
}

TEST_F(EvaluatorTest, TooFewOrdersNeverFire) {
  AddOrders(0, 19, 5);  // 26 % but only 19 orders: below min_sample 20
  EXPECT_EQ(Evaluate(kNow).find("Pre-fulfilment cancel rate"), std::string::npos);
}

std::size_t Count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// An agency's mass breach: every account firing into the one group of a route without group_by.
// One notification announces every alert, and an account whose writes fail (here: a trigger
// refusing its alert state) is rolled back alone.
TEST_F(EvaluatorTest, AMassBreachInOneGroupIsOneNotificationAndAFailingAccountStopsNoOther) {
  const std::size_t accounts = 300;
  std::string list;
  for (std::size_t i = 0; i < accounts; ++i) {
    list += (i ? ", " : "") + ("{id: s" + std::to_string(i) + ", marketplace: amazon}");
  }
  UseAccount(list);
  for (std::size_t i = 0; i < accounts; ++i) AddOrders(0, 20, 1, "s" + std::to_string(i));
  ASSERT_TRUE(
      db_->Exec("CREATE TRIGGER refuse_s7 BEFORE INSERT ON alert_state "
                "WHEN NEW.account = 's7' BEGIN SELECT RAISE(ABORT, 'refused'); END"));

  std::string console = Evaluate(kNow, /*failing_accounts=*/1);
  EXPECT_EQ(Count(console, "Pre-fulfilment cancel rate (7 days) is 5%"), accounts - 1);
  EXPECT_EQ(console.find(" s7: "), std::string::npos);
  auto stored = store::AlertStateStore(*db_).Load("s8");
  ASSERT_TRUE(stored);
  EXPECT_FALSE(stored->empty());
  auto refused = store::AlertStateStore(*db_).Load("s7");
  ASSERT_TRUE(refused);
  EXPECT_TRUE(refused->empty());

  // Once the store takes it, s7 fires too: the group, complete now, in one notification.
  ASSERT_TRUE(db_->Exec("DROP TRIGGER refuse_s7"));
  std::string later = Evaluate(kNow + 1min);
  EXPECT_NE(later.find(" s7: "), std::string::npos) << later.substr(0, 2000);
  EXPECT_EQ(Count(later, "Pre-fulfilment cancel rate (7 days) is 5%"), accounts);
  EXPECT_EQ(Count(later, "FIRING"), accounts);
}

}  // namespace
}  // namespace sellerwatch::app
