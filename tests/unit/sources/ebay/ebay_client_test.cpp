// The eBay client and streams against the fake eBay server: the refresh-token request, Bearer
// and IAF authorization, one refresh on 401, credentials rejected, error classification,
// paging, the cancellation window and join, the standards calls; secrets kept out of errors.

#include "sources/ebay/ebay_client.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <functional>
#include <map>

#include "fakes/ebay_server.hpp"
#include "fakes/run_awaitable.hpp"
#include "fakes/temp_dir.hpp"
#include "net/curl_multi.hpp"
#include "net/http_client.hpp"
#include "sources/ebay/streams.hpp"
#include "sources/http_status_error.hpp"
#include "sources/oauth_token.hpp"
#include "sources/percent_encoding.hpp"

namespace sellerwatch::sources::ebay {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::EbayServer;
using Fault = EbayServer::Fault;

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

TEST(EbayToken, RequestBodyHasEveryFieldAndTheAmpersandBeforeScope) {
  Settings s;
  s.client_id = config::Secret("app-id");
  s.client_secret = config::Secret("s3cret");
  s.refresh_token = config::Secret("v^1.1#i^1#r&1");
  EXPECT_EQ(TokenRequestBody(s),
            "grant_type=refresh_token&refresh_token=v%5E1.1%23i%5E1%23r%261"
            "&scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope%2Fsell.fulfillment.readonly"
            "%20https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope%2Fsell.analytics.readonly");
  s.scopes = {"https://api.ebay.com/oauth/api_scope"};
  EXPECT_TRUE(
      TokenRequestBody(s).ends_with("&scope=https%3A%2F%2Fapi.ebay.com%2Foauth%2Fapi_scope"));
  // base64("app-id:s3cret"); the secret is never in the body.
  EXPECT_EQ(BasicAuthorization(s), "Basic YXBwLWlkOnMzY3JldA==");
  EXPECT_EQ(TokenRequestBody(s).find("s3cret"), std::string::npos);
  s.client_id = config::Secret("a");
  s.client_secret = config::Secret("b");
  EXPECT_EQ(BasicAuthorization(s), "Basic YTpi");
}

TEST(EbayToken, AnswerFixtureParses) {
  std::string dir = std::string(SELLERWATCH_TEST_DATA) + "/ebay/";
  auto refreshed =
      ParseTokenResponse(testing::ReadFile(dir + "oauth_refresh_token_response_SYNTHETIC.json"));
  ASSERT_TRUE(refreshed);
  EXPECT_EQ(refreshed->value, "v^1.1#i^1#PLACEHOLDER-REFRESHED-ACCESS-TOKEN");
  EXPECT_EQ(refreshed->expires_in, core::Duration(2h));
  auto user = ParseTokenResponse(testing::ReadFile(dir + "oauth_user_token_response_example.json"));
  ASSERT_TRUE(user);
  EXPECT_EQ(user->expires_in, core::Duration(7200s));
}

TEST(EbayErrors, EnvelopesAndStatuses) {
  auto shapes = boost::json::parse(testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) +
                                                     "/ebay/error_shapes_hendt_testdata.json"))
                    .as_object();
  auto text = [&](const boost::json::value& v) { return ApiErrorText(boost::json::serialize(v)); };
  boost::json::object rest{{"errors", shapes.at("restful").at("errors")}};
  boost::json::object post_order_list{{"error", shapes.at("restful").at("error")}};
  EXPECT_EQ(text(rest), "1: Error Message");
  EXPECT_EQ(text(post_order_list), "292024: Error Message");
  EXPECT_EQ(text(shapes.at("postOrder")), "1: Error Message");
  EXPECT_EQ(text(shapes.at("oauth")), "");
  EXPECT_EQ(text(shapes.at("plain")), "");
  EXPECT_EQ(ApiErrorText("<html>502</html>"), "");

  auto now = T("2026-11-20T10:00:00Z");
  auto bare =
      HttpStatusError("GET", "https://api.ebay.com/sell/x", 429, std::nullopt,
                      ApiErrorText(R"({"errors":[{"errorId":2001,"message":"Too many"}]})"), now);
  EXPECT_EQ(bare.kind, core::ErrorKind::kTransient);
  EXPECT_EQ(bare.retry_after, core::Duration(0));
  EXPECT_NE(bare.message.find("HTTP 429: 2001: Too many"), std::string::npos) << bare.message;
  EXPECT_EQ(HttpStatusError("GET", "u", 429, "7", "", now).retry_after, core::Duration(7s));
  EXPECT_EQ(HttpStatusError("GET", "u", 500, std::nullopt, "", now).kind,
            core::ErrorKind::kTransient);
  EXPECT_EQ(HttpStatusError("GET", "u", 404, std::nullopt, "", now).kind,
            core::ErrorKind::kPermanent);
  // The token endpoint: 400 invalid_grant and 401 invalid_client are the credentials.
  for (long status : {400L, 401L}) {
    auto e = TokenEndpointError(
        "https://api.ebay.com/identity/v1/oauth2/token", status, std::nullopt,
        R"({"error":"invalid_grant","error_description":"x"})", "check them", now);
    EXPECT_EQ(e.reason, core::ErrorReason::kCredentialsRejected) << status;
    EXPECT_EQ(e.kind, core::ErrorKind::kPermanent) << status;
  }
  EXPECT_EQ(TokenEndpointError("u", 503, std::nullopt, "", "", now).reason,
            core::ErrorReason::kUnspecified);
}

