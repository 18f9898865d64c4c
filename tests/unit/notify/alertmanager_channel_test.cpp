// The alertmanager receiver's channel: one POST per peer, all at once; delivered when one
// peer takes it; each peer's result reported for the per-URL counters.

#include "notify/channels/alertmanager_channel.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json.hpp>

#include "config/loader.hpp"
#include "fakes/http_test_server.hpp"
#include "fakes/run_awaitable.hpp"
#include "net/curl_multi.hpp"
#include "notify/channels/http_requests.hpp"
#include "unit/notify/render/render_fixtures.hpp"

namespace sellerwatch::notify {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using sellerwatch::testing::HttpTestServer;
using sellerwatch::testing::ScriptedResponse;

std::uint16_t ClosedPort() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

config::ReceiverConfig Receiver(const std::vector<std::string>& urls,
                                const std::string& daemon = "") {
  std::string list;
  for (const auto& u : urls) list += (list.empty() ? "\"" : ", \"") + u + "\"";
  auto loaded = config::ParseConfig((daemon.empty() ? "" : "daemon: " + daemon + "\n") +
                                        "receivers: [{name: am, alertmanager: {urls: [" + list +
                                        "], timeout: 5s}}]\n",
                                    "am.yaml");
  EXPECT_TRUE(loaded.config) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].Format());
  return loaded.config->receivers.at(0);
}

class AlertmanagerChannelTest : public ::testing::Test {
 protected:
  SendOutcome Send(const config::ReceiverConfig& receiver) {
    AlertmanagerChannel channel(receiver, http_);
    const LegContext leg{"k", 1, testing::At("2026-11-01T12:05:00Z")};
    return sellerwatch::testing::RunAwaitable(io_, channel.Send(testing::OneAlert(), leg));
  }

  asio::io_context io_;
  net::CurlMulti curl_{io_};
  net::HttpClient http_{curl_};
  HttpTestServer one_;
  HttpTestServer two_;
};

TEST_F(AlertmanagerChannelTest, PostsTheSameAlertsToEveryPeer) {
  auto outcome = Send(Receiver({one_.Url(""), two_.Url("/am/")}));
  EXPECT_EQ(outcome.kind, SendOutcome::Kind::kDelivered) << outcome.detail;
  ASSERT_EQ(one_.RequestCount(), 1u);
  ASSERT_EQ(two_.RequestCount(), 1u);
  EXPECT_EQ(one_.Requests()[0].target, "/api/v2/alerts");
  EXPECT_EQ(two_.Requests()[0].target, "/am/api/v2/alerts");
  EXPECT_EQ(one_.Requests()[0].body, two_.Requests()[0].body);
  EXPECT_EQ(outcome.posts, (std::vector<PeerPost>{{one_.Url(""), true}, {two_.Url("/am"), true}}));
}

TEST_F(AlertmanagerChannelTest, OnePeerTakingItIsEnough) {
  std::string dead = "http://127.0.0.1:" + std::to_string(ClosedPort());
  one_.Enqueue({.status = 500});
  auto outcome = Send(Receiver({one_.Url(""), dead, two_.Url("")}));
  EXPECT_EQ(outcome.kind, SendOutcome::Kind::kDelivered);
  EXPECT_EQ(outcome.posts,
            (std::vector<PeerPost>{{one_.Url(""), false}, {dead, false}, {two_.Url(""), true}}));
  EXPECT_NE(outcome.detail.find(dead + ": "), std::string::npos) << outcome.detail;
}

TEST_F(AlertmanagerChannelTest, NoPeerTakingItIsRetriedUnlessEveryRefusalIsFinal) {
  std::string dead = "http://127.0.0.1:" + std::to_string(ClosedPort());
  one_.Enqueue({.status = 400, .body = "bad alert"});
  two_.Enqueue({.status = 503, .headers = {{"Retry-After", "30"}}});
  auto retried = Send(Receiver({one_.Url(""), dead, two_.Url("")}));
  EXPECT_EQ(retried.kind, SendOutcome::Kind::kRetry);
  EXPECT_EQ(retried.retry_after, std::optional<core::Duration>(30s));
  EXPECT_NE(retried.detail.find("no Alertmanager peer took it"), std::string::npos)
      << retried.detail;

  one_.Enqueue({.status = 400});
  two_.Enqueue({.status = 422});
  auto refused = Send(Receiver({one_.Url(""), two_.Url("")}));
  EXPECT_EQ(refused.kind, SendOutcome::Kind::kPermanent);
}

TEST_F(AlertmanagerChannelTest, CredentialsInAPeerUrlAreNeverShown) {
  std::string dead = "http://admin:s3cret@127.0.0.1:" + std::to_string(ClosedPort());
  auto outcome = Send(Receiver({dead + "/?token=t0ken"}));
  EXPECT_NE(outcome.kind, SendOutcome::Kind::kDelivered);
  ASSERT_EQ(outcome.posts.size(), 1u);
  EXPECT_EQ(outcome.posts[0].url.find("s3cret"), std::string::npos) << outcome.posts[0].url;
  EXPECT_EQ(outcome.posts[0].url.find("t0ken"), std::string::npos) << outcome.posts[0].url;
  EXPECT_EQ(outcome.detail.find("s3cret"), std::string::npos) << outcome.detail;
  EXPECT_EQ(outcome.detail.find("t0ken"), std::string::npos) << outcome.detail;
  EXPECT_EQ(ShownPeerUrl("https://u:p@am.example:9093/prefix/?x=1#f"),
            "https://am.example:9093/prefix");
}

// endsAt counts from the attempt (a retry an hour later is not born expired); sellerwatch's own
// alerts are events: a day from when they happened. generatorURL names the account.
TEST(AlertmanagerRequestsTest, EndsAtAndGeneratorUrl) {
  auto receiver = Receiver({"http://am-1:9093", "http://am-2:9093"},
                           "{listen: \"127.0.0.1:9187\", evaluation_interval: 30s}");
  const LegContext leg{"k", 3, testing::At("2026-11-01T13:00:00Z")};
  auto requests = BuildHttpRequests(receiver, testing::OneAlert(), leg);
  ASSERT_TRUE(requests);
  ASSERT_EQ(requests->size(), 2u);
  EXPECT_EQ((*requests)[0].url, "http://am-1:9093/api/v2/alerts");
  EXPECT_EQ((*requests)[1].url, "http://am-2:9093/api/v2/alerts");
  auto alert = json::parse((*requests)[0].body).at(0);
  EXPECT_EQ(alert.at("endsAt").as_string(), "2026-11-01T13:04:00Z");  // 4 × max(30s, 1m)
  EXPECT_EQ(alert.at("generatorURL").as_string(),
            "http://127.0.0.1:9187/api/v1/status?account=acme-us");

  auto meta = testing::OneAlert();
  meta.group_key = "meta/source_down";
  auto meta_requests = BuildHttpRequests(receiver, meta, leg);
  ASSERT_TRUE(meta_requests);
  EXPECT_EQ(json::parse((*meta_requests)[0].body).at(0).at("endsAt").as_string(),
            "2026-11-02T13:05:00Z");  // created_at 12:05 + 25h
}

}  // namespace
}  // namespace sellerwatch::notify
