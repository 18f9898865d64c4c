// The SP-API client and streams against the fake SP-API server: LWA token use and refresh,
// error classification, Retry-After, secrets kept out of errors.

#include "sources/amazon/sp_api_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>

#include "fakes/run_awaitable.hpp"
#include "fakes/sp_api_server.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"
#include "sources/amazon/streams.hpp"
#include "sources/http_status_error.hpp"
#include "sources/percent_encoding.hpp"

namespace sellerwatch::sources::amazon {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::SpApiServer;

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

TEST(SpApiErrors, StatusesAreClassifiedAndRetryAfterCarried) {
  auto now = T("2026-11-20T10:00:00Z");
  auto bare = HttpStatusError(
      "GET", "https://sp/orders", 429, std::nullopt,
      ApiErrorText(R"({"errors":[{"code":"QuotaExceeded","message":"slow down"}]})"), now);
  EXPECT_EQ(bare.kind, core::ErrorKind::kTransient);
  EXPECT_EQ(bare.retry_after, core::Duration(0));  // rate limited, no hint: back off
  EXPECT_NE(bare.message.find("GET https://sp/orders: HTTP 429: QuotaExceeded: slow down"),
            std::string::npos)
      << bare.message;
  EXPECT_EQ(HttpStatusError("GET", "u", 429, "7", "", now).retry_after, core::Duration(7s));
  EXPECT_EQ(HttpStatusError("GET", "u", 429, "Fri, 20 Nov 2026 10:01:00 GMT", "", now).retry_after,
            core::Duration(60s));
  auto server = HttpStatusError("GET", "u", 503, std::nullopt, ApiErrorText("<html>"), now);
  EXPECT_EQ(server.kind, core::ErrorKind::kTransient);
  EXPECT_EQ(server.http_status, 503);
  EXPECT_FALSE(server.retry_after.has_value());
  EXPECT_EQ(server.message.find("<html>"), std::string::npos);  // no raw bodies
  EXPECT_EQ(HttpStatusError("GET", "u", 400, std::nullopt, "", now).kind,
            core::ErrorKind::kPermanent);
}

TEST(SpApiToken, RequestBodyAndAnswer) {
  Settings s;
  s.client_id = config::Secret("id&1");
  s.client_secret = config::Secret("sec=ret");
  s.refresh_token = config::Secret("Atzr|abc");
  EXPECT_EQ(TokenRequestBody(s),
            "grant_type=refresh_token&refresh_token=Atzr%7Cabc&client_id=id%261&client_secret="
            "sec%3Dret");
  auto t =
      ParseTokenResponse(R"({"access_token":"Atza|x","token_type":"bearer","expires_in":120})");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->value, "Atza|x");
  EXPECT_EQ(t->expires_in, core::Duration(120s));
  auto bad = ParseTokenResponse(R"({"token_type":"bearer"})");
  ASSERT_FALSE(bad);
  // Found by api_errors_fuzz (issue 17): expires_in too large for milliseconds was UB; it is
  // capped like Retry-After (a month), and tiny or useless ones keep the one-hour default.
  struct Lifetime {
    const char* expires_in;
    core::Duration want;
  } lifetimes[] = {
      {"1e300", std::chrono::hours(24 * 30)}, {"9223372036854775807", std::chrono::hours(24 * 30)},
      {"0.0001", core::Duration(1)},          {"-5", core::Duration(1h)},
      {"\"120\"", core::Duration(1h)},
  };
  for (const auto& l : lifetimes) {
    auto r = ParseTokenResponse(std::string(R"({"access_token":"t","expires_in":)") + l.expires_in +
                                "}");
    ASSERT_TRUE(r) << l.expires_in;
    EXPECT_EQ(r->expires_in, l.want) << l.expires_in;
  }
  EXPECT_EQ(ParseTokenResponse("{}").error().message.find("Atza"), std::string::npos);
}

