#include "app/digest_loop.hpp"

#include <gtest/gtest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <map>

#include "app/logs.hpp"
#include "config/loader.hpp"
#include "fakes/manual_clock.hpp"
#include "fakes/temp_dir.hpp"
#include "store/alert_history_store.hpp"
#include "store/digest_store.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::app {
namespace {

using namespace std::chrono_literals;

core::Timestamp T(const char* text) { return *core::ParseRfc3339(text); }

// Saturday 09:00 in Berlin is 08:00 UTC in November.
const core::Timestamp kSlot = T("2026-11-28T08:00:00Z");

class DigestLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = config::ParseConfig(
        "daemon: {state_dir: " + dir_.File("state") +
            "}\n"
            "accounts: [{id: shop, marketplace: amazon}, {id: other, marketplace: ebay}]\n"
            "receivers: [{name: console, console: {}}, {name: log, file: {path: " +
            dir_.File("log.jsonl") +
            "}}]\n"
            "digest: {schedule: \"Sat 09:00\", timezone: Europe/Berlin, receivers: [console, "
            "log]}\n",
        "test.yaml");
    ASSERT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].Format());
    config_ = loaded.config;
    Reopen();
  }

  // A fresh store handle and loop, as after a restart of the daemon.
  void Reopen() {
    loop_.reset();
    db_.reset();
    db_ = *store::OpenStore(dir_.File("state"));
    loop_ = std::make_unique<DigestLoop>(config_, *db_, clock_, logs_.Get("digest"),
                                         [this] { ++wakes_; });
  }

  std::vector<store::OutboxLeg> Legs() {
    auto legs = store::OutboxStore(*db_).Due(kSlot + 30 * core::kDay, 100);
    EXPECT_TRUE(legs);
    return legs ? *legs : std::vector<store::OutboxLeg>{};
  }

  testing::TempDir dir_;
  Logs logs_{"off"};
  core::SystemClock clock_;
  std::shared_ptr<const config::Config> config_;
  std::unique_ptr<store::Db> db_;
  std::unique_ptr<DigestLoop> loop_;
  int wakes_ = 0;
};

TEST_F(DigestLoopTest, SendsAtTheSlotOncePerReceiverAndARestartDoesNotResend) {
  EXPECT_EQ(loop_->SendDue(kSlot - 1min), kSlot);  // not yet: look again at the slot
  EXPECT_TRUE(Legs().empty());

  loop_->SendDue(kSlot + 30s);
  auto legs = Legs();
  ASSERT_EQ(legs.size(), 2u);
  EXPECT_EQ(wakes_, 1);
  EXPECT_EQ(store::DigestStore(*db_).LastSlot("console").value(), kSlot);
  EXPECT_EQ(store::DigestStore(*db_).LastSlot("log").value(), kSlot);

  Reopen();
  loop_->SendDue(kSlot + 2min);
  loop_->SendDue(kSlot + 3h);
  EXPECT_EQ(Legs().size(), 2u);

  loop_->SendDue(kSlot + 7 * core::kDay + 1s);  // next Saturday
  EXPECT_EQ(Legs().size(), 4u);
}

TEST_F(DigestLoopTest, MissedDigestIsSentOnceOnStartOnlyTheLatest) {
  // Last served three weeks ago; the daemon was down over two slots.
  ASSERT_TRUE(store::DigestStore(*db_).MarkSent("console", kSlot - 21 * core::kDay,
                                                kSlot - 21 * core::kDay));
  ASSERT_TRUE(
      store::DigestStore(*db_).MarkSent("log", kSlot - 21 * core::kDay, kSlot - 21 * core::kDay));
  const auto tuesday = kSlot + 3 * core::kDay;
  loop_->SendDue(tuesday);
  EXPECT_EQ(Legs().size(), 2u);
  EXPECT_EQ(store::DigestStore(*db_).LastSlot("console").value(), kSlot);
  Reopen();
  loop_->SendDue(tuesday + 1h);
  EXPECT_EQ(Legs().size(), 2u);
}

TEST_F(DigestLoopTest, QueuedLegCarriesTheRenderedDigest) {
  ASSERT_TRUE(store::AlertHistoryStore(*db_).Record({"shop", "order_defect_rate",
                                                     "order_defect_rate", core::AlertState::kFiring,
                                                     core::Severity::kCritical, kSlot - 1h, 0.02}));
  loop_->SendDue(kSlot);
  auto legs = Legs();
  ASSERT_EQ(legs.size(), 2u);
  const auto& n = legs[0].notification;
  ASSERT_TRUE(n.digest);
  EXPECT_TRUE(n.alerts.empty());
  EXPECT_EQ(n.group_key, "digest/" + legs[0].receiver);
  EXPECT_NE(n.digest->html.find("shop"), std::string::npos);
  EXPECT_NE(n.digest->html.find("other"), std::string::npos);
  EXPECT_NE(n.digest->text.find("Order defect rate (60 days) critical: fired"), std::string::npos);
  EXPECT_EQ(n.digest->chat.size(), 2u);
  EXPECT_NE(legs[0].key, legs[1].key);
}

