// The dispatcher's side of split notifications (issue 17): it hands a leg's progress to the
// channel and commits each message the channel reports before the channel sends the next one,
// so a retry — by this process or after a restart — starts after the last message delivered.
// Direct sends (Alertmanager re-sends) keep no progress.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "app/logs.hpp"
#include "config/loader.hpp"
#include "fakes/manual_clock.hpp"
#include "fakes/run_awaitable.hpp"
#include "fakes/temp_dir.hpp"
#include "notify/outbox_dispatcher.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::notify {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Three messages; message `fail_at` fails once. Records the progress each send was given and
// what the outbox held right after each message it reported.
class ThreeMessageChannel final : public Channel {
 public:
  explicit ThreeMessageChannel(std::function<int()> stored) : stored_(std::move(stored)) {}

  asio::awaitable<SendOutcome> Send(const core::Notification&, const LegContext& leg) override {
    given.push_back(leg.parts);
    hooked.push_back(static_cast<bool>(leg.on_part));
    for (int part = leg.parts.delivered + 1; part <= 3; ++part) {
      sent.push_back(part);
      if (part == fail_at) {
        fail_at = 0;
        co_return SendOutcome{SendOutcome::Kind::kRetry, std::nullopt,
                              fmt::format("message {} of 3: HTTP 500", part)};
      }
      if (leg.on_part) {
        leg.on_part({part, "digest"});
        committed.push_back(stored_());
      }
    }
    co_return SendOutcome{};
  }

  int fail_at = 2;
  std::vector<PartsProgress> given;
  std::vector<bool> hooked;
  std::vector<int> sent;       // message numbers, in the order sent
  std::vector<int> committed;  // the outbox's count right after each report

 private:
  std::function<int()> stored_;
};

// One DrainOnce pass, run to its end.
void DrainOnce(asio::io_context& io, OutboxDispatcher& dispatcher) {
  bool done = false;
  std::exception_ptr error;
  asio::co_spawn(io, dispatcher.DrainOnce(), [&](std::exception_ptr e) {
    error = e;
    done = true;
  });
  ASSERT_TRUE(sellerwatch::testing::RunUntil(
      io, [&] { return done; }, 10s));
  EXPECT_FALSE(error);
}

TEST(OutboxDispatcherPartsTest, EachMessageIsCommittedAndARestartedRetrySendsTheRest) {
  sellerwatch::testing::TempDir dir;
  auto loaded = config::ParseConfig(
      "daemon: {state_dir: " + dir.File("state") + "}\nreceivers: [{name: chat, console: {}}]\n",
      "test.yaml");
  ASSERT_TRUE(loaded.ok());
  auto db = store::OpenStore(dir.File("state"));
  ASSERT_TRUE(db);
  testing::ManualClock clock{core::FromUnixMillis(1'790'000'000'000)};
  store::OutboxLeg leg;
  leg.key = "sw-split";
  leg.receiver = "chat";
  leg.created_at = leg.next_attempt_at = clock.Now();
  leg.notification = core::Notification{"chat", "g", clock.Now(), {}};
  auto id = store::OutboxStore(**db).Enqueue(leg).value().value();
  auto find = [&] { return store::OutboxStore(**db).Find(id).value().value(); };
  auto channel = std::make_shared<ThreeMessageChannel>([&] { return find().parts_delivered; });
  app::Logs logs("warn");
  asio::io_context io;

  {
    OutboxDispatcher dispatcher(io, loaded.config, **db, {{"chat", channel}}, clock,
                                logs.Get("delivery"));
    DrainOnce(io, dispatcher);
  }
  EXPECT_EQ(channel->given, (std::vector<PartsProgress>{{0, ""}}));
  EXPECT_EQ(channel->committed, (std::vector<int>{1})) << "committed before message 2 was sent";
  auto after_failure = find();
  EXPECT_EQ(after_failure.status, store::LegStatus::kPending);
  EXPECT_EQ(after_failure.parts_delivered, 1);
  EXPECT_EQ(after_failure.parts_digest, "digest");
  EXPECT_EQ(after_failure.last_error, "message 2 of 3: HTTP 500");

  // Another dispatcher on the same store (a restart), once the backoff has passed.
  clock.now += 2h;
  OutboxDispatcher restarted(io, loaded.config, **db, {{"chat", channel}}, clock,
                             logs.Get("delivery"));
  ASSERT_TRUE(restarted.Recover());
  DrainOnce(io, restarted);
  EXPECT_EQ(channel->given, (std::vector<PartsProgress>{{0, ""}, {1, "digest"}}));
  EXPECT_EQ(channel->sent, (std::vector<int>{1, 2, 2, 3}));
  EXPECT_EQ(channel->committed, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(find().status, store::LegStatus::kDelivered);
  EXPECT_EQ(find().attempts, 2);

  // A direct send has no outbox row: it starts at message 1 and reports to no one.
  auto direct = sellerwatch::testing::RunAwaitable(
      io,
      restarted.SendDirect("chat", [&](core::Timestamp now) -> std::optional<core::Notification> {
        return core::Notification{"chat", "resend", now, {}};
      }));
  ASSERT_TRUE(direct);
  EXPECT_EQ(direct->kind, SendOutcome::Kind::kDelivered);
  EXPECT_EQ(channel->given.back(), (PartsProgress{0, ""}));
  EXPECT_EQ(channel->hooked, (std::vector<bool>{true, true, false}));
}

}  // namespace
}  // namespace sellerwatch::notify
