#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"
#include "fakes/http_test_server.hpp"

namespace sellerwatch::testing {

// A fake AliExpress Open Platform gateway (IOP) on 127.0.0.1 (port 0), built from the fixtures
// in tests/data/aliexpress/, for the `aliexpress` source's tests:
//   POST /sync?method=<api>          the signed form: every parameter is checked (app_key,
//                                    method in URL and form, sign_method sha256, timestamp
//                                    within 10 minutes, format, v, session) and the signature
//                                    recomputed here; a wrong one gets the real error
//                                    envelope (IncompleteSignature)
//     aliexpress.trade.seller.orderlist.get       param_aeop_order_query: needs a create-date
//                                    window (≤ 180 days; FINISH only on its own, create and
//                                    modified windows ≤ 30 days), applies status and windows,
//                                    pages of PageSize() newest first; `timeout_left_time`
//                                    counts down to each open order's fixed deadline from the
//                                    answer's `time_stamp`
//     aliexpress.solution.order.info.get          param1 {order_id}: FINISH orders only
//     aliexpress.issue.issuelist.get              query_dto: issue_status filter, pages of
//                                    ≤ 50, newest modification first
//     aliexpress.issue.detail.get                 issue_id + buyer_login_id
//     aliexpress.evaluation.listorderevaluation.get  trade_evaluation_request: valid_date window
//     aliexpress.solution.merchant.profile.get
//   POST /rest/auth/token/refresh    signed with the path: a new access and refresh token
//                                    (the old ones stop working), 1 and 2 days of life
//
// The store (order ids 810000000000000N, parents as the seller sees them):
//   1  WAIT_SELLER_SEND_GOODS, deadline 53.5 h after the fixture's answer time (not late)
//   2  WAIT_BUYER_ACCEPT_GOODS, shipped in time
//   3  IN_CANCEL (the buyer asked to cancel)
//   4  IN_ISSUE (shipped; dispute 7100000000000001 open, its reply due in 10 hours)
//   5  FINISH seller_send_goods_timeout ("no sale after transaction", 20 days back)
//   6  FINISH buyer_accept_goods (its detail is the order.info fixture)
//   7  WAIT_SELLER_SEND_GOODS, deadline passed (late, unshipped)
//   8  WAIT_BUYER_ACCEPT_GOODS, shipped a day after its 2-day handling time (late)
//   9  FINISH seller_send_goods_timeout, 4 days back
//   10 FINISH buyer_accept_goods_timeout (auto-confirmed; shipped time only on its line)
// Disputes: 7100000000000001 processing (order 4), 7100000000000002 finish by
// platform_arbitrate with a refund of 19.90 (order 8100000000000099), 7100000000000003
// canceled_issue (order 2). Evaluations: 5 stars (order 6), 1 star (order 99), 2 stars
// (order 2, yesterday). Merchant profile: product_posting_forbidden false (SetPostingForbidden).
//
// Every "yyyy-MM-dd HH:mm:ss" (US Pacific) moves by whole days so that 2026-03-02 is
// yesterday; Shift() gives a fixture time as served.
class AliExpressGateway {
 public:
  static constexpr std::string_view kAppKey = "34567890";
  static constexpr std::string_view kAppSecret = "ae-APP-SECRET-do-not-log";
  static constexpr std::string_view kAccessToken = "50000ACCESS-do-not-log-0";
  static constexpr std::string_view kRefreshToken = "50001REFRESH-do-not-log-0";
  static constexpr std::string_view kAccessPrefix = "50000ACCESS-do-not-log-";
  static constexpr std::string_view kRefreshPrefix = "50001REFRESH-do-not-log-";
  static constexpr std::string_view kRefreshPath = "/rest/auth/token/refresh";