class SpApiClientTest : public ::testing::Test {
 protected:
  SpApiClientTest() {
    settings_.endpoint = server_.Endpoint();
    settings_.token_endpoint = server_.TokenEndpoint();
    settings_.marketplace_ids = {"ATVPDKIKX0DER"};
    settings_.client_id = config::Secret(std::string(SpApiServer::kClientId));
    settings_.client_secret = config::Secret(std::string(SpApiServer::kClientSecret));
    settings_.refresh_token = config::Secret(std::string(SpApiServer::kRefreshToken));
  }
  std::shared_ptr<SpApiClient> Client() {
    return std::make_shared<SpApiClient>(http_, settings_, 5s, "", true);
  }
  core::Result<SourceBatch> Poll(Source& s, std::optional<std::string> cursor = {}) {
    return testing::RunAwaitable(io_, s.Poll(std::move(cursor), now_));
  }
  void ExpectNoSecret(const std::string& text) {
    for (std::string_view secret :
         {SpApiServer::kClientSecret, SpApiServer::kRefreshToken, SpApiServer::kAccessPrefix}) {
      EXPECT_EQ(text.find(secret), std::string::npos) << text;
    }
  }

  core::Timestamp now_ =
      std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
  SpApiServer server_;
  Settings settings_;
  asio::io_context io_;
  net::CurlMulti multi_{io_};
  net::HttpClient http_{multi_};
};

TEST_F(SpApiClientTest, OneTokenForManyCallsSentAsXAmzAccessToken) {
  OrdersStream orders("acme", Client());
  auto batch = Poll(orders);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(batch->events.size(), 2u);  // two pages
  EXPECT_EQ(server_.TokenRequests(), 1u);
  for (const auto& r : server_.Requests()) {
    if (r.target.starts_with("/orders/")) {
      EXPECT_EQ(r.Header("x-amz-access-token"), server_.IssuedTokens().at(0));
      EXPECT_FALSE(r.Header("authorization").has_value());  // no SigV4
    }
  }
}

TEST_F(SpApiClientTest, ExpiredTokenIsRefreshedOnceAndTheCallRepeated) {
  auto client = Client();
  OrdersStream orders("acme", client);
  ASSERT_TRUE(Poll(orders));
  server_.Inject(SpApiServer::Fault::kExpiredToken, 1, "/orders/");
  auto batch = Poll(orders);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(server_.TokenRequests(), 2u);
}

TEST_F(SpApiClientTest, RefusedAfterARefreshIsCredentialsRejected) {
  server_.Inject(SpApiServer::Fault::kRejectAll, 1, "/orders/");
  OrdersStream orders("acme", Client());
  auto batch = Poll(orders);
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().kind, core::ErrorKind::kPermanent);
  EXPECT_NE(batch.error().message.find("credentials rejected"), std::string::npos)
      << batch.error().message;
  EXPECT_NE(batch.error().message.find("/orders/2026-01-01/orders"), std::string::npos);
  EXPECT_EQ(server_.TokenRequests(), 2u);
  ExpectNoSecret(batch.error().message);
}

TEST_F(SpApiClientTest, BadClientSecretIsRejectedAtTheTokenEndpoint) {
  settings_.client_secret = config::Secret("wrong-secret-do-not-log");
  OrdersStream orders("acme", Client());
  auto batch = Poll(orders);
  ASSERT_FALSE(batch);
  EXPECT_NE(batch.error().message.find("credentials rejected"), std::string::npos);
  EXPECT_NE(batch.error().message.find("invalid_grant"), std::string::npos);
  EXPECT_EQ(batch.error().message.find("wrong-secret"), std::string::npos);
}

TEST_F(SpApiClientTest, RateLimitedPageFailsThePollWithABackoffHint) {
  server_.Inject(SpApiServer::Fault::k429, 1, "/orders/");
  OrdersStream orders("acme", Client());
  auto batch = Poll(orders);
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().retry_after, core::Duration(0));
  EXPECT_NE(batch.error().message.find("HTTP 429"), std::string::npos);
}

