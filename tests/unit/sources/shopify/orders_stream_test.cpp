// The shopify client and orders stream against the fake GraphQL Admin API: token header, every
// page, cursor and overlap, cost-based throttling waited out on a timer, and each failure
// named without the token.

#include "sources/shopify/orders_stream.hpp"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>
#include <set>
#include <sstream>

#include "fakes/run_awaitable.hpp"
#include "fakes/shopify_server.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"

namespace sellerwatch::sources::shopify {
namespace {
namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;
using testing::ShopifyServer;
using Fault = ShopifyServer::Fault;

class ShopifyStreamTest : public ::testing::Test {
 protected:
  ShopifyStreamTest() {
    settings_.endpoint = server_.Endpoint() + "/";  // a trailing slash is tolerated
    settings_.access_token = config::Secret(std::string(ShopifyServer::kAccessToken));
    log_ = std::make_shared<spdlog::logger>(
        "shopify-test", std::make_shared<spdlog::sinks::ostream_sink_mt>(log_text_));
    log_->set_level(spdlog::level::debug);
  }

  std::unique_ptr<OrdersStream> Stream(core::Duration timeout = 10s,
                                       int max_pages = kMaxPagesPerPoll) {
    auto client =
        std::make_shared<AdminClient>(http_, settings_, timeout, "", true, log_, "shop/shopify");
    return std::make_unique<OrdersStream>("shop", client, timeout, max_pages);
  }

  core::Result<SourceBatch> Poll(Source& s, std::optional<std::string> cursor = {}) {
    return testing::RunAwaitable(io_, s.Poll(std::move(cursor), now_), 60s);
  }

  static std::set<std::string> Ids(const SourceBatch& batch) {
    std::set<std::string> out;
    for (const auto& e : batch.events) out.insert(core::IdOf(e.event));
    return out;
  }

  std::vector<testing::RecordedRequest> GraphqlRequests() const {
    std::vector<testing::RecordedRequest> out;
    for (auto& r : server_.Requests())
      if (r.target.ends_with("/graphql.json")) out.push_back(r);
    return out;
  }

  void ExpectNoToken(const std::string& text) {
    EXPECT_EQ(text.find(ShopifyServer::kAccessToken), std::string::npos) << text;
  }

  const std::set<std::string> kAll = {"1001", "1002", "1003", "1004",
                                      "1006", "1007", "1008", "1009"};
  core::Timestamp now_ =
      std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
  ShopifyServer server_;
  Settings settings_;
  std::ostringstream log_text_;
  std::shared_ptr<spdlog::logger> log_;
  asio::io_context io_;
  net::CurlMulti multi_{io_};
  net::HttpClient http_{multi_};
};

TEST_F(ShopifyStreamTest, FirstPollReadsEveryPageWithTheTokenAndSixtyDays) {
  auto stream = Stream();
  auto batch = Poll(*stream);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(Ids(*batch), kAll);  // test order 1005 left out
  EXPECT_EQ(batch->events.size(), kAll.size());
  EXPECT_EQ(batch->cursor, core::FormatRfc3339(server_.LiveOrderUpdatedAt()));
  EXPECT_FALSE(batch->poll_again_in.has_value());
  auto requests = GraphqlRequests();
  ASSERT_EQ(requests.size(), 3u);  // 9 orders, 3 a page
  std::optional<std::string> previous_end;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    const auto& r = requests[i];
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.target, "/admin/api/2026-10/graphql.json");
    EXPECT_EQ(r.Header("x-shopify-access-token"), std::string(ShopifyServer::kAccessToken));
    EXPECT_EQ(r.Header("content-type"), "application/json");
    json::value body = json::parse(r.body);
    const json::object& v = body.at("variables").as_object();
    EXPECT_EQ(v.at("query").as_string(),
              "updated_at:>'" + core::FormatRfc3339(now_ - 60 * core::kDay) + "'");
    EXPECT_EQ(v.at("after").is_null(), i == 0);
  }
  EXPECT_EQ(json::parse(requests[1].body).at("variables").at("after").as_string(),
            "fake-cursor:1005");  // oldest updates first: #1004, #1007, #1005
}

