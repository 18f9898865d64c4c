// Durable delivery against real peers (DESIGN §1.5, issue 4): a loopback HTTP receiver that
// answers 429/400/200, a real SMTP server (aiosmtpd) that is down and then comes back, and a
// real Alertmanager. The dispatcher runs on its own io_context with the real clock.

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <fstream>
#include <map>
#include <sstream>

#include "fakes/http_test_server.hpp"
#include "fakes/process.hpp"
#include "fakes/run_awaitable.hpp"
#include "fakes/smtp_sink.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/running_dispatcher.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"
#include "notify/render/webhook_signature.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::notify {
namespace {

using namespace std::chrono_literals;
using sellerwatch::testing::HttpTestServer;
using sellerwatch::testing::RunningDispatcher;
using sellerwatch::testing::SmtpSink;
using sellerwatch::testing::TempDir;

constexpr const char* kSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

core::Notification HostileNotification(const std::string& receiver, core::Timestamp now) {
  core::Alert a;
  a.labels = {{"account", "acme-us"},
              {"rule", "negative_feedback_trend"},
              {"severity", "warning"},
              {"marketplace", "amazon"},
              {"metric", "negative_feedback_count_7d"}};
  a.annotations = {{"summary", "acme-us negative feedback doubled"},
                   {"comment", "Bad!\r\nBcc: x@example.com <script>alert(1)</script> <!channel> " +
                                   std::string(5000, 'z')}};
  a.state = core::AlertState::kFiring;
  a.severity = core::Severity::kWarning;
  a.starts_at = now - 1min;
  return {receiver, "test/group", now, {a}};
}

// One store, one config, the real channels and a running dispatcher.
class Delivery {
 public:
  explicit Delivery(const std::string& receivers_yaml)
      : run_("daemon: {state_dir: " + dir_.File("state") + "}\n" +
                 "accounts: [{id: acme-us, marketplace: amazon}]\n" + receivers_yaml,
             dir_.File("state")) {}

  std::int64_t Queue(const std::string& receiver, const std::string& key) {
    store::OutboxLeg leg;
    leg.key = key;
    leg.receiver = receiver;
    leg.notification = HostileNotification(receiver, run_.Now());
    leg.created_at = leg.next_attempt_at = run_.Now();
    return run_.Enqueue(leg);
  }
  store::OutboxLeg Leg(std::int64_t id) { return run_.Leg(id); }
  std::vector<store::OutboxLeg> All() {
    std::vector<store::OutboxLeg> out;
    for (std::int64_t id = 1; id < 100; ++id) {
      if (auto leg = run_.Find(id)) out.push_back(*leg);
    }
    return out;
  }
  bool RunUntilStatus(std::int64_t id, store::LegStatus status, std::chrono::milliseconds limit) {
    return run_.UntilStatus(id, status, limit);
  }
  bool Until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    return run_.Until(done, limit);
  }
  TempDir& dir() { return dir_; }

 private:
  TempDir dir_;
  RunningDispatcher run_;
};

TEST(DeliveryTest, WebhookAnswering429ThenSucceedsOnceAfterTheWaitWithTheSameSignedId) {
  HttpTestServer server;
  server.Enqueue({.status = 429, .headers = {{"Retry-After", "1"}}});
  Delivery d("receivers: [{name: hook, webhook: {url: \"" + server.Url("/hook") + "\", secret: \"" +
             kSecret + "\"}}]\n");
  auto id = d.Queue("hook", "sw-0123456789abcdef");
  ASSERT_TRUE(d.RunUntilStatus(id, store::LegStatus::kDelivered, 20s)) << d.Leg(id).last_error;
  auto requests = server.Requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].Header("webhook-id"), "sw-0123456789abcdef");
  EXPECT_EQ(requests[1].Header("webhook-id"), requests[0].Header("webhook-id"));
  EXPECT_EQ(d.Leg(id).attempts, 2);
  // The receiver can verify what it got (Standard Webhooks).
  const auto& r = requests[1];
  auto expected = SignWebhook(kSecret, *r.Header("webhook-id"),
                              std::stoll(*r.Header("webhook-timestamp")), r.body);
  ASSERT_TRUE(expected);
  EXPECT_EQ(r.Header("webhook-signature"), *expected);
  // The second attempt waited for Retry-After.
  EXPECT_GE(std::stoll(*requests[1].Header("webhook-timestamp")) -
                std::stoll(*requests[0].Header("webhook-timestamp")),
            1);
  // Hostile buyer text stays inside the JSON string.
  auto doc = boost::json::parse(r.body);
  EXPECT_NE(doc.at("alerts").at(0).at("annotations").at("comment").as_string().find("Bcc"),
            std::string::npos);
}

