// A notification a chat receiver gets as several messages (issue 17): the channel reports each
// message as it arrives, and a retry given that progress sends only the messages not yet
// delivered. The messages render the same on every attempt, so "message k" stays message k.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "config/loader.hpp"
#include "core/alert_json.hpp"
#include "fakes/http_test_server.hpp"
#include "fakes/run_awaitable.hpp"
#include "net/curl_multi.hpp"
#include "notify/channels/http_channel.hpp"
#include "notify/channels/http_requests.hpp"
#include "unit/notify/render/render_fixtures.hpp"

namespace sellerwatch::notify {
namespace {

namespace asio = boost::asio;
using sellerwatch::testing::HttpTestServer;
using sellerwatch::testing::ScriptedResponse;

config::ReceiverConfig Receiver(const std::string& settings) {
  auto loaded = config::ParseConfig("receivers: [{name: chat, " + settings + "}]\n", "chat.yaml");
  EXPECT_TRUE(loaded.config) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].Format());
  return loaded.config ? loaded.config->receivers.at(0) : config::ReceiverConfig{};
}

std::vector<std::string> Bodies(const config::ReceiverConfig& receiver, const core::Notification& n,
                                const LegContext& leg) {
  auto requests = BuildHttpRequests(receiver, n, leg);
  EXPECT_TRUE(requests) << requests.error().message;
  std::vector<std::string> out;
  if (requests) {
    for (const auto& r : *requests) out.push_back(r.body);
  }
  return out;
}

// 250 alerts: one line each, 100 lines to a Slack message: three messages.
core::Notification Large() { return testing::ManyAlerts(250); }

class HttpChannelPartsTest : public ::testing::Test {
 protected:
  struct Sent {
    SendOutcome outcome;
    std::vector<PartsProgress> reported;  // on_part calls, in order
  };

  Sent Send(const core::Notification& n, PartsProgress parts) {
    HttpChannel channel(receiver_, http_);
    Sent sent;
    const LegContext leg{"sw-leg", 1, testing::At("2026-11-01T12:05:00Z"), std::move(parts),
                         [&](const PartsProgress& p) { sent.reported.push_back(p); }};
    sent.outcome = sellerwatch::testing::RunAwaitable(io_, channel.Send(n, leg));
    return sent;
  }
  std::vector<std::string> Received() const {
    std::vector<std::string> out;
    for (const auto& r : server_.Requests()) out.push_back(r.body);
    return out;
  }
  std::vector<std::string> Expected(const core::Notification& n) {
    return Bodies(receiver_, n, {"sw-leg", 1, testing::At("2026-11-01T12:05:00Z")});
  }

  asio::io_context io_;
  net::CurlMulti curl_{io_};
  net::HttpClient http_{curl_};
  HttpTestServer server_;
  config::ReceiverConfig receiver_ =
      Receiver("slack: {webhook_url: \"" + server_.Url("/s") + "\"}");
};

TEST_F(HttpChannelPartsTest, EachMessageIsReportedAsItArrives) {
  auto expected = Expected(Large());
  ASSERT_EQ(expected.size(), 3u);
  auto sent = Send(Large(), {});
  EXPECT_EQ(sent.outcome.kind, SendOutcome::Kind::kDelivered) << sent.outcome.detail;
  EXPECT_EQ(Received(), expected);
  ASSERT_EQ(sent.reported.size(), 3u);
  const std::string digest = sent.reported[0].digest;
  EXPECT_EQ(digest.size(), 64u);  // sha256, hex
  EXPECT_EQ(sent.reported, (std::vector<PartsProgress>{{1, digest}, {2, digest}, {3, digest}}));
}

TEST_F(HttpChannelPartsTest, ARetrySendsOnlyTheMessagesNotYetDelivered) {
  auto expected = Expected(Large());
  ASSERT_EQ(expected.size(), 3u);
  server_.Enqueue({});
  server_.Enqueue({.status = 500, .body = "oops"});
  auto first = Send(Large(), {});
  EXPECT_EQ(first.outcome.kind, SendOutcome::Kind::kRetry);
  EXPECT_EQ(first.outcome.detail.rfind("message 2 of 3: ", 0), 0u) << first.outcome.detail;
  ASSERT_EQ(first.reported.size(), 1u);
  EXPECT_EQ(first.reported[0].delivered, 1);

  auto second = Send(Large(), first.reported.back());
  EXPECT_EQ(second.outcome.kind, SendOutcome::Kind::kDelivered) << second.outcome.detail;
  EXPECT_EQ(Received(),
            (std::vector<std::string>{expected[0], expected[1], expected[1], expected[2]}));
  ASSERT_EQ(second.reported.size(), 2u);
  EXPECT_EQ(second.reported[0].delivered, 2);
  EXPECT_EQ(second.reported[1].delivered, 3);
  EXPECT_EQ(second.reported[1].digest, first.reported[0].digest);
}