class EbayClientTest : public ::testing::Test {
 protected:
  EbayClientTest() {
    settings_.endpoint = server_.Endpoint();
    settings_.token_endpoint = server_.TokenEndpoint();
    settings_.client_id = config::Secret(std::string(EbayServer::kClientId));
    settings_.client_secret = config::Secret(std::string(EbayServer::kClientSecret));
    settings_.refresh_token = config::Secret(std::string(EbayServer::kRefreshToken));
  }
  std::shared_ptr<EbayClient> Client() {
    return std::make_shared<EbayClient>(http_, settings_, 5s, "", true);
  }
  core::Result<SourceBatch> Poll(Source& s, std::optional<std::string> cursor = {}) {
    return testing::RunAwaitable(io_, s.Poll(std::move(cursor), now_));
  }
  std::map<std::string, core::Order> Orders(const SourceBatch& batch) {
    std::map<std::string, core::Order> out;
    for (const auto& e : batch.events) {
      const auto& o = std::get<core::Order>(e.event);
      EXPECT_EQ(out.count(o.id), 0u) << "twice: " << o.id;
      out[o.id] = o;
    }
    return out;
  }
  std::vector<testing::RecordedRequest> Calls(std::string_view prefix) {
    std::vector<testing::RecordedRequest> out;
    for (auto& r : server_.Requests())
      if (r.target.starts_with(prefix)) out.push_back(r);
    return out;
  }
  void ExpectNoSecret(const std::string& text) {
    for (std::string_view secret :
         {EbayServer::kClientSecret, EbayServer::kRefreshToken, EbayServer::kAccessPrefix}) {
      EXPECT_EQ(text.find(secret), std::string::npos) << text;
    }
  }

  core::Timestamp now_ =
      std::chrono::time_point_cast<core::Duration>(std::chrono::system_clock::now());
  EbayServer server_;
  Settings settings_;
  asio::io_context io_;
  net::CurlMulti multi_{io_};
  net::HttpClient http_{multi_};
};