TEST(DeliveryTest, A400GoesToTheFallbackAndRaisesDeliveryFailed) {
  HttpTestServer server;
  server.SetHandler([](const auto&) {
    return testing::ScriptedResponse{.status = 400, .body = "invalid_payload"};
  });
  TempDir files;
  std::string backup = files.File("backup.jsonl");
  Delivery d(
      "receivers:\n"
      "  - {name: chat, slack: {webhook_url: \"" +
      server.Url("/slack") +
      "\"}, fallback: backup}\n"
      "  - {name: backup, file: {path: " +
      backup + "}}\n");
  auto id = d.Queue("chat", "sw-leg-400");
  ASSERT_TRUE(d.RunUntilStatus(id, store::LegStatus::kFailed, 20s));
  EXPECT_NE(d.Leg(id).last_error.find("400"), std::string::npos) << d.Leg(id).last_error;
  // The fallback leg and the meta-alert leg to the remaining receiver are both delivered.
  auto legs = d.All();
  ASSERT_EQ(legs.size(), 3u);
  for (std::size_t i = 1; i < legs.size(); ++i) {
    ASSERT_TRUE(d.RunUntilStatus(legs[i].id, store::LegStatus::kDelivered, 10s))
        << legs[i].key << ": " << d.Leg(legs[i].id).last_error;
    EXPECT_EQ(legs[i].receiver, "backup");
  }
  EXPECT_EQ(legs[1].fallback_of, id);
  EXPECT_EQ(server.RequestCount(), 1u) << "a permanent failure is not retried";
  std::ifstream in(backup);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_NE(text.str().find("negative_feedback_trend"), std::string::npos);
  EXPECT_NE(text.str().find("delivery_failed"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("receiver 'chat'"), std::string::npos);
}

// A receiver that takes 30 s per request and one that answers 500 forever (with a 5 MB body)
// delay only themselves: every leg to a healthy receiver — whose 2xx comes with a 10 MB body —
// is delivered while the slow one's first request is still unanswered.
TEST(DeliveryTest, SlowAndFailingReceiversDelayOnlyThemselves) {
  HttpTestServer slow, broken, good;
  slow.SetHandler([](const auto&) { return testing::ScriptedResponse{.delay = 30s}; });
  broken.SetHandler([](const auto&) {
    return testing::ScriptedResponse{.status = 500, .body = std::string(5 << 20, 'e')};
  });
  good.SetHandler([](const auto&) {
    return testing::ScriptedResponse{.status = 200, .body = std::string(10 << 20, 'g')};
  });
  auto hook = [](const std::string& name, const HttpTestServer& server) {
    return "  - {name: " + name + ", webhook: {url: \"" + server.Url("/" + name) + "\"}}\n";
  };
  Delivery d("receivers:\n" + hook("slow", slow) + hook("broken", broken) + hook("good", good));
  auto slow_leg = d.Queue("slow", "sw-slow-1");
  d.Queue("slow", "sw-slow-2");
  auto broken_leg = d.Queue("broken", "sw-broken-1");
  std::vector<std::int64_t> good_legs;
  for (int i = 0; i < 5; ++i) good_legs.push_back(d.Queue("good", "sw-good-" + std::to_string(i)));

  ASSERT_TRUE(d.Until(
      [&] {
        return std::all_of(good_legs.begin(), good_legs.end(), [&](std::int64_t id) {
          return d.Leg(id).status == store::LegStatus::kDelivered;
        });
      },
      20s))
      << d.Leg(good_legs.back()).last_error;
  EXPECT_EQ(good.RequestCount(), 5u);
  // The slow receiver still holds its first request, and its second waits behind it.
  EXPECT_EQ(d.Leg(slow_leg).status, store::LegStatus::kSending);
  EXPECT_EQ(slow.RequestCount(), 1u);
  // The failing one backs off instead of hammering, and keeps only the start of its answer.
  ASSERT_TRUE(d.Until(
      [&] {
        return d.Leg(broken_leg).attempts >= 1 &&
               d.Leg(broken_leg).status == store::LegStatus::kPending;
      },
      10s));
  EXPECT_LE(broken.RequestCount(), 2u);
  EXPECT_NE(d.Leg(broken_leg).last_error.find("500"), std::string::npos)
      << d.Leg(broken_leg).last_error;
  EXPECT_LT(d.Leg(broken_leg).last_error.size(), 2'000u);
}

TEST(DeliveryTest, MailQueuedWhileTheServerIsDownArrivesOnceWhenItIsBack) {
  std::uint16_t port = 0;
  {
    SmtpSink probe;  // learn a free port, then leave it closed: the server is "down"
    port = probe.port();
  }
  Delivery d(
      "receivers:\n"
      "  - {name: mail, email: {smtp_url: \"smtp://127.0.0.1:" +
      std::to_string(port) +
      "\", tls: none, from: \"sellerwatch <alerts@example.com>\", to: "
      "[ops@example.com]}}\n");
  auto id = d.Queue("mail", "sw-mail-1");
  // The first attempt fails (connection refused) and is rescheduled, not dropped.
  ASSERT_TRUE(
      d.Until([&] { return d.Leg(id).attempts >= 1 && !d.Leg(id).last_error.empty(); }, 10s));
  EXPECT_EQ(d.Leg(id).status, store::LegStatus::kPending);
  SmtpSink sink({.port = port});  // the server comes back
  ASSERT_TRUE(d.RunUntilStatus(id, store::LegStatus::kDelivered, 30s)) << d.Leg(id).last_error;
  ASSERT_TRUE(sink.WaitForMessages(1, 5s));
  auto messages = sink.Messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].rcpt_tos, std::vector<std::string>{"ops@example.com"});
  EXPECT_EQ(messages[0].data.find("\nBcc:"), std::string::npos);
  EXPECT_NE(messages[0].data.find("Message-ID: <"), std::string::npos);
  EXPECT_GE(d.Leg(id).attempts, 2);
}

