// A notification a chat receiver gets as several messages, against a loopback chat server
// (issue 17): when message 2 fails, the retry sends messages 2.. only — in the same process,
// after the dispatcher is restarted, and after the daemon is killed while sending message 2.
// Message 1 arrives exactly once every time.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>

#include "config/loader.hpp"
#include "fakes/http_test_server.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"
#include "integration/running_dispatcher.hpp"
#include "notify/channels/http_requests.hpp"
#include "store/migrations.hpp"
#include "store/outbox_store.hpp"
#include "unit/notify/render/render_fixtures.hpp"

namespace sellerwatch::notify {
namespace {

using namespace std::chrono_literals;
using sellerwatch::testing::HttpTestServer;
using sellerwatch::testing::RecordedRequest;
using sellerwatch::testing::ScriptedResponse;
using sellerwatch::testing::TempDir;

std::string Config(const std::string& state_dir, const std::string& receiver) {
  return "daemon: {state_dir: " + state_dir +
         ", listen: \"127.0.0.1:0\"}\n"
         "accounts: [{id: acme-us, marketplace: amazon}]\n"
         "receivers: [{name: chat, " +
         receiver + "}]\n";
}

// 250 alerts in one notification: more than one chat message holds.
store::OutboxLeg SplitLeg(const std::string& key, core::Timestamp now) {
  store::OutboxLeg leg;
  leg.key = key;
  leg.receiver = "chat";
  leg.notification = testing::ManyAlerts(250);
  leg.notification.receiver = "chat";
  leg.notification.created_at = now;
  leg.created_at = leg.next_attempt_at = now;
  return leg;
}

// The messages the outbox row renders to, in order: what each attempt sends from.
std::vector<std::string> Messages(const config::Config& config, const store::OutboxLeg& leg) {
  auto requests = BuildHttpRequests(*config.FindReceiver(leg.receiver), leg.notification,
                                    {leg.key, 1, leg.created_at});
  EXPECT_TRUE(requests) << requests.error().message;
  std::vector<std::string> out;
  if (requests) {
    for (const auto& r : *requests) out.push_back(r.body);
  }
  return out;
}

std::vector<std::string> Bodies(const std::vector<RecordedRequest>& requests) {
  std::vector<std::string> out;
  for (const auto& r : requests) out.push_back(r.body);
  return out;
}

// Messages 1, 2 (failed), then 2 again and the rest.
std::vector<std::string> FirstOnceSecondTwice(const std::vector<std::string>& messages) {
  std::vector<std::string> out = {messages[0], messages[1]};
  out.insert(out.end(), messages.begin() + 1, messages.end());
  return out;
}

// A running dispatcher whose one receiver, `chat`, gets notifications split into messages.
class Dispatcher {
 public:
  Dispatcher(const std::string& state_dir, const std::string& receiver)
      : run_(Config(state_dir, receiver), state_dir) {}

  std::int64_t Queue(const std::string& key) { return run_.Enqueue(SplitLeg(key, run_.Now())); }
  store::OutboxLeg Leg(std::int64_t id) { return run_.Leg(id); }
  std::vector<std::string> MessagesOf(std::int64_t id) { return Messages(run_.config(), Leg(id)); }
  bool Until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    return run_.Until(done, limit);
  }
  // The first attempt ended: message 1 delivered, message 2 failed and scheduled again.
  bool UntilRetryScheduled(std::int64_t id) {
    return Until(
        [&] {
          auto leg = Leg(id);
          return leg.attempts == 1 && leg.status == store::LegStatus::kPending;
        },
        20s);
  }