TEST_F(ShopifyStreamTest, CursorMinusOverlapIsTheFilterAndNothingNewKeepsTheCursor) {
  settings_.overlap = 10min;
  auto stream = Stream();
  // Stored: #1001's update. Re-read from 10 minutes before it: #1001 and the live order.
  const std::string stored = server_.Shift(ShopifyServer::kPage1, "2026-01-13T15:30:00Z");
  auto batch = Poll(*stream, stored);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(Ids(*batch), (std::set<std::string>{"1001", "1009"}));
  EXPECT_EQ(batch->cursor, core::FormatRfc3339(server_.LiveOrderUpdatedAt()));
  json::value body = json::parse(GraphqlRequests().at(0).body);
  EXPECT_EQ(body.at("variables").at("query").as_string(),
            "updated_at:>'" + core::FormatRfc3339(*core::ParseRfc3339(stored) - 10min) + "'");
  // Nothing newer than the stored cursor: it stays as it was.
  const std::string later = core::FormatRfc3339(server_.LiveOrderUpdatedAt() + 20min);
  auto quiet = Poll(*stream, later);
  ASSERT_TRUE(quiet);
  EXPECT_TRUE(quiet->events.empty());
  EXPECT_EQ(quiet->cursor, later);
}

TEST_F(ShopifyStreamTest, CursorNeverPassesNow) {
  // The shop's clock runs ahead of ours: its newest update is "in the future" for us.
  now_ = server_.LiveOrderUpdatedAt() - 30min;
  auto batch = Poll(*Stream());
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(Ids(*batch), kAll);
  EXPECT_EQ(batch->cursor, core::FormatRfc3339(now_));
}

TEST_F(ShopifyStreamTest, ThrottledIsWaitedOutOnATimerAndAskedAgain) {
  for (Fault fault : {Fault::kThrottled, Fault::kThrottled429}) {
    server_.ClearFaults();
    server_.Inject(fault);
    const std::size_t before = server_.Arrivals().size();
    auto batch = Poll(*Stream());
    ASSERT_TRUE(batch) << batch.error().message;
    EXPECT_EQ(Ids(*batch), kAll);
    auto arrivals = server_.Arrivals();
    ASSERT_EQ(arrivals.size() - before, 4u);  // one THROTTLED, then the 3 pages
    // (642 − 592) / 50 points/s = 1 s, waited on a timer, not in a loop.
    EXPECT_GE(arrivals[before + 1] - arrivals[before], 950ms);
  }
  EXPECT_EQ(server_.ThrottledAnswers(), 2u);
  EXPECT_NE(log_text_.str().find("THROTTLED by Shopify (592 of 1000 points available, 642 "
                                 "needed, restoring 50/s): waiting 1s before asking again "
                                 "(retry 1 of 5)"),
            std::string::npos)
      << log_text_.str();
}

TEST_F(ShopifyStreamTest, ALowBucketAfterAPageIsWaitedForBeforeTheNext) {
  server_.Inject(Fault::kLowBucket);
  auto batch = Poll(*Stream());
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(Ids(*batch), kAll);
  EXPECT_EQ(server_.ThrottledAnswers(), 0u) << "waited before asking, so never throttled";
  auto arrivals = server_.Arrivals();
  ASSERT_EQ(arrivals.size(), 3u);
  EXPECT_GE(arrivals[1] - arrivals[0], 950ms);
  EXPECT_NE(log_text_.str().find("cost bucket low"), std::string::npos) << log_text_.str();
}

TEST_F(ShopifyStreamTest, AWaitBeyondThePollTimeoutFailsAtOnceCarryingIt) {
  server_.Inject(Fault::kThrottledLong);
  auto start = std::chrono::steady_clock::now();
  auto batch = Poll(*Stream(5s));
  ASSERT_FALSE(batch);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 4s);
  EXPECT_EQ(batch.error().kind, core::ErrorKind::kTransient);
  ASSERT_TRUE(batch.error().retry_after.has_value());
  EXPECT_GE(*batch.error().retry_after, core::Duration(590s));  // (642 − 42) / 1 point/s
  EXPECT_NE(batch.error().message.find("THROTTLED"), std::string::npos) << batch.error().message;
  EXPECT_NE(batch.error().message.find("would pass the poll timeout"), std::string::npos);
  EXPECT_EQ(server_.Arrivals().size(), 1u);
}

TEST_F(ShopifyStreamTest, RetriesOfAThrottledRequestAreBounded) {
  server_.Inject(Fault::kThrottled, 100);
  auto batch = Poll(*Stream(30s));
  ASSERT_FALSE(batch);
  EXPECT_NE(batch.error().message.find("still throttled after 5 waits"), std::string::npos)
      << batch.error().message;
  EXPECT_TRUE(batch.error().retry_after.has_value());
  EXPECT_EQ(server_.Arrivals().size(), 1u + kMaxThrottleRetries);
}

