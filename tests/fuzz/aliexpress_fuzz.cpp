// AliExpress Open Platform answers as the aliexpress source reads them: the gateway envelope
// (an answer or a refusal), then per first byte:
//   0  trade.seller.orderlist.get, each order mapped   1  solution.order.info.get (a detail)
//   2  issue.issuelist.get, each dispute mapped        3  issue.detail.get
//   4  evaluation.listorderevaluation.get              5  solution.merchant.profile.get
//   6  a US Pacific time
// Every event must be storable; a refusal's wait must be a sane duration.

#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_support.hpp"
#include "sources/aliexpress/dispute_mapping.hpp"
#include "sources/aliexpress/envelope.hpp"
#include "sources/aliexpress/feedback_mapping.hpp"
#include "sources/aliexpress/order_mapping.hpp"
#include "sources/aliexpress/pacific_time.hpp"
#include "sources/aliexpress/profile_mapping.hpp"

using namespace sellerwatch;
using namespace sellerwatch::sources::aliexpress;

namespace {

const core::Timestamp kNow = core::FromUnixMillis(1795000000000);
constexpr std::string_view kWhere = "aliexpress.fuzz (POST https://api-sg.aliexpress.com/sync)";

boost::json::object Parsed(const char* json) { return boost::json::parse(json).as_object(); }

// A closed order and a listed dispute, for the parsers that feed a mapper something else.
const boost::json::object& FixtureOrder() {
  static const boost::json::object order = Parsed(
      R"({"order_id":8100000000000001,"order_status":"FINISH","gmt_create":"2026-03-01 10:00:00",
          "gmt_update":"2026-03-05 10:00:00","gmt_pay_time":"2026-03-01 10:05:00",
          "end_reason":"seller_send_goods_timeout","product_list":{"order_product_dto":[
          {"goods_prepare_time":3,"send_goods_time":"2026-03-02 10:00:00"}]}})");
  return order;
}

const boost::json::object& FixtureIssue() {
  static const boost::json::object issue = Parsed(
      R"({"issue_id":5001,"order_id":8100000000000001,"parent_order_id":8100000000000001,
          "issue_status":"processing","gmt_create":"2026-03-03 10:00:00",
          "gmt_modified":"2026-03-04 10:00:00","reason_english":"Item not received"})");
  return issue;
}

void CheckWait(core::Duration wait) {
  fuzz::Require(wait >= core::Duration::zero(), "a negative wait");
  fuzz::Require(wait <= std::chrono::hours(24 * 31), "a wait longer than Retry-After's cap");
}

template <class T>
void CheckMapped(const core::Result<T>& mapped) {
  if (mapped) fuzz::CheckStorable(core::Event(*mapped));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [mode, text] = fuzz::Select(data, size, 7);
  if (mode == 6) {
    if (auto t = ParsePacific(text)) {
      // What it writes back must read as the same second (or, inside the repeated autumn hour,
      // as a reading an hour apart).
      auto again = ParsePacific(FormatPacific(*t));
      fuzz::Require(again.has_value(), "FormatPacific wrote what ParsePacific cannot read");
      (void)PacificWindowStart(*t);
    }
    return 0;
  }
  auto answer = ParseAnswer(text, kWhere);
  if (!answer) return 0;
  if (answer->refusal) {
    (void)Classify(*answer->refusal);
    (void)Describe(*answer->refusal);
    if (auto ban = BanDuration(*answer->refusal)) CheckWait(*ban);
    core::Error e = ToError(*answer->refusal, kWhere);
    if (e.retry_after) CheckWait(*e.retry_after);
    return 0;
  }
  const boost::json::object& response = answer->response;
  (void)BusinessFailure(response);
  switch (mode) {
    case 0: {
      auto page = ParseOrderListPage(response, kWhere, 50);
      if (!page) break;
      for (const auto& order : page->orders) {
        (void)OrderIdOf(order);
        (void)UpdatedAtOf(order);
        (void)WantsDetail(order);
        CheckMapped(MapOrder(order, "acme-ae", page->answered_at.value_or(kNow), nullptr));
      }
      break;
    }
    case 1: {
      auto detail = ParseOrderDetail(response, "8100000000000001");
      if (detail) CheckMapped(MapOrder(FixtureOrder(), "acme-ae", kNow, &*detail));
      break;
    }
    case 2: {
      auto page = ParseIssueListPage(response, kWhere);
      if (!page) break;
      for (const auto& issue : page->issues) {
        (void)IssueIdOf(issue);
        (void)ModifiedAtOf(issue);
        CheckMapped(MapDispute(&issue, nullptr, "acme-ae"));
      }
      break;
    }
    case 3: {
      auto detail = ParseIssueDetail(response, kWhere);
      if (!detail) break;
      CheckMapped(MapDispute(nullptr, &*detail, "acme-ae"));
      CheckMapped(MapDispute(&FixtureIssue(), &*detail, "acme-ae"));
      break;
    }
    case 4: {
      auto feedback = MapEvaluations(response, "acme-ae", kWhere);
      if (feedback)
        for (const auto& f : *feedback) fuzz::CheckStorable(core::Event(f));
      break;
    }
    default:
      CheckMapped(MapMerchantProfile(response, "acme-ae", kNow, kWhere));
      break;
  }
  return 0;
}