 private:
  sellerwatch::testing::RunningDispatcher run_;
};

TEST(ChatPartsDelivery, AMessageFailingOnceIsSentAgainAloneAndTheFirstArrivesOnce) {
  HttpTestServer server;
  server.Enqueue({});                                         // message 1
  server.Enqueue({.status = 500, .body = "internal_error"});  // message 2, once
  TempDir dir;
  Dispatcher d(dir.File("state"), "slack: {webhook_url: \"" + server.Url("/slack") + "\"}");
  auto id = d.Queue("sw-split-once");
  auto messages = d.MessagesOf(id);
  ASSERT_GE(messages.size(), 3u);

  ASSERT_TRUE(d.UntilRetryScheduled(id)) << d.Leg(id).last_error;
  auto failed = d.Leg(id);
  EXPECT_EQ(failed.last_error.rfind(fmt::format("message 2 of {}: ", messages.size()), 0), 0u)
      << failed.last_error;
  EXPECT_EQ(failed.parts_delivered, 1);
  EXPECT_EQ(server.RequestCount(), 2u);

  ASSERT_TRUE(d.Until([&] { return d.Leg(id).status == store::LegStatus::kDelivered; }, 30s))
      << d.Leg(id).last_error;
  auto received = Bodies(server.Requests());
  EXPECT_EQ(received, FirstOnceSecondTwice(messages));
  EXPECT_EQ(std::count(received.begin(), received.end(), messages[0]), 1);
  auto leg = d.Leg(id);
  EXPECT_EQ(leg.attempts, 2);
  EXPECT_EQ(leg.parts_delivered, static_cast<int>(messages.size()));
  EXPECT_EQ(leg.last_error, "");
}

TEST(ChatPartsDelivery, ADispatcherRestartedAfterMessageTwoFailedSendsOnlyTheRest) {
  HttpTestServer server;
  server.Enqueue({});
  server.Enqueue({.status = 503, .body = "unavailable"});
  TempDir dir;
  const std::string receiver = "slack: {webhook_url: \"" + server.Url("/slack") + "\"}";
  std::int64_t id = 0;
  std::vector<std::string> messages;
  {
    Dispatcher first(dir.File("state"), receiver);
    id = first.Queue("sw-split-restart");
    messages = first.MessagesOf(id);
    ASSERT_GE(messages.size(), 3u);
    ASSERT_TRUE(first.UntilRetryScheduled(id)) << first.Leg(id).last_error;
    EXPECT_EQ(first.Leg(id).parts_delivered, 1);
  }
  ASSERT_EQ(server.RequestCount(), 2u);

  Dispatcher restarted(dir.File("state"), receiver);
  ASSERT_TRUE(restarted.Until(
      [&] { return restarted.Leg(id).status == store::LegStatus::kDelivered; }, 30s))
      << restarted.Leg(id).last_error;
  EXPECT_EQ(Bodies(server.Requests()), FirstOnceSecondTwice(messages));
  EXPECT_EQ(restarted.Leg(id).attempts, 2);
}

// The real daemon, killed (SIGKILL) while message 2 is in flight: on start it sends the leg
// again from message 2 — message 1 was committed before message 2 went out.
TEST(ChatPartsDelivery, ADaemonKilledWhileSendingMessageTwoSendsOnlyTheRestOnStart) {
  HttpTestServer server;
  server.Enqueue({});  // message 1; then nothing answers
  server.SetHandler([](const RecordedRequest&) { return ScriptedResponse::Hang(); });
  TempDir dir;
  const std::string yaml =
      Config(dir.File("state"), "discord: {webhook_url: \"" + server.Url("/discord") + "\"}");
  std::string config = dir.Write("sellerwatch.yaml", yaml);
  std::vector<std::string> messages;
  std::int64_t id = 0;
  {
    auto db = store::OpenStore(dir.File("state"));
    ASSERT_TRUE(db) << db.error().message;
    auto queued =
        store::OutboxStore(**db).Enqueue(SplitLeg("sw-split-kill", core::SystemClock().Now()));
    ASSERT_TRUE(queued && *queued);
    id = **queued;
    auto parsed = config::ParseConfig(yaml, "test.yaml");
    ASSERT_TRUE(parsed.config);
    messages = Messages(*parsed.config, *store::OutboxStore(**db).Find(id).value());
    ASSERT_GE(messages.size(), 3u);
  }
  {
    sellerwatch::testing::BackgroundProcess daemon(
        {sellerwatch::testing::SellerwatchBinary(), "run", "-c", config});
    ASSERT_TRUE(server.WaitForRequests(2, 60s)) << daemon.err();
    daemon.Signal(SIGKILL);
    ASSERT_TRUE(daemon.Wait(10s).has_value());
  }
  {
    auto db = store::OpenStore(dir.File("state"));
    ASSERT_TRUE(db) << db.error().message;
    auto leg = store::OutboxStore(**db).Find(id).value();
    ASSERT_TRUE(leg);
    EXPECT_EQ(leg->status, store::LegStatus::kSending);
    EXPECT_EQ(leg->parts_delivered, 1);
  }

  server.SetHandler([](const RecordedRequest&) { return ScriptedResponse{.status = 204}; });
  sellerwatch::testing::BackgroundProcess daemon(
      {sellerwatch::testing::SellerwatchBinary(), "run", "-c", config});
  ASSERT_TRUE(daemon.WaitForStderr("being sent when sellerwatch stopped; sending again", 30s))
      << daemon.err();
  ASSERT_TRUE(daemon.WaitForStderr("receiver=chat delivered sw-split-kill", 30s)) << daemon.err();
  EXPECT_EQ(Bodies(server.Requests()), FirstOnceSecondTwice(messages));
  daemon.Signal(SIGTERM);
  auto code = daemon.Wait(20s);
  ASSERT_TRUE(code.has_value()) << daemon.err();
  EXPECT_EQ(*code, 0) << daemon.err();
}

}  // namespace
}  // namespace sellerwatch::notify
