// What the shopify source asks (query document and variables) and how it reads the envelope of
// an answer: cost and throttle status, the wait they imply, GraphQL errors.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fakes/temp_dir.hpp"
#include "sources/shopify/graphql_errors.hpp"
#include "sources/shopify/orders_query.hpp"
#include "sources/shopify/throttle.hpp"

namespace sellerwatch::sources::shopify {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

json::object Fixture(const std::string& name) {
  return json::parse(testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) + "/shopify/" + name))
      .as_object();
}

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

TEST(ShopifyOrdersQuery, FirstPageVariables) {
  json::value body = json::parse(OrdersRequestBody(T("2026-01-10T00:00:00Z"), std::nullopt));
  EXPECT_EQ(body.at("query").as_string(), kOrdersQuery);
  const json::object& v = body.at("variables").as_object();
  EXPECT_EQ(v.at("first").as_int64(), kPageSize);
  EXPECT_TRUE(v.at("after").is_null());
  EXPECT_EQ(v.at("query").as_string(), "updated_at:>'2026-01-10T00:00:00Z'");
  EXPECT_EQ(v.size(), 3u);
}

TEST(ShopifyOrdersQuery, CursorTravelsAsAVariableVerbatim) {
  // Whatever Shopify puts in a cursor reaches it unchanged and never touches the document.
  const std::string cursor = R"(eyJ"}') { shop { name } } #)";
  json::value body = json::parse(OrdersRequestBody(T("2026-01-10T00:00:00.250Z"), cursor, 7));
  EXPECT_EQ(body.at("variables").at("after").as_string(), cursor);
  EXPECT_EQ(body.at("variables").at("first").as_int64(), 7);
  EXPECT_EQ(body.at("variables").at("query").as_string(), "updated_at:>'2026-01-10T00:00:00.250Z'");
  EXPECT_EQ(body.at("query").as_string(), kOrdersQuery);
}

TEST(ShopifyOrdersQuery, DocumentAsksForWhatTheMapperReads) {
  std::string_view q = kOrdersQuery;
  for (std::string_view part :
       {"$first: Int!", "$after: String", "$query: String!",
        "orders(first: $first, after: $after, sortKey: UPDATED_AT, query: $query)",
        "pageInfo { hasNextPage endCursor }", "edges { node {", "processedAt", "updatedAt",
        "cancelledAt", "cancelReason", " test ", "displayFulfillmentStatus", "fulfillments(first: ",
        "createdAt status displayStatus deliveredAt", "trackingInfo(first: 2) { number }"}) {
    EXPECT_NE(q.find(part), std::string_view::npos) << part;
  }
  EXPECT_EQ(q.find("updated_at"), std::string_view::npos) << "the filter is a variable";
  // The whole body stays valid JSON with the document embedded.
  EXPECT_NO_THROW(json::parse(OrdersRequestBody(T("2026-01-10T00:00:00Z"), std::nullopt)));
}

TEST(ShopifyThrottle, CostOfTheThrottledFixture) {
  auto cost = ParseCost(Fixture("graphql_throttled_response_example.json"));
  ASSERT_TRUE(cost);
  EXPECT_EQ(cost->requested, 70.0);
  EXPECT_FALSE(cost->actual.has_value());  // null on a THROTTLED answer
  EXPECT_EQ(cost->maximum_available, 1000.0);
  EXPECT_EQ(cost->currently_available, 66.0);
  EXPECT_EQ(cost->restore_rate, 50.0);
  // (70 − 66) / 50 = 0.08 s.
  EXPECT_EQ(WaitForPoints(*cost->requested, *cost), core::Duration(80ms));
  EXPECT_EQ(WaitBeforeNext(*cost), core::Duration(80ms));
  EXPECT_EQ(Describe(*cost), "66 of 1000 points available, 70 needed, restoring 50/s");
}

TEST(ShopifyThrottle, CostOfAnOrdinaryPage) {
  auto cost = ParseCost(Fixture("graphql_orders_query_response_SYNTHETIC.json"));
  ASSERT_TRUE(cost);
  EXPECT_EQ(cost->requested, 152.0);
  EXPECT_EQ(cost->actual, 14.0);
  EXPECT_EQ(cost->maximum_available, 2000.0);
  EXPECT_EQ(WaitBeforeNext(*cost), core::Duration::zero());
}