  enum class Fault {
    kExpiredSession,  // the current access token stops working (IllegalAccessToken)
    kRevoked,         // the seller revoked the app: every session and refresh is refused
                      // (until ClearFaults; `times` is ignored)
    kFlowControl,     // ApiCallLimit, "this ban will last N seconds" (SetBanSeconds)
    kBusinessError,   // the order list's result.success false
    kMalformedJson,   // 200 with broken JSON
    kTruncated,       // Content-Length promises more than is sent
    kRepeatPage,      // page 2 and later answer page 1 again (the server ignores current_page)
    kOverlapPage,     // page 2 and later also carry page 1's last order (a re-sort)
    k500,             // HTTP 500 with an HTML body
    kHang,            // no answer at all
  };

  AliExpressGateway();

  std::string Endpoint() const;  // "http://127.0.0.1:<port>"

  // The next `times` requests whose API name (the method, or "/auth/token/refresh") starts
  // with `api_prefix` get `fault`.
  void Inject(Fault fault, int times = 1, std::string api_prefix = "aliexpress.");
  void ClearFaults();
  void SetBanSeconds(int seconds);
  void SetPageSize(int orders);
  void SetPostingForbidden(bool forbidden);
  // Orders 1 to 6 change (gmt_update a minute ago), so the next poll reads them again.
  void TouchOrders();
  // Dispute `id` ends (finish, no refund) and drops out of every list, as a dispute beyond the
  // pages a poll reads would: only its detail knows.
  void CloseDisputeUnlisted(const std::string& id);

  // A fixture time ("2026-03-02 10:30:00", Pacific) as served, and as an instant.
  std::string Shift(std::string_view pacific) const;
  core::Timestamp Instant(std::string_view pacific) const;
  // The open dispute's timeout_trigger_time.
  core::Timestamp DisputeDueAt() const { return dispute_due_; }

  std::vector<RecordedRequest> Requests() const { return http_.Requests(); }
  // Requests for `api` (a method, or "/auth/token/refresh"), in order; each as its form.
  std::vector<std::map<std::string, std::string>> Calls(std::string_view api) const;
  std::size_t RefreshCount() const;
  std::string CurrentAccessToken() const;
  // The seller authorizes the app again (/auth/token/create): a new access and refresh token;
  // the old ones stop working.
  std::pair<std::string, std::string> Reauthorize();
  std::size_t BadSignatures() const;

 private:
  struct FaultRule {
    Fault fault;
    int remaining;
    std::string prefix;
  };
  struct Order {
    std::string json;  // as served, without the countdown
    std::optional<core::Timestamp> deadline;
  };

  ScriptedResponse Answer(const RecordedRequest& request);
  ScriptedResponse Refresh(const std::map<std::string, std::string>& form);
  ScriptedResponse Sync(const std::string& api, const std::map<std::string, std::string>& form,
                        bool repeat_page, bool overlap_page);
  ScriptedResponse OrderList(const std::string& query, bool repeat_page, bool overlap_page);
  ScriptedResponse OrderInfo(const std::string& param);
  ScriptedResponse IssueList(const std::string& query);
  ScriptedResponse IssueDetail(const std::string& id, const std::string& buyer);
  ScriptedResponse Evaluations(const std::string& request);

  std::chrono::days shift_{0};
  std::vector<Order> orders_;
  std::map<std::string, std::string> order_details_;  // order id → result.data
  std::vector<std::string> issues_;                   // list entries, newest modification first
  std::map<std::string, std::string> issue_details_;  // issue id → result_object
  std::vector<std::string> evaluations_;
  std::string profile_;
  core::Timestamp dispute_due_;

  mutable std::mutex mutex_;
  std::vector<FaultRule> faults_;
  int ban_seconds_ = 1;
  int page_size_ = 3;
  bool posting_forbidden_ = false;
  std::string access_token_ = std::string(kAccessToken);
  std::string refresh_token_ = std::string(kRefreshToken);
  std::size_t issued_ = 0;
  std::size_t refreshes_ = 0;
  std::size_t bad_signatures_ = 0;

  HttpTestServer http_;  // last: its thread calls Answer() until it is destroyed
};

}  // namespace sellerwatch::testing
