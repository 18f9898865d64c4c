// Buyer evaluations and the merchant profile mapped against the fixtures.

#include "sources/aliexpress/feedback_mapping.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "fakes/temp_dir.hpp"
#include "sources/aliexpress/envelope.hpp"
#include "sources/aliexpress/profile_mapping.hpp"

namespace sellerwatch::sources::aliexpress {
namespace {
namespace json = boost::json;

core::Timestamp T(std::string_view s) { return *core::ParseRfc3339(s); }

json::object Response(const std::string& name) {
  auto answer = ParseAnswer(
      testing::ReadFile(std::string(SELLERWATCH_TEST_DATA) + "/aliexpress/" + name), "test");
  EXPECT_TRUE(answer);
  return answer->response;
}

json::object Evaluations() {
  return Response("evaluation_listorderevaluation_get_response_SYNTHETIC.json");
}

json::object& Entry(json::object& r, std::size_t i) {
  return r["target_list"].as_object()["trade_evaluation_open_dto"].as_array()[i].as_object();
}

TEST(AliExpressFeedback, FixtureFieldByField) {
  auto mapped = MapEvaluations(Evaluations(), "acme-ae", "u");
  ASSERT_TRUE(mapped) << mapped.error().message;
  ASSERT_EQ(mapped->size(), 2u);
  const core::Feedback& good = (*mapped)[0];
  EXPECT_EQ(good.account, "acme-ae");
  EXPECT_EQ(good.id, "8100000000000106");        // the child order
  EXPECT_EQ(good.order_id, "8100000000000006");  // the parent order
  EXPECT_EQ(good.rating, 5);
  EXPECT_EQ(good.received_at, T("2026-01-27T16:00:00Z"));  // valid_date, PST
  EXPECT_EQ(good.updated_at, T("2026-01-27T16:00:00Z"));
  EXPECT_EQ(good.comment, "Fast delivery, as described.");
  EXPECT_FALSE(good.negative());
  const core::Feedback& bad = (*mapped)[1];
  EXPECT_EQ(bad.id, "8100000000000198");
  EXPECT_EQ(bad.order_id, "8100000000000098");
  EXPECT_EQ(bad.rating, 1);
  EXPECT_EQ(bad.received_at, T("2026-02-15T20:00:00Z"));
  EXPECT_EQ(bad.comment, "Arrived broken.");
  EXPECT_TRUE(bad.negative());
}

TEST(AliExpressFeedback, IdsDatesAndUnratedEntries) {
  json::object r = Evaluations();
  Entry(r, 0).erase("order_id");
  Entry(r, 0)["buyer_evaluation"] = 2;        // a number works too
  Entry(r, 0)["valid_date"] = nullptr;        // not visible yet: when the buyer rated
  Entry(r, 1)["buyer_evaluation"] = nullptr;  // not rated by the buyer
  auto mapped = MapEvaluations(r, "a", "u");
  ASSERT_TRUE(mapped) << mapped.error().message;
  ASSERT_EQ(mapped->size(), 1u);
  EXPECT_EQ((*mapped)[0].id, "8100000000000006-1005000000000006");
  EXPECT_EQ((*mapped)[0].rating, 2);
  EXPECT_EQ((*mapped)[0].received_at, T("2026-01-26T16:00:00Z"));  // buyer_fb_date
  EXPECT_EQ((*mapped)[0].updated_at, T("2026-01-27T16:00:00Z"));   // gmt_modified
}

TEST(AliExpressFeedback, RefusedEntriesAreNamed) {
  json::object r = Evaluations();
  Entry(r, 1)["buyer_evaluation"] = "6";
  auto bad = MapEvaluations(r, "a", "u");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message,
            "evaluation of order 8100000000000198: field 'buyer_evaluation': expected 1 to 5, "
            "got 6");
  json::object failed{{"result", json::object{{"success", false}, {"error_code", "E"}}}};
  EXPECT_EQ(MapEvaluations(failed, "a", "u").error().kind, core::ErrorKind::kPermanent);
  json::object empty{{"target_list", nullptr}};
  EXPECT_TRUE(MapEvaluations(empty, "a", "u")->empty());
}

TEST(AliExpressProfile, PostingForbidden) {
  json::object profile = Response("solution_merchant_profile_get_response_example.json");
  auto now = T("2026-03-02T18:00:00Z");
  auto value = MapMerchantProfile(profile, "acme-ae", now, "u");
  ASSERT_TRUE(value) << value.error().message;
  EXPECT_EQ(value->account, "acme-ae");
  EXPECT_EQ(value->id, "platform.product_posting_forbidden");
  EXPECT_EQ(value->value, "false");
  EXPECT_EQ(value->reported_at, now);
  EXPECT_EQ(value->updated_at, now);
  profile["product_posting_forbidden"] = true;
  EXPECT_EQ(MapMerchantProfile(profile, "a", now, "u")->value, "true");
  profile["product_posting_forbidden"] = "true";
  EXPECT_EQ(MapMerchantProfile(profile, "a", now, "u")->value, "true");
  profile.erase("product_posting_forbidden");
  auto missing = MapMerchantProfile(profile, "a", now, "u");
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().message,
            "u: field 'product_posting_forbidden': expected true or false");
}

}  // namespace
}  // namespace sellerwatch::sources::aliexpress
