// The OutboxDispatcher on a full disk (a VFS whose writes fail): nothing is sent while a leg
// cannot be marked `sending`, tries come no faster than the store's backoff, and a leg whose
// send succeeded but whose `delivered` could not be written is never sent again — only its
// record is retried, and written once the disk takes writes.

#include <gtest/gtest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "app/logs.hpp"
#include "config/loader.hpp"
#include "fakes/full_disk_vfs.hpp"
#include "fakes/run_awaitable.hpp"
#include "fakes/temp_dir.hpp"
#include "notify/outbox_dispatcher.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::notify {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using sellerwatch::testing::FullDiskVfs;

// Delivers every send; `on_send` runs as the send goes out (e.g. the disk fills meanwhile).
class CountingChannel final : public Channel {
 public:
  std::vector<std::string> keys;
  std::function<void()> on_send;
  asio::awaitable<SendOutcome> Send(const core::Notification&, const LegContext& leg) override {
    keys.push_back(leg.key);
    if (on_send) on_send();
    co_return SendOutcome{};
  }
};

class OutboxDispatcherFullTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = config::ParseConfig(
        "daemon: {state_dir: " + dir_.File("state") + "}\nreceivers: [{name: hook, console: {}}]\n",
        "test.yaml");
    ASSERT_TRUE(loaded.ok());
    config_ = loaded.config;
    auto opened = store::OpenStore(dir_.File("state"));
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
    channel_ = std::make_shared<CountingChannel>();
    dispatcher_ = std::make_unique<OutboxDispatcher>(
        io_, config_, *db_, Channels{{"hook", channel_}}, clock_, logs_.Get("delivery"));
  }
  void TearDown() override {
    stop_.emit(asio::cancellation_type::terminal);
    sellerwatch::testing::RunUntil(
        io_, [] { return false; }, 50ms);
    dispatcher_.reset();
    db_.reset();  // before the VFS
  }

  std::int64_t Enqueue(const std::string& key) {
    store::OutboxLeg leg;
    leg.key = key;
    leg.receiver = "hook";
    leg.created_at = clock_.Now();
    leg.next_attempt_at = leg.created_at;
    leg.notification = core::Notification{"hook", "g", leg.created_at, {}};
    auto id = store::OutboxStore(*db_).Enqueue(leg);
    EXPECT_TRUE(id && *id);
    return id && *id ? **id : 0;
  }
  store::LegStatus Status(std::int64_t id) {
    return store::OutboxStore(*db_).Find(id).value()->status;
  }
  void Start() {
    asio::co_spawn(io_, dispatcher_->Run(),
                   asio::bind_cancellation_slot(stop_.slot(), [](std::exception_ptr) {}));
  }
  // Runs the loop for `d`, whatever happens (an observation window, not a wait for an event).
  void RunFor(std::chrono::milliseconds d) {
    sellerwatch::testing::RunUntil(
        io_, [] { return false; }, d);
  }

  FullDiskVfs vfs_;  // before the store: its connection writes through it
  sellerwatch::testing::TempDir dir_;
  asio::io_context io_;
  core::SystemClock clock_;
  app::Logs logs_{"warn"};
  std::shared_ptr<const config::Config> config_;
  std::unique_ptr<store::Db> db_;
  std::shared_ptr<CountingChannel> channel_;
  std::unique_ptr<OutboxDispatcher> dispatcher_;
  asio::cancellation_signal stop_;
};

TEST_F(OutboxDispatcherFullTest, ADeliveredLegWhoseRecordFailedIsNeverSentAgain) {
  const std::int64_t id = Enqueue("leg-1");
  channel_->on_send = [this] { vfs_.Fill(); };  // the disk fills while the send is out
  Start();
  ASSERT_TRUE(sellerwatch::testing::RunUntil(
      io_, [&] { return dispatcher_->unrecorded() == 1; }, 5s));
  EXPECT_EQ(Status(id), store::LegStatus::kSending);  // `delivered` could not be written
  EXPECT_TRUE(db_->write_health().full());

  const std::size_t refused_before = vfs_.refused();
  RunFor(2500ms);
  EXPECT_EQ(channel_->keys, std::vector<std::string>{"leg-1"});
  // Tries at the store's backoff (after 1 s, then 2 s more), not a busy loop.
  EXPECT_LE(vfs_.refused() - refused_before, 6u);
  EXPECT_EQ(dispatcher_->unrecorded(), 1u);

  vfs_.Clear();
  ASSERT_TRUE(sellerwatch::testing::RunUntil(
      io_, [&] { return Status(id) == store::LegStatus::kDelivered; }, 10s));
  EXPECT_EQ(dispatcher_->unrecorded(), 0u);
  EXPECT_FALSE(db_->write_health().full());
  EXPECT_EQ(channel_->keys, std::vector<std::string>{"leg-1"});
  EXPECT_EQ(dispatcher_->counters().delivered, 1u);
}

TEST_F(OutboxDispatcherFullTest, NothingIsSentWhileALegCannotBeMarkedAndItGoesOutOnceAfter) {
  const std::int64_t id = Enqueue("leg-1");
  vfs_.Fill();
  Start();
  ASSERT_TRUE(sellerwatch::testing::RunUntil(
      io_, [&] { return db_->write_health().full(); }, 5s));
  const std::size_t refused_before = vfs_.refused();
  RunFor(2500ms);
  EXPECT_TRUE(channel_->keys.empty());
  EXPECT_LE(vfs_.refused() - refused_before, 4u);
  EXPECT_EQ(Status(id), store::LegStatus::kPending);

  vfs_.Clear();
  ASSERT_TRUE(sellerwatch::testing::RunUntil(
      io_, [&] { return Status(id) == store::LegStatus::kDelivered; }, 10s));
  EXPECT_EQ(channel_->keys, std::vector<std::string>{"leg-1"});
}

}  // namespace
}  // namespace sellerwatch::notify