TEST_F(EbayClientTest, OrdersPollReadsEveryPageShipmentAndCancellationWithOneToken) {
  OrdersStream stream("shop", Client());
  auto batch = Poll(stream);
  ASSERT_TRUE(batch) << batch.error().message;
  auto orders = Orders(*batch);
  ASSERT_EQ(orders.size(), 6u);
  EXPECT_EQ(server_.TokenRequests(), 1u);
  std::string token = server_.IssuedTokens().at(0);
  auto grant = Calls("/identity/v1/oauth2/token");
  ASSERT_EQ(grant.size(), 1u);
  EXPECT_EQ(grant[0].method, "POST");
  EXPECT_EQ(grant[0].Header("authorization"), BasicAuthorization(settings_));
  EXPECT_EQ(grant[0].Header("content-type"), "application/x-www-form-urlencoded");
  EXPECT_EQ(grant[0].body, TokenRequestBody(settings_));

  // Two getOrders pages of three; the second through `next`.
  auto pages = Calls("/sell/fulfillment/v1/order?");
  ASSERT_EQ(pages.size(), 2u);
  EXPECT_NE(pages[0].target.find("&limit=200&offset=0"), std::string::npos) << pages[0].target;
  EXPECT_NE(pages[1].target.find("offset=3"), std::string::npos);
  // Shipping fulfillments only for the orders that shipped.
  std::vector<std::string> shipped;
  for (const auto& r : Calls("/sell/fulfillment/v1/order/")) {
    shipped.push_back(r.target);
    EXPECT_EQ(r.Header("authorization"), "Bearer " + token);
  }
  std::sort(shipped.begin(), shipped.end());
  EXPECT_EQ(shipped, (std::vector<std::string>{
                         "/sell/fulfillment/v1/order/00-00000-00001/shipping_fulfillment",
                         "/sell/fulfillment/v1/order/00-00000-00006/shipping_fulfillment"}));
  // One cancellation search, IAF, from the earliest cancelled order's creation.
  auto search = Calls("/post-order/v2/cancellation/search");
  ASSERT_EQ(search.size(), 1u);
  EXPECT_EQ(search[0].Header("authorization"), "IAF " + token);
  EXPECT_EQ(search[0].Header("x-ebay-c-marketplace-id"), "EBAY_US");
  EXPECT_NE(search[0].target.find("creation_date_range_from=" +
                                  PercentEncode(server_.Shift("2026-01-10T09:30:00.000Z"))),
            std::string::npos)
      << search[0].target;

  EXPECT_EQ(orders.at("00-00000-00001").status, core::OrderStatus::kShipped);
  EXPECT_EQ(orders.at("00-00000-00001").shipped_at, T(server_.Shift("2026-01-11T15:00:00Z")));
  EXPECT_EQ(orders.at("00-00000-00001").tracking_valid, true);
  EXPECT_EQ(orders.at("00-00000-00002").cancel_initiator, core::CancelInitiator::kSeller);
  EXPECT_EQ(orders.at("00-00000-00003").status, core::OrderStatus::kUnshipped);
  EXPECT_EQ(orders.at("00-00000-00004").cancel_initiator, core::CancelInitiator::kBuyer);
  EXPECT_EQ(orders.at("00-00000-00005").cancel_initiator, core::CancelInitiator::kUnknown);
  EXPECT_EQ(orders.at("00-00000-00006").tracking_valid, false);
  EXPECT_GT(orders.at("00-00000-00006").shipped_at, orders.at("00-00000-00006").ship_by);
  // The cursor: the newest lastModifiedDate (order 6).
  EXPECT_EQ(batch->cursor, core::FormatRfc3339(T(server_.Shift("2026-01-12T09:00:00Z"))));
}

TEST_F(EbayClientTest, FirstPollReadsSixtyDaysThenTheCursorMinusOverlap) {
  settings_.overlap = 5min;
  OrdersStream stream("shop", Client());
  ASSERT_TRUE(Poll(stream));
  auto filter = [](core::Timestamp t) {
    std::string s = core::FormatRfc3339(t);
    if (s.find('.') == std::string::npos) s.insert(s.size() - 1, ".000");
    return "filter=lastmodifieddate:%5B" + PercentEncode(s) + "..%5D&limit=200&offset=0";
  };
  EXPECT_NE(Calls("/sell/fulfillment/v1/order?")[0].target.find(filter(now_ - 60 * core::kDay)),
            std::string::npos)
      << Calls("/sell/fulfillment/v1/order?")[0].target;
  const std::string cursor = core::FormatRfc3339(now_ - 1h);
  auto again = Poll(stream, cursor);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->cursor, cursor);  // nothing newer than the stored cursor: it stays
  EXPECT_NE(Calls("/sell/fulfillment/v1/order?")[2].target.find(filter(now_ - 1h - 5min)),
            std::string::npos)
      << Calls("/sell/fulfillment/v1/order?")[2].target;
}