TEST_F(HttpChannelPartsTest, EveryMessageDeliveredLeavesNothingToSend) {
  auto all = Send(Large(), {});
  ASSERT_EQ(all.reported.size(), 3u);
  auto again = Send(Large(), all.reported.back());  // the process died before marking it
  EXPECT_EQ(again.outcome.kind, SendOutcome::Kind::kDelivered);
  EXPECT_EQ(server_.RequestCount(), 3u);
  EXPECT_TRUE(again.reported.empty());
}

// A reload changed what the receiver renders: the count was of other messages, so all go out.
TEST_F(HttpChannelPartsTest, ProgressOfOtherMessagesIsNotApplied) {
  auto sent = Send(Large(), {2, std::string(64, '0')});
  EXPECT_EQ(sent.outcome.kind, SendOutcome::Kind::kDelivered);
  EXPECT_EQ(Received(), Expected(Large()));
}

TEST_F(HttpChannelPartsTest, AOneMessageNotificationIsSentWholeAndNotCounted) {
  auto sent = Send(testing::OneAlert(), {1, "whatever"});
  EXPECT_EQ(sent.outcome.kind, SendOutcome::Kind::kDelivered);
  EXPECT_EQ(server_.RequestCount(), 1u);
  EXPECT_TRUE(sent.reported.empty());
}

TEST_F(HttpChannelPartsTest, ANetworkFailureNamesTheMessage) {
  server_.Enqueue({});
  server_.Enqueue({.raw = std::string("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")});
  auto sent = Send(Large(), {});
  EXPECT_EQ(sent.outcome.kind, SendOutcome::Kind::kRetry);
  EXPECT_EQ(sent.outcome.detail.rfind("message 2 of 3: ", 0), 0u) << sent.outcome.detail;
  EXPECT_EQ(sent.outcome.detail.find(server_.Url("/s")), std::string::npos)
      << "the webhook URL is a secret";
  EXPECT_EQ(sent.reported.size(), 1u);
}

// Part k must be the same message on every attempt: rendered from the stored notification
// (decoded again from the outbox's JSON) at any later time and attempt, every chat channel and
// a digest give the very same messages.
TEST(HttpChannelPartsRender, MessagesRenderTheSameOnEveryAttempt) {
  core::DigestPayload digest;
  digest.chat_title = "sellerwatch weekly digest";
  for (int a = 0; a < 40; ++a) {
    core::DigestChatSection s;
    s.title = "shop-" + std::to_string(a) + " (amazon): critical";
    for (int l = 0; l < 12; ++l)
      s.lines.push_back("order_defect_rate 1.2% (+0.14 pp) target warn 0.7% · critical 1%");
    digest.chat.push_back(std::move(s));
  }
  core::Notification digest_notification = testing::MakeNotification({});
  digest_notification.digest = digest;

  const std::string url = "http://127.0.0.1:9/x";
  for (const std::string& settings :
       {"slack: {webhook_url: \"" + url + "\"}", "mattermost: {webhook_url: \"" + url + "\"}",
        "discord: {webhook_url: \"" + url + "\"}", "teams: {webhook_url: \"" + url + "\"}",
        "google_chat: {webhook_url: \"" + url + "\"}",
        "telegram: {bot_token: \"1:a\", chat_id: \"-100\", api_url: \"" + url + "\"}"}) {
    auto receiver = Receiver(settings);
    for (const auto& n : {Large(), digest_notification}) {
      auto stored = core::DecodeNotification(core::EncodeNotification(n));
      ASSERT_TRUE(stored) << stored.error().message;
      auto first = Bodies(receiver, *stored, {"k", 1, testing::At("2026-11-01T12:05:00Z")});
      auto again = core::DecodeNotification(core::EncodeNotification(*stored));
      ASSERT_TRUE(again);
      auto later = Bodies(receiver, *again, {"k", 7, testing::At("2026-11-03T08:00:00Z")});
      EXPECT_GT(first.size(), 1u) << settings << (n.digest ? " digest" : "");
      EXPECT_EQ(first, later) << settings << (n.digest ? " digest" : "");
      EXPECT_EQ(first, Bodies(receiver, n, {"k", 1, testing::At("2026-11-01T12:05:00Z")}))
          << settings << ": the stored notification renders as the original";
    }
  }
}

}  // namespace
}  // namespace sellerwatch::notify
