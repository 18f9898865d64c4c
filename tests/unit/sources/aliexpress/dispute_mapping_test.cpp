// Disputes (issue list and detail) mapped to claims of kind `dispute`, field by field against
// the fixtures, and how each ending reads (who decided, the refund, escalation, the deadline).

#include "sources/aliexpress/dispute_mapping.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/event_json.hpp"
#include "fakes/temp_dir.hpp"
#include "sources/aliexpress/envelope.hpp"

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

std::vector<json::object> Listed() {
  auto page = ParseIssueListPage(Response("issue_issuelist_get_response_SYNTHETIC.json"), "u");
  EXPECT_TRUE(page) << page.error().message;
  return page->issues;
}

json::object Detail() {
  auto d = ParseIssueDetail(Response("issue_detail_get_response_SYNTHETIC.json"), "u");
  EXPECT_TRUE(d) << d.error().message;
  return *d;
}

json::array& Solutions(json::object& d, const char* list) {
  return d[list].as_object()["solution_api_dto"].as_array();
}

TEST(AliExpressDisputes, ListPage) {
  auto page = ParseIssueListPage(Response("issue_issuelist_get_response_SYNTHETIC.json"), "u");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->total_item, 2);
  ASSERT_EQ(page->issues.size(), 2u);
  EXPECT_EQ(IssueIdOf(page->issues[0]), "7100000000000001");
  EXPECT_EQ(*ModifiedAtOf(page->issues[1]), T("2026-02-13T02:20:00Z"));
  auto failed = ParseIssueListPage(
      json::parse(R"({"success":false,"error_code":"E","error_message":"m"})").as_object(), "u");
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().message, "u: business error E: m");
  EXPECT_FALSE(ParseIssueDetail(json::parse(R"({"x":1})").as_object(), "u"));
}

TEST(AliExpressDisputes, StatusNames) {
  EXPECT_EQ(ClaimStatusOf("processing"), "open");
  EXPECT_EQ(ClaimStatusOf("finish"), "closed");
  EXPECT_EQ(ClaimStatusOf("canceled_issue"), "withdrawn");
  EXPECT_EQ(ClaimStatusOf("something_new"), "something_new");
}

// Found by aliexpress_fuzz (issue 17): a dispute without issue_status was kept with status ""
// while the store read it back as "open" (a normalized claim's default), so it counted
// differently before and after a restart.
TEST(AliExpressDisputes, NoStatusIsOpenAsTheStoreReadsIt) {
  EXPECT_EQ(ClaimStatusOf(""), "open");
  auto listed = json::parse(R"({"issue_id":1,"order_id":2,"parent_order_id":2,)"
                            R"("gmt_create":"2026-03-03 10:00:00"})")
                    .as_object();
  auto claim = MapDispute(&listed, nullptr, "ae");
  ASSERT_TRUE(claim) << claim.error().message;
  EXPECT_EQ(claim->status, "open");
  auto back = core::DecodeEvent(core::EncodeEvent(*claim));
  ASSERT_TRUE(back);
  EXPECT_EQ(std::get<core::Claim>(*back).status, claim->status);
}

TEST(AliExpressDisputes, OpenDisputeFromTheListAlone) {
  auto listed = Listed();
  auto mapped = MapDispute(&listed[0], nullptr, "acme-ae");
  ASSERT_TRUE(mapped) << mapped.error().message;
  const core::Claim& c = *mapped;
  EXPECT_EQ(c.account, "acme-ae");
  EXPECT_EQ(c.id, "7100000000000001");
  EXPECT_EQ(c.order_id, "8100000000000004");  // the parent order, as the seller sees it
  EXPECT_EQ(c.kind, core::ClaimKind::kDispute);
  EXPECT_EQ(c.status, "open");
  EXPECT_EQ(c.opened_at, T("2026-03-01T17:00:00Z"));
  EXPECT_EQ(c.updated_at, T("2026-03-01T17:00:00Z"));
  EXPECT_EQ(mapped->reason, "Package did not arrive");
  EXPECT_FALSE(mapped->respond_by.has_value());
  EXPECT_FALSE(mapped->escalated);
  EXPECT_FALSE(mapped->refund.has_value());
}

TEST(AliExpressDisputes, DecidedByThePlatformWithARefund) {
  auto listed = Listed();
  json::object detail = Detail();
  auto mapped = MapDispute(&listed[1], &detail, "acme-ae");
  ASSERT_TRUE(mapped) << mapped.error().message;
  const core::Claim& c = *mapped;
  EXPECT_EQ(c.id, "7100000000000002");
  EXPECT_EQ(c.order_id, "8100000000000099");
  EXPECT_EQ(c.status, "closed");
  EXPECT_EQ(c.opened_at, T("2026-02-01T18:00:00Z"));
  EXPECT_EQ(c.updated_at, T("2026-02-13T02:20:00Z"));
  const core::Claim& f = *mapped;
  EXPECT_EQ(f.reason, "Item not as described");
  EXPECT_FALSE(f.respond_by.has_value());  // closed
  EXPECT_EQ(f.escalated, true);
  EXPECT_EQ(f.decided_by, core::DecidedBy::kPlatform);
  EXPECT_EQ(f.decided_at, T("2026-02-13T02:20:00Z"));
  EXPECT_EQ(f.refund, 19.90);

  // The same dispute known from its detail alone (it left the open list unseen).
  auto alone = MapDispute(nullptr, &detail, "acme-ae");
  ASSERT_TRUE(alone) << alone.error().message;
  EXPECT_EQ(alone->id, "7100000000000002");
  EXPECT_EQ(alone->order_id, "8100000000000099");
  EXPECT_EQ(alone->status, "closed");
  EXPECT_EQ(alone->updated_at, T("2026-02-13T02:20:00Z"));
  EXPECT_EQ(alone->reason, "Item not as described");  // issue_reason
}