TEST_F(EbayClientTest, PagingFollowsNextAndARepeatedNextIsAnError) {
  server_.SetPageSize(2);
  OrdersStream stream("shop", Client());
  auto batch = Poll(stream);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(batch->events.size(), 6u);
  EXPECT_EQ(Calls("/sell/fulfillment/v1/order?").size(), 3u);

  server_.Inject(Fault::kRepeatPage, 1, "/sell/fulfillment/v1/order");
  auto repeated = Poll(stream);
  ASSERT_TRUE(repeated) << repeated.error().message;
  EXPECT_EQ(Orders(*repeated).size(), 6u);  // the repeated order once

  server_.Inject(Fault::kRepeatNext, 1, "/sell/fulfillment/v1/order");
  auto looping = Poll(stream);
  ASSERT_FALSE(looping);
  EXPECT_NE(looping.error().message.find("the same next page came back twice"), std::string::npos)
      << looping.error().message;
  EXPECT_NE(looping.error().message.find("/sell/fulfillment/v1/order"), std::string::npos);
}

TEST_F(EbayClientTest, ExpiredTokenIsRefreshedOnceAndTheCallRepeated) {
  OrdersStream stream("shop", Client());
  ASSERT_TRUE(Poll(stream));
  server_.Inject(Fault::kExpiredToken, 1, "/post-order/");
  auto batch = Poll(stream);
  ASSERT_TRUE(batch) << batch.error().message;
  EXPECT_EQ(server_.TokenRequests(), 2u);
}

TEST_F(EbayClientTest, RefusedAfterARefreshIsCredentialsRejected) {
  server_.Inject(Fault::kRejectAll, 1, "/sell/");
  OrdersStream stream("shop", Client());
  auto batch = Poll(stream);
  ASSERT_FALSE(batch);
  EXPECT_EQ(batch.error().kind, core::ErrorKind::kPermanent);
  EXPECT_EQ(batch.error().reason, core::ErrorReason::kCredentialsRejected);
  EXPECT_EQ(batch.error().http_status, 403);
  EXPECT_NE(batch.error().message.find("credentials rejected"), std::string::npos)
      << batch.error().message;
  EXPECT_NE(batch.error().message.find("/sell/fulfillment/v1/order"), std::string::npos);
  EXPECT_EQ(server_.TokenRequests(), 2u);
  ExpectNoSecret(batch.error().message);
}

TEST_F(EbayClientTest, TokenEndpointRefusalsAreCredentialsRejected) {
  struct Case {
    std::function<void(Settings&)> spoil;
    const char* oauth_error;
  };
  for (const auto& [spoil, oauth_error] : std::vector<Case>{
           {[](Settings& s) { s.client_secret = config::Secret("wrong-secret-do-not-log"); },
            "invalid_client"},
           {[](Settings& s) { s.refresh_token = config::Secret("wrong-refresh-do-not-log"); },
            "invalid_grant"},
           {[](Settings& s) { s.scopes = {"https://api.ebay.com/oauth/api_scope/sell.inventory"}; },
            "invalid_scope"},
       }) {
    Settings saved = settings_;
    spoil(settings_);
    OrdersStream stream("shop", Client());
    settings_ = saved;
    auto batch = Poll(stream);
    ASSERT_FALSE(batch) << oauth_error;
    EXPECT_EQ(batch.error().reason, core::ErrorReason::kCredentialsRejected) << oauth_error;
    EXPECT_NE(batch.error().message.find("credentials rejected"), std::string::npos);
    EXPECT_NE(batch.error().message.find(oauth_error), std::string::npos) << batch.error().message;
    EXPECT_EQ(batch.error().message.find("wrong-"), std::string::npos);
    ExpectNoSecret(batch.error().message);
  }
  EXPECT_TRUE(Calls("/sell/").empty());
}

