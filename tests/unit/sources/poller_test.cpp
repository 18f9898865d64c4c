// The Poller around a scripted Source: per-poll timeout, Retry-After carried to the schedule,
// and source_down raised once per outage, persisted across restarts, resolved once.

#include "sources/poller.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>

#include "fakes/run_awaitable.hpp"
#include "fakes/temp_dir.hpp"
#include "notify/meta_alert.hpp"
#include "store/cursor_store.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::sources {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;

// Answers polls from a script: an error, a batch, or "hang" (waits an hour).
struct Step {
  std::optional<core::Error> error;
  bool hang = false;
  std::optional<std::string> cursor;
};

class ScriptedSource final : public Source {
 public:
  explicit ScriptedSource(std::deque<Step>* steps) : steps_(steps) {}
  asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string>,
                                                  core::Timestamp) override {
    Step step = steps_->front();
    steps_->pop_front();
    if (step.hang) {
      asio::steady_timer timer(co_await asio::this_coro::executor, 1h);
      co_await timer.async_wait(asio::use_awaitable);
    }
    if (step.error) co_return *step.error;
    SourceBatch batch;
    batch.cursor = step.cursor;
    co_return batch;
  }
  core::Duration Interval() const override { return 5min; }

 private:
  std::deque<Step>* steps_;
};

class PollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = *store::OpenStore(dir_.File("state"));
    auto config = std::make_shared<config::Config>();
    config::ReceiverConfig file;
    file.name = "ops";
    file.type = config::ReceiverType::kFile;
    file.settings = config::FileReceiver{dir_.File("alerts.jsonl")};
    config->receivers.push_back(file);
    config_ = config;
  }

  std::unique_ptr<Poller> Make(core::Duration timeout = 0ms) {
    PollerOptions options;
    options.timeout = timeout;
    options.stale_after = 15min;
    options.labels = {{"account", "shop"}};
    options.queue_meta_alert = [this](const core::Alert& alert, const std::string& key,
                                      core::Timestamp now) {
      ++woken_;
      return notify::QueueMetaAlert(*db_, *config_, alert, key, now);
    };
    return std::make_unique<Poller>("shop/amazon/orders", std::make_unique<ScriptedSource>(&steps_),
                                    *db_, log_, options);
  }

  core::Result<PollOutcome> Poll(Poller& p, core::Timestamp at) {
    return testing::RunAwaitable(io_, p.RunOnce(at));
  }

  std::vector<store::OutboxLeg> Legs() {
    auto legs = store::OutboxStore(*db_).Due(T0 + 1000h, 100);
    return legs ? *legs : std::vector<store::OutboxLeg>{};
  }

  const core::Timestamp T0 = *core::ParseRfc3339("2026-11-20T10:00:00Z");
  testing::TempDir dir_;
  std::unique_ptr<store::Db> db_;
  std::shared_ptr<const config::Config> config_;
  std::shared_ptr<spdlog::logger> log_ = std::make_shared<spdlog::logger>("test");
  asio::io_context io_;
  std::deque<Step> steps_;
  int woken_ = 0;
};

TEST_F(PollerTest, APollPastItsTimeoutFailsAndStoresNothing) {
  auto poller = Make(50ms);
  steps_.push_back({std::nullopt, true, "c1"});
  auto r = Poll(*poller, T0);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("poll timeout of 50ms"), std::string::npos) << r.error().message;
  EXPECT_EQ(poller->failures(), 1u);
  EXPECT_FALSE(store::CursorStore(*db_).Get("shop/amazon/orders")->has_value());
}