TEST(AliExpressDisputes, OpenDisputeWithItsDeadline) {
  auto listed = Listed();
  json::object detail = Detail();
  detail["issue_status"] = "processing";
  detail["reverse_detail_status"] = "wait_seller_response";
  detail["timeout_trigger_time"] = "2026-03-10 12:00:00";  // PDT since March 8
  Solutions(detail, "platform_solution_list").clear();
  Solutions(detail, "buyer_solution_list")[0].as_object()["status"] = "wait_seller_accept";
  Solutions(detail, "seller_solution_list")[0].as_object()["status"] = "buyer_refused";
  auto mapped = MapDispute(&listed[0], &detail, "a");
  ASSERT_TRUE(mapped) << mapped.error().message;
  EXPECT_EQ(mapped->status, "open");
  EXPECT_EQ(mapped->respond_by, T("2026-03-10T19:00:00Z"));
  EXPECT_EQ(mapped->escalated, false);
  EXPECT_FALSE(mapped->decided_by.has_value());
  EXPECT_FALSE(mapped->decided_at.has_value());
  EXPECT_FALSE(mapped->refund.has_value());
}

TEST(AliExpressDisputes, WhoDecided) {
  struct Case {
    const char* reached_type;
    core::DecidedBy decided_by;
    bool escalated;
  };
  for (const auto& c :
       std::vector<Case>{{"negotiation_consensus", core::DecidedBy::kNegotiation, false},
                         {"seller_reponse_timeout", core::DecidedBy::kSellerTimeout, false},
                         {"seller_response_timeout", core::DecidedBy::kSellerTimeout, false},
                         {"platform_arbitrate", core::DecidedBy::kPlatform, true}}) {
    SCOPED_TRACE(c.reached_type);
    json::object detail = Detail();
    Solutions(detail, "platform_solution_list").clear();
    json::object& seller = Solutions(detail, "seller_solution_list")[0].as_object();
    seller["status"] = "reached";
    seller["reached_type"] = c.reached_type;
    seller["reached_time"] = "2026-02-05 09:00:00";
    auto mapped = MapDispute(nullptr, &detail, "a");
    ASSERT_TRUE(mapped) << mapped.error().message;
    EXPECT_EQ(mapped->decided_by, c.decided_by);
    EXPECT_EQ(mapped->decided_at, T("2026-02-05T17:00:00Z"));
    EXPECT_EQ(mapped->refund, 5.0);
    EXPECT_EQ(mapped->escalated, c.escalated);
  }
}

TEST(AliExpressDisputes, EndedWithoutARefundAndEscalationSigns) {
  json::object detail = Detail();
  Solutions(detail, "platform_solution_list").clear();
  detail["reverse_detail_status"] = "refund_reject";
  auto rejected = MapDispute(nullptr, &detail, "a");
  EXPECT_EQ(rejected->refund, 0.0);
  EXPECT_EQ(rejected->escalated, false);
  detail["reverse_detail_status"] = "wait_for_ae_feedback";
  EXPECT_EQ(MapDispute(nullptr, &detail, "a")->escalated, true);
  detail["reverse_detail_status"] = "refund_success";
  detail["process_dto_list"].as_object()["api_issue_process_dto"].as_array().push_back(
      json::object{{"action_type", "arbitrate"},
                   {"submit_member_type", "waiter"},
                   {"gmt_create", "2026-02-10 10:00:00"}});
  EXPECT_EQ(MapDispute(nullptr, &detail, "a")->escalated, true);
}

TEST(AliExpressDisputes, WithdrawnByTheBuyer) {
  auto listed = Listed();
  listed[0]["issue_status"] = "canceled_issue";
  auto mapped = MapDispute(&listed[0], nullptr, "a");
  EXPECT_EQ(mapped->status, "withdrawn");
}

TEST(AliExpressDisputes, BadRecordsAreNamed) {
  auto listed = Listed();
  listed[0]["gmt_modified"] = "yesterday";
  auto bad = MapDispute(&listed[0], nullptr, "a");
  ASSERT_FALSE(bad);
  EXPECT_TRUE(bad.error().message.starts_with("dispute 7100000000000001: field 'gmt_modified'"))
      << bad.error().message;
  json::object detail = Detail();
  detail["timeout_trigger_time"] = 5;
  detail["issue_status"] = "processing";
  EXPECT_FALSE(MapDispute(nullptr, &detail, "a"));
}

}  // namespace
}  // namespace sellerwatch::sources::aliexpress