TEST(DeliveryTest, AlertmanagerReceivesTheAlertWithItsLabels) {
  TempDir am;
  std::string config =
      am.Write("am.yml", "route: {receiver: \"null\"}\nreceivers: [{name: \"null\"}]\n");
  testing::BackgroundProcess alertmanager(
      {"/usr/bin/prometheus-alertmanager", "--config.file=" + config,
       "--storage.path=" + am.File("data"), "--web.listen-address=127.0.0.1:0",
       "--cluster.listen-address="});
  ASSERT_TRUE(alertmanager.WaitForStderr("msg=\"Listening on\" address=127.0.0.1:", 30s))
      << alertmanager.err();
  // The next line, so the address line is complete.
  ASSERT_TRUE(alertmanager.WaitForStderr("TLS is disabled", 5s)) << alertmanager.err();
  const std::string& log = alertmanager.err();
  auto at = log.find("address=127.0.0.1:") + std::string("address=127.0.0.1:").size();
  std::string url =
      "http://127.0.0.1:" + log.substr(at, log.find_first_not_of("0123456789", at) - at);

  Delivery d("receivers: [{name: am, alertmanager: {url: \"" + url + "\"}}]\n");
  auto id = d.Queue("am", "sw-am-1");
  ASSERT_TRUE(d.RunUntilStatus(id, store::LegStatus::kDelivered, 20s)) << d.Leg(id).last_error;

  boost::asio::io_context io;
  net::CurlMulti curl(io);
  net::HttpClient http(curl);
  net::HttpRequest get;
  get.url = url + "/api/v2/alerts";
  auto response = testing::RunAwaitable(io, http.Send(get));
  ASSERT_TRUE(response) << response.error().message;
  ASSERT_EQ(response->status, 200) << response->body;
  auto alerts = boost::json::parse(response->body).as_array();
  ASSERT_EQ(alerts.size(), 1u) << response->body;
  const auto& labels = alerts[0].at("labels");
  EXPECT_EQ(labels.at("account").as_string(), "acme-us");
  EXPECT_EQ(labels.at("rule").as_string(), "negative_feedback_trend");
  EXPECT_EQ(labels.at("alertname").as_string(), "negative_feedback_trend");
  EXPECT_EQ(alerts[0].at("status").at("state").as_string(), "active");
  EXPECT_NE(alerts[0].at("annotations").at("summary").as_string().find("doubled"),
            std::string::npos);
}

