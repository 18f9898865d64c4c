#pragma once

#include <memory>
#include <optional>
#include <string>

#include "sources/aliexpress/iop_client.hpp"
#include "sources/source.hpp"

namespace sellerwatch::sources::aliexpress {

// Closed orders whose detail (`aliexpress.solution.order.info.get`) one poll fetches at most;
// the rest are mapped from the list alone (delivery and close time then read as gmt_update).
inline constexpr int kMaxOrderDetails = 20;
// Dispute details (`aliexpress.issue.detail.get`) one poll fetches at most.
inline constexpr int kMaxDisputeDetails = 30;

// `ACCOUNT/NAME/orders`: `aliexpress.trade.seller.orderlist.get` for the orders modified since
// the cursor (the newest gmt_update stored) minus `overlap` — the first poll reads 60 days —
// asked twice, because the API leaves closed orders out unless asked for them alone:
//   every status but FINISH: create dates of the last 179 days (the API's window is 180);
//   FINISH: create dates in 30-day pieces over the same 180 days and modified dates in
//   pieces of at most 30 days (the API's window for closed orders).
// Every page of each to total_page; then the details of up to kMaxOrderDetails closed orders
// (newest first, and only while half the poll timeout is left). Nothing is kept unless every
// call succeeded, so a failed call means the next poll starts from the same cursor.
class OrdersStream final : public Source {
 public:
  OrdersStream(std::string account, std::shared_ptr<IopClient> client,
               int max_details = kMaxOrderDetails);
  boost::asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                         core::Timestamp now) override;
  core::Duration Interval() const override { return client_->settings().poll_orders; }

 private:
  std::string account_;
  std::shared_ptr<IopClient> client_;
  int max_details_;
};

// `ACCOUNT/NAME/disputes`: `aliexpress.issue.issuelist.get` has no date filter, so each poll
//   1. reads every open (processing) dispute,
//   2. pages the whole list until a page holds nothing modified since the cursor minus
//      `overlap` (the first poll: 60 days),
//   3. fetches `aliexpress.issue.detail.get` for the open disputes, those newly finished, and
//      those open last time that left the open list without showing up in step 2 (up to
//      kMaxDisputeDetails, half of them kept for the closed ones when there are that many),
// and maps them to claims of kind `dispute`. The cursor is JSON: the newest gmt_modified
// stored ("modified") and the open disputes ("open": [{id, buyer}]); a finished dispute whose
// detail did not fit in this poll holds "modified" back so the next poll reads it again.
class DisputesStream final : public Source {
 public:
  DisputesStream(std::string account, std::shared_ptr<IopClient> client,
                 int max_details = kMaxDisputeDetails);
  boost::asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                         core::Timestamp now) override;
  core::Duration Interval() const override { return client_->settings().poll_disputes; }

 private:
  std::string account_;
  std::shared_ptr<IopClient> client_;
  int max_details_;
};

// `ACCOUNT/NAME/feedback`: `aliexpress.evaluation.listorderevaluation.get` has no paging, so it
// is asked in one-day `valid_date` windows from the cursor (the end of the last window read)
// minus `overlap` up to now: the first poll starts 60 days back. At most kMaxFeedbackWindows
// a poll, and new windows only while half the poll timeout is left; the rest of a backlog
// follows a second later.
class FeedbackStream final : public Source {
 public:
  static constexpr int kMaxFeedbackWindows = 62;
  FeedbackStream(std::string account, std::shared_ptr<IopClient> client);
  boost::asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                         core::Timestamp now) override;
  core::Duration Interval() const override { return client_->settings().poll_feedback; }

 private:
  std::string account_;
  std::shared_ptr<IopClient> client_;
};

// `ACCOUNT/NAME/account`: `aliexpress.solution.merchant.profile.get` →
// platform.product_posting_forbidden, at the feedback cadence.
class AccountStream final : public Source {
 public:
  AccountStream(std::string account, std::shared_ptr<IopClient> client);
  boost::asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                         core::Timestamp now) override;
  core::Duration Interval() const override { return client_->settings().poll_feedback; }

 private:
  std::string account_;
  std::shared_ptr<IopClient> client_;
};

}  // namespace sellerwatch::sources::aliexpress