TEST_F(EbayClientTest, RateLimitsCarryTheirWait) {
  OrdersStream stream("shop", Client());
  server_.Inject(Fault::k429, 1, "/sell/fulfillment/v1/order/");
  auto bare = Poll(stream);
  ASSERT_FALSE(bare);
  EXPECT_EQ(bare.error().retry_after, core::Duration(0));
  EXPECT_NE(bare.error().message.find("shipping_fulfillment: HTTP 429: 2001"), std::string::npos)
      << bare.error().message;
  server_.Inject(Fault::k429RetryAfter, 1, "/post-order/");
  auto told = Poll(stream);
  ASSERT_FALSE(told);
  EXPECT_EQ(told.error().retry_after, core::Duration(7s));
  EXPECT_NE(told.error().message.find("/post-order/v2/cancellation/search"), std::string::npos);
}

TEST_F(EbayClientTest, StandardsPollMakesFourAnalyticsCalls) {
  StandardsStream stream("shop", Client());
  auto batch = Poll(stream);
  ASSERT_TRUE(batch) << batch.error().message;
  std::map<std::string, std::string> values;
  for (const auto& e : batch->events) {
    const auto& p = std::get<core::PlatformValue>(e.event);
    values[p.id] = p.value;
  }
  EXPECT_EQ(values["platform.standards_level"], "TOP_RATED");
  EXPECT_EQ(values["platform.standards_level_projected"], "ABOVE_STANDARD");
  EXPECT_EQ(values["platform.standards_projection"], "DROPS");
  EXPECT_EQ(values["platform.defective_transaction_rate"], "0.0014");
  EXPECT_EQ(values["platform.defective_transaction_rate_projected"], "0.006");
  EXPECT_EQ(values["platform.item_not_received.domestic.rating"], "HIGH");
  EXPECT_EQ(values["platform.item_not_as_described.11450.rating"], "LOW");
  EXPECT_EQ(batch->cursor, "{}");
  auto analytics = Calls("/sell/analytics/v1/");
  ASSERT_EQ(analytics.size(), 4u);
  EXPECT_EQ(analytics[0].target, "/sell/analytics/v1/seller_standards_profile/PROGRAM_US/CURRENT");
  EXPECT_EQ(analytics[1].target,
            "/sell/analytics/v1/seller_standards_profile/PROGRAM_US/PROJECTED");
  EXPECT_EQ(analytics[3].target,
            "/sell/analytics/v1/customer_service_metric/ITEM_NOT_RECEIVED/CURRENT"
            "?evaluation_marketplace_id=EBAY_US");

  server_.SetLevels("ABOVE_STANDARD", "ABOVE_STANDARD");
  auto steady = Poll(stream);
  ASSERT_TRUE(steady);
  for (const auto& e : steady->events) {
    const auto& p = std::get<core::PlatformValue>(e.event);
    if (p.id == "platform.standards_projection") {
      EXPECT_EQ(p.value, "KEEPS");
    }
  }
  server_.Inject(Fault::kMalformedJson, 1, "/sell/analytics/v1/seller_standards_profile/");
  auto broken = Poll(stream);
  ASSERT_FALSE(broken);
  EXPECT_NE(
      broken.error().message.find("GET " + server_.Endpoint() +
                                  "/sell/analytics/v1/seller_standards_profile/PROGRAM_US/"
                                  "CURRENT: seller standards profile CURRENT: malformed JSON"),
      std::string::npos)
      << broken.error().message;
}

}  // namespace
}  // namespace sellerwatch::sources::ebay