// One hostile notification (CR/LF + Bcc, <script>, Slack's <!channel>, 5,000 characters of
// buyer text) through every URL-based channel: each request is valid JSON within the
// channel's budget and carries nothing a receiver would act on.
TEST(DeliveryTest, HostileBuyerTextArrivesHarmlessOnEveryChatChannel) {
  HttpTestServer server;
  std::string base = server.Url("");
  Delivery d(
      "receivers:\n"
      "  - {name: slack, slack: {webhook_url: \"" +
      base +
      "/slack\"}}\n"
      "  - {name: mattermost, mattermost: {webhook_url: \"" +
      base +
      "/mattermost\"}}\n"
      "  - {name: discord, discord: {webhook_url: \"" +
      base +
      "/discord\"}}\n"
      "  - {name: teams, teams: {webhook_url: \"" +
      base +
      "/teams\"}}\n"
      "  - {name: gchat, google_chat: {webhook_url: \"" +
      base +
      "/gchat\"}}\n"
      "  - {name: telegram, telegram: {bot_token: \"123:abc\", chat_id: \"-100\", api_url: \"" +
      base + "/tg\"}}\n");
  std::vector<std::int64_t> ids;
  for (const char* r : {"slack", "mattermost", "discord", "teams", "gchat", "telegram"})
    ids.push_back(d.Queue(r, std::string("sw-hostile-") + r));
  for (auto id : ids) {
    ASSERT_TRUE(d.RunUntilStatus(id, store::LegStatus::kDelivered, 20s))
        << d.Leg(id).receiver << ": " << d.Leg(id).last_error;
  }
  std::map<std::string, std::size_t> seen;
  for (const auto& r : server.Requests()) {
    std::string channel = r.target.substr(1, r.target.find('/', 1) - 1);
    ++seen[channel];
    boost::system::error_code ec;
    auto doc = boost::json::parse(r.body, ec);
    ASSERT_FALSE(ec) << channel << ": " << r.body.substr(0, 200);
    // Channels that render markup get it escaped; Markdown ones show it as text.
    if (channel == "slack" || channel == "telegram" || channel == "gchat") {
      EXPECT_EQ(r.body.find("<script"), std::string::npos) << channel;
    }
    EXPECT_EQ(r.body.find("<!channel>"), std::string::npos) << channel;
    EXPECT_EQ(r.body.find("\\r\\nBcc"), std::string::npos) << channel;
    if (channel == "discord") {
      EXPECT_LE(doc.at("content").as_string().size(), 2000u);
      EXPECT_TRUE(doc.at("allowed_mentions").at("parse").as_array().empty());
    }
    if (channel == "telegram") {
      EXPECT_EQ(r.target, "/tg/bot123:abc/sendMessage");
      EXPECT_LE(doc.at("text").as_string().size(), 4096u * 4);
    }
    if (channel == "teams") {
      EXPECT_LE(r.body.size(), 28u * 1024);
    }
  }
  EXPECT_EQ(seen.size(), 6u);
}

// Mail over STARTTLS (required, verified against the test's own CA) with AUTH, checked with a
// real MIME parser: two parts, text first, and the buyer's CR/LF never became a header.
TEST(DeliveryTest, MailOverStartTlsIsWellFormedMime) {
  SmtpSink sink({.starttls = true,
                 .require_starttls = true,
                 .user = "alerts",
                 .password = "s3cret",
                 .auth_require_tls = true});
  Delivery d(
      "receivers:\n"
      "  - {name: mail, email: {smtp_url: \"" +
      sink.Url() + "\", username: alerts, password: s3cret, ca_file: \"" + sink.ca_file() +
      "\", from: \"sellerwatch <alerts@example.com>\", to: [ops@example.com, "
      "\"Ops Two <two@example.com>\"]}}\n");
  auto id = d.Queue("mail", "sw-mail-tls");
  ASSERT_TRUE(d.RunUntilStatus(id, store::LegStatus::kDelivered, 30s)) << d.Leg(id).last_error;
  ASSERT_TRUE(sink.WaitForMessages(1, 5s));
  auto message = sink.Messages().at(0);
  EXPECT_EQ(message.rcpt_tos, (std::vector<std::string>{"ops@example.com", "two@example.com"}));
  std::string file = d.dir().Write("mail.eml", message.data);
  auto parsed = testing::RunProcess(
      {"/usr/bin/python3", std::string(SELLERWATCH_SOURCE_DIR) + "/tests/fakes/mime_summary.py",
       file});
  ASSERT_EQ(parsed.exit_code, 0) << parsed.err;
  auto summary = boost::json::parse(parsed.out);
  EXPECT_EQ(summary.at("content_type").as_string(), "multipart/alternative");
  const auto& parts = summary.at("parts").as_array();
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].at("content_type").as_string(), "text/plain");
  EXPECT_EQ(parts[1].at("content_type").as_string(), "text/html");
  EXPECT_TRUE(summary.at("defects").as_array().empty()) << parsed.out.substr(0, 300);
  EXPECT_LE(summary.at("max_line_length").as_int64(), 998);
  for (const auto& header : summary.at("headers").as_array()) {
    EXPECT_NE(header.as_array()[0].as_string(), "Bcc");
  }
  EXPECT_EQ(parts[1].at("text").as_string().find("<script"), std::string::npos);
}

}  // namespace
}  // namespace sellerwatch::notify
