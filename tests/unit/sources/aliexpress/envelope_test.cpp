// The IOP answer envelopes (sources.md §1.4, §1.5) against the fixtures: the `_response`
// wrapper, wrapped lists, business failures inside a successful answer, the two error forms,
// and what each refusal becomes (kind, reason, wait, wording).

#include "sources/aliexpress/envelope.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fakes/temp_dir.hpp"

namespace sellerwatch::sources::aliexpress {
namespace {
namespace json = boost::json;
using namespace std::chrono_literals;

std::string Fixture(const std::string& name) {
  return testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) + "/aliexpress/" + name);
}

std::string ErrorCase(const std::string& key) {
  return json::serialize(json::parse(Fixture("error_responses_SYNTHETIC.json")).at(key));
}

constexpr std::string_view kWhere = "POST https://api-sg.aliexpress.com/sync?method=x";

TEST(AliExpressEnvelope, SuccessIsUnwrappedFromItsResponseKey) {
  auto answer = ParseAnswer(Fixture("trade_seller_orderlist_get_response_SYNTHETIC.json"), kWhere);
  ASSERT_TRUE(answer) << answer.error().message;
  EXPECT_FALSE(answer->refusal.has_value());
  const json::object& result = answer->response.at("result").as_object();
  EXPECT_EQ(answer->response.at("request_id").as_string(), "2101e00017000000000000001");
  const json::array* orders = ListAt(result, "target_list");
  ASSERT_NE(orders, nullptr);
  EXPECT_EQ(orders->size(), 6u);
  EXPECT_FALSE(BusinessFailure(result).has_value());
}

TEST(AliExpressEnvelope, VerbatimSampleUnwrapsToo) {
  // AliExpress's own sample: escaped slashes, numbers for ids, error_code "1" with success.
  auto answer = ParseAnswer(Fixture("solution_order_get_response_example.json"), kWhere);
  ASSERT_TRUE(answer);
  const json::object& result = answer->response.at("result").as_object();
  const json::array* orders = ListAt(result, "target_list");
  ASSERT_NE(orders, nullptr);
  ASSERT_EQ(orders->size(), 1u);
  EXPECT_EQ(TextAt(orders->at(0).as_object(), "order_id"), "1160045860056286");
  EXPECT_EQ(IntAt(orders->at(0).as_object(), "timeout_left_time"), 120340569);
  EXPECT_FALSE(BusinessFailure(result).has_value());
  auto profile =
      ParseAnswer(Fixture("solution_merchant_profile_get_response_example.json"), kWhere);
  ASSERT_TRUE(profile);
  EXPECT_EQ(profile->response.at("shop_url").as_string(), "//www.aliexpress.com/store/1234321");
}

TEST(AliExpressEnvelope, ListsInEitherForm) {
  auto o = json::parse(R"({"bare":[1,2],"wrapped":{"item_dto":[3]},"two":{"a":[1],"b":[2]},)"
                       R"("empty":{"item_dto":[]},"none":null,"scalar":{"a":1}})")
               .as_object();
  EXPECT_EQ(ListAt(o, "bare")->size(), 2u);
  EXPECT_EQ(ListAt(o, "wrapped")->size(), 1u);
  EXPECT_EQ(ListAt(o, "empty")->size(), 0u);
  EXPECT_EQ(ListAt(o, "two"), nullptr);
  EXPECT_EQ(ListAt(o, "none"), nullptr);
  EXPECT_EQ(ListAt(o, "scalar"), nullptr);
  EXPECT_EQ(ListAt(o, "missing"), nullptr);
}

TEST(AliExpressEnvelope, BusinessFailureInsideASuccessfulAnswer) {
  auto answer = ParseAnswer(ErrorCase("business_error_in_result"), kWhere);
  ASSERT_TRUE(answer);
  EXPECT_FALSE(answer->refusal.has_value());
  EXPECT_EQ(BusinessFailure(answer->response.at("result").as_object()),
            "EXAMPLE_ERROR_CODE: example business error");
  auto text = json::parse(R"({"is_success":"false"})").as_object();
  EXPECT_EQ(BusinessFailure(text), "success=false without an error code");
}