TEST_F(PollerTest, SourceDownOncePerOutageAcrossRestartsThenResolvedOnce) {
  auto failing = core::Error::Transient("GET http://x/orders: HTTP 500");
  for (int i = 0; i < 3; ++i) steps_.push_back({failing, false, {}});
  auto poller = Make();
  EXPECT_FALSE(Poll(*poller, T0));
  EXPECT_FALSE(Poll(*poller, T0 + 10min));  // not yet stale
  EXPECT_TRUE(Legs().empty());
  EXPECT_FALSE(poller->down());
  EXPECT_FALSE(Poll(*poller, T0 + 15min));
  ASSERT_EQ(Legs().size(), 1u);
  EXPECT_TRUE(poller->down());
  EXPECT_EQ(poller->down_since(), T0);
  EXPECT_EQ(woken_, 1);
  auto legs = Legs();
  const core::Alert& alert = legs[0].notification.alerts.at(0);
  EXPECT_EQ(alert.Label("rule"), "source_down");
  EXPECT_EQ(alert.Label("source"), "shop/amazon/orders");
  EXPECT_EQ(alert.Label("account"), "shop");
  EXPECT_NE(alert.Annotation("summary").find("HTTP 500"), std::string::npos);

  // A restart while still failing: the outage is remembered, nothing is sent again.
  steps_.push_back({failing, false, {}});
  steps_.push_back({std::nullopt, false, "c2"});
  auto restarted = Make();
  EXPECT_FALSE(Poll(*restarted, T0 + 40min));
  EXPECT_EQ(Legs().size(), 1u);
  EXPECT_TRUE(restarted->down());
  EXPECT_TRUE(Poll(*restarted, T0 + 50min));
  ASSERT_EQ(Legs().size(), 2u);
  EXPECT_EQ(Legs()[1].notification.alerts.at(0).state, core::AlertState::kResolved);
  EXPECT_FALSE(restarted->down());
  EXPECT_EQ(restarted->last_success(), T0 + 50min);

  // Recovered for good: a later success sends nothing.
  steps_.push_back({std::nullopt, false, "c3"});
  EXPECT_TRUE(Poll(*restarted, T0 + 55min));
  EXPECT_EQ(Legs().size(), 2u);
}

TEST_F(PollerTest, ABriefFailureRaisesNothing) {
  steps_.push_back({core::Error::Transient("HTTP 500"), false, {}});
  steps_.push_back({std::nullopt, false, "c"});
  steps_.push_back({core::Error::Transient("HTTP 500"), false, {}});
  auto poller = Make();
  EXPECT_FALSE(Poll(*poller, T0));
  EXPECT_TRUE(Poll(*poller, T0 + 5min));
  EXPECT_FALSE(Poll(*poller, T0 + 30min));  // a new outage starts here, not at T0
  EXPECT_TRUE(Legs().empty());
}

TEST_F(PollerTest, CredentialsRejectedSaysSo) {
  for (int i = 0; i < 2; ++i) {
    steps_.push_back({core::Error::Permanent("GET http://x/orders: HTTP 403: Unauthorized")
                          .WithReason(core::ErrorReason::kCredentialsRejected),
                      false,
                      {}});
  }
  auto poller = Make();
  EXPECT_FALSE(Poll(*poller, T0));
  EXPECT_FALSE(Poll(*poller, T0 + 20min));
  ASSERT_EQ(Legs().size(), 1u);
  EXPECT_NE(Legs()[0].notification.alerts[0].Annotation("summary").find("rejected its credentials"),
            std::string::npos);
}

TEST_F(PollerTest, AMessageThatOnlySaysCredentialsRejectedIsAnOrdinaryOutage) {
  // The reason is data: words in a peer's error text do not make it a credentials problem.
  for (int i = 0; i < 2; ++i) {
    steps_.push_back(
        {core::Error::Transient("GET http://x/orders: HTTP 500: credentials rejected"), false, {}});
  }
  auto poller = Make();
  EXPECT_FALSE(Poll(*poller, T0));
  EXPECT_FALSE(Poll(*poller, T0 + 20min));
  ASSERT_EQ(Legs().size(), 1u);
  EXPECT_EQ(Legs()[0].notification.alerts[0].Annotation("summary").find("rejected its credentials"),
            std::string::npos);
}

}  // namespace
}  // namespace sellerwatch::sources