TEST_F(ShopifyStreamTest, RefusedTokenIsCredentialsRejectedAtOnce) {
  for (Fault fault : {Fault::kUnauthorized, Fault::kAccessDenied}) {
    server_.Inject(fault);
    const std::size_t before = server_.Arrivals().size();
    auto batch = Poll(*Stream());
    ASSERT_FALSE(batch);
    const auto& e = batch.error();
    EXPECT_EQ(e.reason, core::ErrorReason::kCredentialsRejected);
    EXPECT_EQ(e.kind, core::ErrorKind::kPermanent);
    EXPECT_EQ(e.http_status, fault == Fault::kUnauthorized ? 401 : 200);
    EXPECT_NE(e.message.find("credentials rejected"), std::string::npos) << e.message;
    EXPECT_NE(e.message.find("read_orders"), std::string::npos) << e.message;
    EXPECT_NE(e.message.find(fault == Fault::kUnauthorized ? "Invalid API key" : "ACCESS_DENIED"),
              std::string::npos)
        << e.message;
    EXPECT_NE(e.message.find("/admin/api/2026-10/graphql.json"), std::string::npos);
    EXPECT_EQ(server_.Arrivals().size() - before, 1u) << "a static token: nothing to refresh";
    ExpectNoToken(e.message);
  }
  // A wrong token in the config, without any scripted fault.
  settings_.access_token = config::Secret("shpat_wrong-do-not-log");
  auto wrong = Poll(*Stream());
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().reason, core::ErrorReason::kCredentialsRejected);
  EXPECT_EQ(wrong.error().message.find("shpat_wrong"), std::string::npos);
}

TEST_F(ShopifyStreamTest, FailuresAreNamedAndNothingIsKept) {
  struct Case {
    Fault fault;
    std::string expect;
  };
  const Case cases[] = {
      {Fault::k500, "HTTP 500: Internal Server Error"},
      {Fault::k429, "HTTP 429: Exceeded 2 calls per second"},
      {Fault::kMalformedJson, "malformed JSON"},
      {Fault::kTruncated, server_.Endpoint() + "/admin/api/2026-10/graphql.json"},
      {Fault::kGraphqlError, "GraphQL error: undefinedField: Field 'bogus' doesn't exist"},
  };
  for (const auto& c : cases) {
    server_.ClearFaults();
    server_.Inject(c.fault);
    auto batch = Poll(*Stream());
    ASSERT_FALSE(batch) << c.expect;
    EXPECT_NE(batch.error().message.find(c.expect), std::string::npos) << batch.error().message;
    EXPECT_EQ(batch.error().message.find("{"), std::string::npos) << "no raw body";
    ExpectNoToken(batch.error().message);
    if (c.fault == Fault::k429) {
      EXPECT_EQ(batch.error().retry_after, core::Duration(2s));
    }
  }
}

TEST_F(ShopifyStreamTest, RepeatedEndCursorFailsThePoll) {
  server_.Inject(Fault::kRepeatCursor);
  auto batch = Poll(*Stream());
  ASSERT_FALSE(batch);
  EXPECT_NE(batch.error().message.find("the same endCursor came back twice"), std::string::npos)
      << batch.error().message;
  EXPECT_EQ(GraphqlRequests().size(), 2u);
}

TEST_F(ShopifyStreamTest, ALargeBacklogIsKeptInPartsUpToTheLastPageRead) {
  settings_.overlap = 0s;
  auto stream = Stream(10s, 1);
  std::set<std::string> seen;
  std::optional<std::string> cursor;
  int polls = 0;
  for (; polls < 10; ++polls) {
    auto batch = Poll(*stream, cursor);
    ASSERT_TRUE(batch) << batch.error().message;
    for (const auto& id : Ids(*batch)) seen.insert(id);
    ASSERT_TRUE(batch->cursor.has_value());
    if (cursor) {
      EXPECT_GE(*core::ParseRfc3339(*batch->cursor), *core::ParseRfc3339(*cursor));
    }
    cursor = batch->cursor;
    if (!batch->poll_again_in) break;
    EXPECT_LE(*batch->poll_again_in, core::Duration(2s));
  }
  EXPECT_EQ(polls, 2) << "3 pages of 3, one page a poll: the last poll finds no next page";
  EXPECT_EQ(seen, kAll);
  EXPECT_NE(log_text_.str().find("read 1 page(s) this poll; the rest follows in 1s"),
            std::string::npos)
      << log_text_.str();
}

}  // namespace
}  // namespace sellerwatch::sources::shopify