// Each receiver reads the digest in its own language: one digest, a Chinese and an English
// payload.
TEST_F(DigestLoopTest, EachReceiverGetsTheDigestInItsLanguage) {
  auto loaded = config::ParseConfig(
      "daemon: {state_dir: " + dir_.File("state") +
          "}\n"
          "accounts: [{id: shop, marketplace: aliexpress}]\n"
          "receivers: [{name: console, console: {}, language: zh-CN}, {name: log, file: {path: " +
          dir_.File("log.jsonl") +
          "}}]\n"
          "digest: {schedule: \"Sat 09:00\", timezone: Europe/Berlin, receivers: [console, "
          "log]}\n",
      "test.yaml");
  ASSERT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].Format());
  config_ = loaded.config;
  Reopen();
  ASSERT_TRUE(store::AlertHistoryStore(*db_).Record(
      {"shop", "seller_fault_cancel_count", "seller_fault_cancel_count", core::AlertState::kFiring,
       core::Severity::kCritical, kSlot - 1h, 2}));
  loop_->SendDue(kSlot);
  auto legs = Legs();
  ASSERT_EQ(legs.size(), 2u);
  std::map<std::string, core::DigestPayload> by_receiver;
  for (const auto& leg : legs) by_receiver[leg.receiver] = *leg.notification.digest;
  const auto& zh = by_receiver.at("console");
  const auto& en = by_receiver.at("log");
  EXPECT_EQ(zh.subject, "[sellerwatch] 每周摘要：该账户需要关注");
  EXPECT_EQ(en.subject, "[sellerwatch] Weekly digest: the account needs attention");
  EXPECT_NE(zh.html.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(en.html.find("<html lang=\"en\">"), std::string::npos);
  EXPECT_NE(zh.text.find("本周告警："), std::string::npos) << zh.text;
  EXPECT_NE(en.text.find("Alerts this week:"), std::string::npos) << en.text;
  EXPECT_EQ(ReceiverLanguage(*config_, "console").Language(), "zh-CN");
  EXPECT_EQ(ReceiverLanguage(*config_, "log").Language(), "en");
  EXPECT_EQ(ReceiverLanguage(*config_, "preview").Language(), "en") << "daemon.language";
}

TEST_F(DigestLoopTest, UnscheduledSendLeavesTheScheduleAlone) {
  auto n = MakeDigestNotification(*config_, *db_, "console", kSlot + 1h, "shop");
  ASSERT_TRUE(n);
  EXPECT_EQ(n->digest->chat.size(), 1u);
  ASSERT_TRUE(EnqueueDigest(*db_, *n, std::nullopt, kSlot + 1h));
  EXPECT_EQ(store::DigestStore(*db_).LastSlot("console").value(), std::nullopt);
  EXPECT_EQ(Legs().size(), 1u);
}

// A shard sees only its own accounts: its digest would be one of N partial mails with the
// same subject, so the weekly digest comes from `digest --merge` instead.
TEST_F(DigestLoopTest, AShardSendsNoWeeklyDigestButStillAgesOutAlertHistory) {
  auto sharded = std::make_shared<config::Config>(*config_);
  sharded->shard = core::Shard{1, 2};
  EXPECT_FALSE(SendsWeeklyDigest(*sharded));
  EXPECT_TRUE(SendsWeeklyDigest(*config_));
  ASSERT_TRUE(store::AlertHistoryStore(*db_).Record(
      {"shop", "order_defect_rate", "order_defect_rate", core::AlertState::kFiring,
       core::Severity::kCritical, kSlot - 100 * core::kDay, 0.02}));
  DigestLoop loop(sharded, *db_, clock_, logs_.Get("digest"), [this] { ++wakes_; });
  EXPECT_EQ(loop.SendDue(kSlot + 30s), kSlot + 30s + 1h);
  EXPECT_TRUE(Legs().empty());
  EXPECT_EQ(wakes_, 0);
  EXPECT_EQ(store::DigestStore(*db_).LastSlot("console").value(), std::nullopt);
  EXPECT_TRUE(store::AlertHistoryStore(*db_).Since("shop", kSlot - 200 * core::kDay)->empty());
}

// A reload does not restart the loop: it builds the next digest from the new config, and
// Wake() makes it look now rather than at the end of its sleep (up to an hour).
TEST_F(DigestLoopTest, ARunningLoopTakesTheNewConfigAndLooksAgainWhenWoken) {
  testing::ManualClock clock(kSlot - 1h);
  DigestLoop loop(config_, *db_, clock, logs_.Get("digest"), [this] { ++wakes_; });
  boost::asio::io_context io;
  boost::asio::cancellation_signal stop;
  bool ended = false;
  std::exception_ptr died;
  boost::asio::co_spawn(io, loop.Run(),
                        boost::asio::bind_cancellation_slot(stop.slot(), [&](std::exception_ptr e) {
                          ended = true;
                          died = e;
                        }));
  io.poll();  // nothing due: it sleeps towards the slot
  EXPECT_TRUE(Legs().empty());

  auto next = std::make_shared<config::Config>(*config_);
  next->digest->receivers = {"log"};
  loop.Reconfigure(next);
  clock.now = kSlot + 1min;
  io.poll();
  EXPECT_TRUE(Legs().empty());  // still asleep
  loop.Wake();
  io.poll();
  auto legs = Legs();
  ASSERT_EQ(legs.size(), 1u);
  EXPECT_EQ(legs[0].receiver, "log");
  EXPECT_EQ(wakes_, 1);

  loop.Wake();  // nothing new is due
  io.poll();
  EXPECT_EQ(Legs().size(), 1u);
  EXPECT_FALSE(ended);

  stop.emit(boost::asio::cancellation_type::terminal);
  io.run();
  EXPECT_TRUE(ended);
  EXPECT_FALSE(died);
}

}  // namespace
}  // namespace sellerwatch::app