TEST_F(SpApiClientTest, OrdersCursorIsTheNewestUpdateAndOverlapIsReRead) {
  settings_.overlap = 5min;
  OrdersStream orders("acme", Client());
  const char* file = "orders_2026-01-01_searchOrders_200_example.json";
  const std::string stored = server_.Shift(file, "2024-12-20T00:00:00Z");
  auto batch = Poll(orders, stored);
  ASSERT_TRUE(batch);
  EXPECT_EQ(batch->cursor, server_.Shift(file, "2024-12-26T09:00:00Z"));
  // Nothing newer than the stored cursor: it stays.
  auto again = Poll(orders, core::FormatRfc3339(now_ - 1h));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->cursor, core::FormatRfc3339(now_ - 1h));
  std::string expected =
      "lastUpdatedAfter=" + PercentEncode(core::FormatRfc3339(*core::ParseRfc3339(stored) - 5min)) +
      "&";
  bool found = false;
  for (const auto& r : server_.Requests()) {
    found = found || r.target.find(expected) != std::string::npos;
  }
  EXPECT_TRUE(found) << expected;
}

TEST_F(SpApiClientTest, ReportsFlowDownloadsAndGunzipsFeedback) {
  auto client = Client();
  ReportStream feedback("acme", client, ReportKind::kFeedback);
  auto batch = Poll(feedback);
  ASSERT_TRUE(batch) << batch.error().message;
  ASSERT_EQ(batch->events.size(), 2u);
  const auto& f = std::get<core::Feedback>(batch->events[0].event);
  EXPECT_EQ(f.order_id, "123-4567890-1234567");
  EXPECT_EQ(f.rating, 1);
  ReportStream performance("acme", client, ReportKind::kPerformance);
  auto perf = Poll(performance);
  ASSERT_TRUE(perf) << perf.error().message;
  EXPECT_GT(perf->events.size(), 20u);
}

TEST_F(SpApiClientTest, FatalReportFailsThePollAndIsNotAskedAboutAgain) {
  ReportStream performance("acme", Client(), ReportKind::kPerformance);
  server_.Inject(SpApiServer::Fault::kReportFatal, 1, "/reports/2021-06-30/reports/");
  auto failed = Poll(performance);
  ASSERT_FALSE(failed);
  EXPECT_NE(failed.error().message.find("PERF-1 ended FATAL"), std::string::npos)
      << failed.error().message;
  // Even with the fatal report as its cursor, the next poll requests a new one.
  auto next = Poll(performance, R"({"pending":"PERF-1","requested_at":)" +
                                    std::to_string(core::ToUnixMillis(now_)) + "}");
  ASSERT_TRUE(next) << next.error().message;
  EXPECT_GT(next->events.size(), 20u);
  std::size_t created = 0;
  for (const auto& r : server_.Requests()) created += r.target == "/reports/2021-06-30/reports";
  EXPECT_EQ(created, 2u);
}

TEST_F(SpApiClientTest, CancelledReportMeansNoDataNotAFailure) {
  ReportStream feedback("acme", Client(), ReportKind::kFeedback);
  server_.Inject(SpApiServer::Fault::kReportCancelled, 1, "/reports/2021-06-30/reports/");
  auto batch = Poll(feedback);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_TRUE(batch->events.empty());
  EXPECT_EQ(batch->cursor, "{}");
}

TEST_F(SpApiClientTest, APendingReportFromTheCursorIsFollowedNotRequestedAgain) {
  ReportStream feedback("acme", Client(), ReportKind::kFeedback);
  auto batch = Poll(feedback, R"({"pending":"FB-7","requested_at":)" +
                                  std::to_string(core::ToUnixMillis(now_)) + "}");
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(batch->events.size(), 2u);  // FB-7: IN_PROGRESS once, then DONE
  EXPECT_EQ(batch->cursor, "{}");
  std::size_t created = 0;
  for (const auto& r : server_.Requests()) created += r.target == "/reports/2021-06-30/reports";
  EXPECT_EQ(created, 0u);
}

}  // namespace
}  // namespace sellerwatch::sources::amazon