TEST(AliExpressEnvelope, RefusalsInBothForms) {
  auto sync = ParseAnswer(ErrorCase("sync_flow_control"), kWhere);
  ASSERT_TRUE(sync && sync->refusal);
  EXPECT_EQ(sync->refusal->type, "ISV");
  EXPECT_EQ(sync->refusal->code, "ApiCallLimit");
  EXPECT_EQ(sync->refusal->request_id, "2101e00017000000000000010");
  EXPECT_EQ(Classify(*sync->refusal), Refusal::kFlowControl);
  EXPECT_EQ(BanDuration(*sync->refusal), std::chrono::seconds(1));

  auto rest = ParseAnswer(ErrorCase("rest_incomplete_signature"), kWhere);
  ASSERT_TRUE(rest && rest->refusal);
  EXPECT_EQ(rest->refusal->code, "IncompleteSignature");
  EXPECT_EQ(rest->refusal->msg, "The request signature does not conform to platform standards");
  EXPECT_EQ(Classify(*rest->refusal), Refusal::kSignature);

  auto legacy = ParseAnswer(ErrorCase("legacy_top_app_call_limited"), kWhere);
  ASSERT_TRUE(legacy && legacy->refusal);
  EXPECT_EQ(legacy->refusal->code, "7");
  EXPECT_EQ(legacy->refusal->sub_code, "accesscontrol.limited-by-app-access-count");
  EXPECT_EQ(Classify(*legacy->refusal), Refusal::kFlowControl);
  EXPECT_EQ(BanDuration(*legacy->refusal), std::chrono::seconds(3600));

  // A flat answer with code "0" is a success (the /rest token answers).
  auto token = ParseAnswer(Fixture("auth_token_create_response_SYNTHETIC.json"), kWhere);
  ASSERT_TRUE(token);
  EXPECT_FALSE(token->refusal.has_value());
  EXPECT_EQ(token->response.at("user_nick").as_string(), "cn_example_seller");
}

TEST(AliExpressEnvelope, MalformedAnswersNeverQuoteTheBody) {
  auto broken = ParseAnswer(R"({"x_response":{"access_token":"SECRET)", kWhere);
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().kind, core::ErrorKind::kData);
  EXPECT_TRUE(broken.error().message.starts_with(std::string(kWhere) + ": malformed JSON"));
  EXPECT_EQ(broken.error().message.find("SECRET"), std::string::npos);
  auto list = ParseAnswer("[1]", kWhere);
  ASSERT_FALSE(list);
  EXPECT_EQ(list.error().message, std::string(kWhere) + ": answer is not a JSON object");
}

GatewayError Refused(std::string code, std::string msg = "", std::string type = "ISV",
                     std::string sub_code = "") {
  return {std::move(type), std::move(code), std::move(sub_code), std::move(msg), "", "req-1"};
}