TEST(ShopifyThrottle, WaitTable) {
  struct Row {
    double needed, available, rate;
    std::optional<core::Duration> wait;
  };
  const Row table[] = {
      {642, 592, 50, core::Duration(1s)},        // the fake's scripted throttle
      {642, 642, 50, core::Duration::zero()},    // exactly enough
      {642, 1000, 100, core::Duration::zero()},  // more than enough
      {100, 99.5, 3, core::Duration(167ms)},     // 0.1666… s rounds up
      {1000, 0, 2000, core::Duration(500ms)},    // Shopify Plus rates
      {642, 0, 1, core::Duration(642s)},
      {642, 0, 0, std::nullopt},  // no restore rate: unknowable
      {642, 0, -5, std::nullopt},
      // Found reviewing shopify_fuzz (issue 17): a hostile cost block overflowed the wait's
      // conversion (UB); it is capped like Retry-After.
      {1e300, 0, 50, core::Duration(std::chrono::hours(24 * 30))},
      {642, 0, 1e-300, core::Duration(std::chrono::hours(24 * 30))},
  };
  for (const auto& r : table) {
    QueryCost cost{r.needed, std::nullopt, 1000, r.available, r.rate};
    EXPECT_EQ(WaitForPoints(r.needed, cost), r.wait)
        << r.needed << " " << r.available << " " << r.rate;
  }
  QueryCost no_request{std::nullopt, 3.0, 1000, 0, 50};
  EXPECT_EQ(WaitBeforeNext(no_request), core::Duration::zero());
}

TEST(ShopifyThrottle, MissingOrPartialCostBlocks) {
  EXPECT_FALSE(ParseCost(json::parse(R"({"data":{}})").as_object()));
  EXPECT_FALSE(
      ParseCost(json::parse(R"({"extensions":{"cost":{"requestedQueryCost":3}}})").as_object()));
  EXPECT_FALSE(ParseCost(json::parse(R"({"extensions":{"cost":{"throttleStatus":)"
                                     R"({"maximumAvailable":"x","currentlyAvailable":1,)"
                                     R"("restoreRate":1}}}})")
                             .as_object()));
  auto integers = ParseCost(json::parse(R"({"extensions":{"cost":{"throttleStatus":)"
                                        R"({"maximumAvailable":1000,"currentlyAvailable":5,)"
                                        R"("restoreRate":50}}}})")
                                .as_object());
  ASSERT_TRUE(integers);
  EXPECT_FALSE(integers->requested.has_value());
  EXPECT_EQ(integers->restore_rate, 50.0);
}

TEST(ShopifyGraphqlErrors, ThrottledAndOtherShapes) {
  auto throttled = ErrorsOf(Fixture("graphql_throttled_response_example.json"));
  ASSERT_EQ(throttled.size(), 1u);
  EXPECT_TRUE(HasCode(throttled, "THROTTLED"));
  EXPECT_EQ(ErrorText(throttled), "THROTTLED: Throttled");
  EXPECT_TRUE(ErrorsOf(Fixture("graphql_orders_query_response_SYNTHETIC.json")).empty());

  auto plain = ErrorsOf(R"({"errors":"[API] Invalid API key or access token"})");
  ASSERT_EQ(plain.size(), 1u);
  EXPECT_EQ(ErrorText(plain), "[API] Invalid API key or access token");
  EXPECT_FALSE(HasCode(plain, "THROTTLED"));

  auto many = ErrorsOf(std::string_view(
      R"({"errors":[{"message":"a","extensions":{"code":"ACCESS_DENIED"}},{"message":"b"},)"
      R"({"message":"c"},{"message":"d"}]})"));
  EXPECT_EQ(ErrorText(many), "ACCESS_DENIED: a; b; c; …");
  EXPECT_TRUE(ErrorsOf("<html>502 Bad Gateway</html>").empty());
  EXPECT_EQ(ErrorText({{"", std::string(500, 'x')}}).size(), 200u);
}

}  // namespace
}  // namespace sellerwatch::sources::shopify
