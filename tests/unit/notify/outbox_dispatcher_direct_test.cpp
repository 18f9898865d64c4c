// OutboxDispatcher::SendDirect (Alertmanager re-sends): it waits for the receiver's send in
// flight and decides what to send only then, so a re-send never overtakes — or contradicts —
// a leg that went out before it.

#include <gtest/gtest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "app/logs.hpp"
#include "config/loader.hpp"
#include "fakes/run_awaitable.hpp"
#include "fakes/temp_dir.hpp"
#include "notify/outbox_dispatcher.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::notify {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Records when each send begins and ends; a send takes `delay`.
class SlowChannel final : public Channel {
 public:
  SlowChannel(asio::io_context& io, std::vector<std::string>& events) : io_(io), events_(events) {}
  asio::awaitable<SendOutcome> Send(const core::Notification& n, const LegContext&) override {
    events_.push_back("begin " + n.group_key);
    asio::steady_timer timer(io_, 300ms);
    co_await timer.async_wait(asio::use_awaitable);
    events_.push_back("end " + n.group_key);
    co_return SendOutcome{SendOutcome::Kind::kDelivered, std::nullopt, "", {{"http://p", true}}};
  }

 private:
  asio::io_context& io_;
  std::vector<std::string>& events_;
};

TEST(OutboxDispatcherDirectTest, ADirectSendWaitsForTheLegInFlightAndDecidesAfterIt) {
  sellerwatch::testing::TempDir dir;
  auto loaded = config::ParseConfig(
      "daemon: {state_dir: " + dir.File("state") + "}\nreceivers: [{name: am, console: {}}]\n",
      "test.yaml");
  ASSERT_TRUE(loaded.ok());
  auto db = store::OpenStore(dir.File("state"));
  ASSERT_TRUE(db);
  asio::io_context io;
  std::vector<std::string> events;
  Channels channels{{"am", std::make_shared<SlowChannel>(io, events)}};
  core::SystemClock clock;
  app::Logs logs("warn");
  OutboxDispatcher dispatcher(io, loaded.config, **db, channels, clock, logs.Get("delivery"));

  store::OutboxLeg leg;
  leg.key = "leg-1";
  leg.receiver = "am";
  leg.created_at = clock.Now();
  leg.next_attempt_at = leg.created_at;
  leg.notification = core::Notification{"am", "leg", leg.created_at, {}};
  ASSERT_TRUE(store::OutboxStore(**db).Enqueue(leg));

  asio::cancellation_signal stop;
  asio::co_spawn(io, dispatcher.Run(),
                 asio::bind_cancellation_slot(stop.slot(), [](std::exception_ptr) {}));
  ASSERT_TRUE(sellerwatch::testing::RunUntil(
      io, [&] { return !events.empty(); }, 5s));

  auto outcome = sellerwatch::testing::RunAwaitable(
      io, dispatcher.SendDirect("am", [&](core::Timestamp) -> std::optional<core::Notification> {
        events.push_back("decide");
        return core::Notification{"am", "resend", clock.Now(), {}};
      }));
  ASSERT_TRUE(outcome);
  EXPECT_EQ(outcome->kind, SendOutcome::Kind::kDelivered);
  EXPECT_EQ(events, (std::vector<std::string>{"begin leg", "end leg", "decide", "begin resend",
                                              "end resend"}));
  // Both sends counted for the peer.
  auto counts = dispatcher.counters().peer_posts.at({"am", "http://p"});
  EXPECT_EQ(counts.ok, 2u);

  // Nothing to send: nothing sent.
  auto nothing = sellerwatch::testing::RunAwaitable(
      io, dispatcher.SendDirect("am", [](core::Timestamp) { return std::nullopt; }));
  EXPECT_FALSE(nothing);
  stop.emit(asio::cancellation_type::terminal);
  sellerwatch::testing::RunUntil(
      io, [] { return false; }, 100ms);
}

}  // namespace
}  // namespace sellerwatch::notify