TEST(AliExpressEnvelope, WhatEachRefusalBecomes) {
  struct Case {
    GatewayError refusal;
    Refusal cls;
    core::ErrorKind kind;
    core::ErrorReason reason;
    std::optional<core::Duration> wait;
    std::string says;
  };
  for (const auto& c : std::vector<Case>{
           {Refused("ApiCallLimit",
                    "Api access frequency exceeds the limit. this ban will last 12 "
                    "seconds"),
            Refusal::kFlowControl, core::ErrorKind::kTransient, core::ErrorReason::kUnspecified,
            13s, "(flow control; retry after 13s)"},
           {Refused("ApiCallLimit"), Refusal::kFlowControl, core::ErrorKind::kTransient,
            core::ErrorReason::kUnspecified, 0s, "(flow control; backing off)"},
           // Found by aliexpress_fuzz (issue 17): bans are bounded like Retry-After, so a
           // negative one is none and one of decades a month (+1 s), not a silent stop.
           {Refused("ApiCallLimit", "this ban will last -5 seconds"), Refusal::kFlowControl,
            core::ErrorKind::kTransient, core::ErrorReason::kUnspecified, 1s,
            "(flow control; retry after 1s)"},
           {Refused("ApiCallLimit", "this ban will last 2147483647 seconds"), Refusal::kFlowControl,
            core::ErrorKind::kTransient, core::ErrorReason::kUnspecified,
            std::chrono::hours(24 * 30) + 1s, "(flow control; retry after"},
           {Refused("IncompleteSignature", "The request signature does not conform"),
            Refusal::kSignature, core::ErrorKind::kConfig, core::ErrorReason::kUnspecified,
            std::nullopt, "app_secret is not the App Secret of app_key"},
           {Refused("InvalidAppKey"), Refusal::kAppKey, core::ErrorKind::kConfig,
            core::ErrorReason::kUnspecified, std::nullopt, "check app_key and app_secret"},
           {Refused("AppWhiteIpLimit"), Refusal::kIpWhitelist, core::ErrorKind::kConfig,
            core::ErrorReason::kUnspecified, std::nullopt, "IP whitelist"},
           {Refused("IllegalAccessToken", "The specified access token is invalid or expired"),
            Refusal::kSession, core::ErrorKind::kPermanent, core::ErrorReason::kCredentialsRejected,
            std::nullopt, "credentials rejected after a token refresh"},
           {Refused("27", "Invalid session"), Refusal::kSession, core::ErrorKind::kPermanent,
            core::ErrorReason::kCredentialsRejected, std::nullopt, "credentials rejected"},
           {Refused("15", "Remote service error", "ISP"), Refusal::kService,
            core::ErrorKind::kTransient, core::ErrorReason::kUnspecified, std::nullopt,
            "15: Remote service error"},
           {Refused("MissingParameter", "param_aeop_order_query"), Refusal::kOther,
            core::ErrorKind::kPermanent, core::ErrorReason::kUnspecified, std::nullopt,
            "MissingParameter: param_aeop_order_query (request_id req-1)"},
       }) {
    SCOPED_TRACE(c.refusal.code);
    EXPECT_EQ(Classify(c.refusal), c.cls);
    core::Error e = ToError(c.refusal, "POST u");
    EXPECT_EQ(e.kind, c.kind);
    EXPECT_EQ(e.reason, c.reason);
    EXPECT_EQ(e.retry_after, c.wait);
    EXPECT_TRUE(e.message.starts_with("POST u: AliExpress refused: " + c.refusal.code))
        << e.message;
    EXPECT_NE(e.message.find(c.says), std::string::npos) << e.message;
  }
}

TEST(AliExpressEnvelope, DescribeCutsLongTextAndNamesEveryPart) {
  GatewayError e{"ISV",
                 "ApiCallLimit",
                 "accesscontrol.limited-by-api-access-count",
                 std::string(300, 'x'),
                 "This ban will last for 5 more seconds",
                 "r-9"};
  std::string d = Describe(e);
  EXPECT_TRUE(d.starts_with("ApiCallLimit: " + std::string(200, 'x') + "…")) << d;
  EXPECT_TRUE(
      d.ends_with("(sub_code accesscontrol.limited-by-api-access-count: This ban will "
                  "last for 5 more seconds; request_id r-9)"))
      << d;
  EXPECT_EQ(BanDuration(e), std::chrono::seconds(5));
  EXPECT_EQ(Describe(GatewayError{}), "(no code)");
}

TEST(AliExpressEnvelope, NumbersAndTheirTextForms) {
  auto o = json::parse(R"({"a":8100000000000001,"b":"42","c":"x","d":1.5,"e":null})").as_object();
  EXPECT_EQ(TextAt(o, "a"), "8100000000000001");
  EXPECT_EQ(IntAt(o, "a"), 8100000000000001);
  EXPECT_EQ(IntAt(o, "b"), 42);
  EXPECT_EQ(TextAt(o, "b"), "42");
  EXPECT_FALSE(IntAt(o, "c").has_value());
  EXPECT_EQ(TextAt(o, "d"), "1.5");
  EXPECT_EQ(TextAt(o, "e"), "");
  EXPECT_FALSE(IntAt(o, "missing").has_value());
}

}  // namespace
}  // namespace sellerwatch::sources::aliexpress
