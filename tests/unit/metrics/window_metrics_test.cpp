// The rolling-window metric formulas of DESIGN.md §1.4: numerator, denominator and value of
// every window metric, with the edge rules (window [now − N d, now), "late" strictly after the
// deadline, cancelled orders excluded, delivered counts as shipped, reply at exactly 24 h within).
// Expected values are hand-computed literals; the comment next to each shows the arithmetic.

#include "metrics/window_metrics.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "fakes/event_builders.hpp"
#include "metrics/account_events.hpp"

namespace sellerwatch::metrics {
namespace {

using core::CancelInitiator;
using core::ClaimKind;
using test::ClaimOn;
using test::FeedbackOn;
using test::MessageAt;
using test::OrderAt;

const core::Timestamp kNow = test::TestNow();
constexpr core::Duration kMs{1};
constexpr core::Duration kHour = std::chrono::hours(1);
constexpr core::Duration kDay = core::kDay;

constexpr auto kSeller = CancelInitiator::kSeller;
constexpr auto kBuyer = CancelInitiator::kBuyer;

struct MetricCase {
  std::string name;
  std::string metric;
  std::vector<core::Event> events;
  std::optional<double> numerator;
  double denominator = 0;
  std::optional<double> value;
};

void PrintTo(const MetricCase& c, std::ostream* os) { *os << c.name << " (" << c.metric << ")"; }

std::vector<MetricCase> OrderDefectRateCases() {
  const std::string m = "order_defect_rate";
  return {
      {"OdrNoOrdersHasNoValue", m, {}, 0, 0, std::nullopt},
      {"OdrWindowEdges",
       m,
       {
           OrderAt("start", kNow - 60 * kDay),  // in: exactly now - 60 d
           FeedbackOn("start", 1, kNow - kHour),
           OrderAt("before", kNow - 60 * kDay - kMs),  // out: 1 ms before the window
           FeedbackOn("before", 1, kNow - kHour),
           OrderAt("at_now", kNow),  // out: the window is open at now
           FeedbackOn("at_now", 1, kNow), OrderAt("last", kNow - kMs),  // in, no defect
       },
       1,
       2,
       0.5},  // 1 defect ("start") / 2 orders ("start", "last")
      {"OdrRemovedFeedbackIsNoDefect",
       m,
       {
           OrderAt("a", kNow - 5 * kDay),
           FeedbackOn("a", 1, kNow - 4 * kDay).Removed(),
           OrderAt("b", kNow - 5 * kDay),
       },
       0,
       2,
       0.0},  // 0 / 2
      {"OdrRatingTwoIsNegativeThreeIsNot",
       m,
       {
           OrderAt("r1", kNow - 5 * kDay),
           FeedbackOn("r1", 1, kNow - 4 * kDay),
           OrderAt("r2", kNow - 5 * kDay),
           FeedbackOn("r2", 2, kNow - 4 * kDay),
           OrderAt("r3", kNow - 5 * kDay),
           FeedbackOn("r3", 3, kNow - 4 * kDay),
           OrderAt("r5", kNow - 5 * kDay),
           FeedbackOn("r5", 5, kNow - 4 * kDay),
       },
       2,
       4,
       0.5},  // r1 + r2 = 2 defects / 4 orders
      {"OdrFeedbackAndClaimOnOneOrderIsOneDefect",
       m,
       {
           OrderAt("both", kNow - 5 * kDay),
           FeedbackOn("both", 1, kNow - 4 * kDay),
           ClaimOn("both", ClaimKind::kAToZ),
           ClaimOn("both", ClaimKind::kChargeback).Id("cb-both"),
           OrderAt("c1", kNow - 5 * kDay),
           OrderAt("c2", kNow - 5 * kDay),
           OrderAt("c3", kNow - 5 * kDay),
       },
       1,
       4,
       0.25},  // one order with 3 marks = 1 defect / 4 orders
      {"OdrClaimKinds",
       m,
       {
           OrderAt("atoz", kNow - 5 * kDay), ClaimOn("atoz", ClaimKind::kAToZ),  // defect
           OrderAt("chargeback", kNow - 5 * kDay),
           ClaimOn("chargeback", ClaimKind::kChargeback),  // defect
           OrderAt("denied", kNow - 5 * kDay),
           ClaimOn("denied", ClaimKind::kAToZ).Status("denied"),  // not a defect
           OrderAt("dispute", kNow - 5 * kDay),
           ClaimOn("dispute", ClaimKind::kDispute),  // a dispute, not an ODR defect
           OrderAt("return", kNow - 5 * kDay),
           ClaimOn("return", ClaimKind::kReturn),  // not a defect
       },
       2,
       5,
       0.4},  // atoz + chargeback = 2 / 5 orders
      {"OdrCountsPlatformFulfilledOrders",
       m,
       {
           OrderAt("p1", kNow - 5 * kDay).Platform(),
           FeedbackOn("p1", 2, kNow - 4 * kDay),
           OrderAt("p2", kNow - 5 * kDay).Platform(),
           OrderAt("m1", kNow - 5 * kDay).Merchant(),
           OrderAt("m2", kNow - 5 * kDay).Merchant(),
       },
       1,
       4,
       0.25},  // p1 / (p1, p2, m1, m2)
      {"OdrUnlinkedFeedbackIsNoDefect",
       m,
       {
           OrderAt("a", kNow - 5 * kDay),
           FeedbackOn("", 1, kNow - 4 * kDay),
       },
       0,
       1,
       0.0},  // 0 / 1
  };
}

std::vector<MetricCase> NegativeFeedbackRateCases() {
  const std::string m = "negative_feedback_rate";
  return {
      {"NfrOnlyNegativeFeedbackCounts",
       m,
       {
           OrderAt("neg", kNow - 5 * kDay),
           FeedbackOn("neg", 1, kNow - 4 * kDay),  // counts
           OrderAt("removed", kNow - 5 * kDay),
           FeedbackOn("removed", 2, kNow - 4 * kDay).Removed(),
           OrderAt("neutral", kNow - 5 * kDay),
           FeedbackOn("neutral", 3, kNow - 4 * kDay),
           OrderAt("atoz", kNow - 5 * kDay),
           ClaimOn("atoz", ClaimKind::kAToZ),  // a defect, but not feedback
           OrderAt("chargeback", kNow - 5 * kDay),
           ClaimOn("chargeback", ClaimKind::kChargeback),
           OrderAt("clean", kNow - 5 * kDay),
       },
       1,
       6,
       1.0 / 6},  // "neg" / 6 orders
      {"NfrCountsPlatformFulfilledOrders",
       m,
       {
           OrderAt("p1", kNow - 5 * kDay).Platform(),
           FeedbackOn("p1", 2, kNow - 4 * kDay),
           OrderAt("m1", kNow - 5 * kDay),
       },
       1,
       2,
       0.5},  // p1 / 2 orders
      {"NfrWindowEdges",
       m,
       {
           OrderAt("start", kNow - 60 * kDay),  // in
           FeedbackOn("start", 1, kNow - kDay),
           OrderAt("before", kNow - 60 * kDay - kMs),  // out
           FeedbackOn("before", 1, kNow - kDay),
           OrderAt("at_now", kNow),  // out
           FeedbackOn("at_now", 1, kNow),
       },
       1,
       1,
       1.0},  // 1 / 1
  };
}

std::vector<MetricCase> CancellationRateCases() {
  const std::string m = "cancellation_rate";
  const core::Timestamp t = kNow - 3 * kDay;
  return {
      {"CancellationInitiators",
       m,
       {
           OrderAt("seller", t).Cancelled(kSeller),                       // counts
           OrderAt("buyer", t).Cancelled(kBuyer),                         // buyer-requested
           OrderAt("platform", t).Cancelled(CancelInitiator::kPlatform),  // platform-initiated
           OrderAt("unknown", t).Cancelled(CancelInitiator::kUnknown),    // counts
           OrderAt("missing", t).Cancelled(std::nullopt),                 // counts as unknown
           OrderAt("open", t),
       },
       3,
       6,
       0.5},  // seller + unknown + missing = 3 / 6 merchant orders
      {"CancellationMerchantOnly",
       m,
       {
           OrderAt("p_seller", t).Platform().Cancelled(kSeller),
           OrderAt("p_unknown", t).Platform().Cancelled(std::nullopt),
           OrderAt("m_seller", t).Cancelled(kSeller),
           OrderAt("m_open", t),
       },
       1,
       2,
       0.5},  // m_seller / (m_seller, m_open)
      {"CancellationWindowEdges",
       m,
       {
           OrderAt("start", kNow - 7 * kDay).Cancelled(kSeller),         // in
           OrderAt("before", kNow - 7 * kDay - kMs).Cancelled(kSeller),  // out
           OrderAt("at_now", kNow).Cancelled(kSeller),                   // out
           OrderAt("last", kNow - kMs),                                  // in
       },
       1,
       2,
       0.5},  // start / (start, last)
      {"CancellationNoMerchantOrdersHasNoValue",
       m,
       {
           OrderAt("p1", t).Platform().Cancelled(kSeller),
       },
       0,
       0,
       std::nullopt},
  };
}

std::vector<MetricCase> LateShipmentCases() {
  const std::string m10 = "late_shipment_rate_10d";
  const std::string m30 = "late_shipment_rate_30d";
  const core::Timestamp due = kNow - 5 * kDay;
  const core::Timestamp bought = due - 2 * kDay;
  return {
      {"LateShipmentDeadlineRules",
       m10,
       {
           OrderAt("exact", bought).ShipBy(due).ShippedAt(due),  // on time: exactly at ship_by
           OrderAt("late_1ms", bought).ShipBy(due).ShippedAt(due + kMs),  // late
           OrderAt("early", bought).ShipBy(due).ShippedAt(due - kDay),    // on time
           OrderAt("unshipped", bought).ShipBy(due),                      // late: past ship_by
           // delivered counts as shipped, even without shipped_at
           OrderAt("delivered", bought).ShipBy(due).DeliveredAt(due - kHour),
       },
       2,
       5,
       0.4},  // late_1ms + unshipped = 2 / 5
      {"LateShipmentExcludesCancelledAndPlatform",
       m10,
       {
           OrderAt("cancel_seller", bought).ShipBy(due).Cancelled(kSeller),
           OrderAt("cancel_buyer", bought).ShipBy(due).Cancelled(kBuyer),
           OrderAt("platform", bought).Platform().ShipBy(due),
           OrderAt("no_ship_by", bought),
           OrderAt("late", bought).ShipBy(due).ShippedAt(due + kHour),
       },
       1,
       1,
       1.0},  // only "late" is due: 1 / 1
      {"LateShipment10dWindowEdges",
       m10,
       {
           OrderAt("start", kNow - 12 * kDay).ShipBy(kNow - 10 * kDay),  // in, unshipped: late
           OrderAt("before", kNow - 12 * kDay).ShipBy(kNow - 10 * kDay - kMs),  // out
           OrderAt("at_now", kNow - 2 * kDay).ShipBy(kNow),                     // out: not due yet
           OrderAt("last", kNow - 2 * kDay).ShipBy(kNow - kMs).ShippedAt(kNow - kHour),  // in
       },
       1,
       2,
       0.5},  // start / (start, last)
      {"LateShipment30dWindowEdges",
       m30,
       {
           OrderAt("start", kNow - 32 * kDay).ShipBy(kNow - 30 * kDay),         // in: late
           OrderAt("before", kNow - 32 * kDay).ShipBy(kNow - 30 * kDay - kMs),  // out
           OrderAt("mid_late", kNow - 22 * kDay)
               .ShipBy(kNow - 20 * kDay)
               .ShippedAt(kNow - 20 * kDay + kHour),  // in: late
           OrderAt("mid_ok", kNow - 17 * kDay)
               .ShipBy(kNow - 15 * kDay)
               .ShippedAt(kNow - 16 * kDay),  // in: on time
       },
       2,
       3,
       2.0 / 3},  // (start, mid_late) / (start, mid_late, mid_ok)
      {"LateShipment10dIgnoresOlderDeadlines",
       m10,
       {
           OrderAt("d20", kNow - 22 * kDay).ShipBy(kNow - 20 * kDay),
           OrderAt("d11", kNow - 13 * kDay).ShipBy(kNow - 11 * kDay).ShippedAt(kNow - 10 * kDay),
       },
       0,
       0,
       std::nullopt},
      {"LateShipmentReferenceIsShipByNotPurchase",
       m10,
       {
           // bought 40 days ago, due 2 days ago, still unshipped: in the 10-day window, late
           OrderAt("old", kNow - 40 * kDay).ShipBy(kNow - 2 * kDay),
           // bought yesterday, but not due until tomorrow: out
           OrderAt("new", kNow - kDay).ShipBy(kNow + kDay),
       },
       1,
       1,
       1.0},  // 1 / 1
  };
}

std::vector<MetricCase> ValidTrackingCases() {
  const std::string m = "valid_tracking_rate";
  const core::Timestamp s = kNow - 5 * kDay;
  const core::Timestamp bought = kNow - 40 * kDay;  // outside 30 d: the reference is shipped_at
  return {
      {"ValidTrackingCountsShippedMerchantOrders",
       m,
       {
           OrderAt("valid", bought).ShippedAt(s).Tracking(true),        // good
           OrderAt("invalid", bought).ShippedAt(s).Tracking(false),     // bad
           OrderAt("unknown", bought).ShippedAt(s),                     // bad: not known valid
           OrderAt("delivered", bought).DeliveredAt(s).Tracking(true),  // shipped: good
           OrderAt("unshipped", bought).Tracking(true),                 // not shipped
           OrderAt("cancelled", bought).ShippedAt(s).Tracking(false).Cancelled(kSeller),
           OrderAt("platform", bought).Platform().ShippedAt(s).Tracking(false),
       },
       2,
       4,
       0.5},  // (valid, delivered) / (valid, invalid, unknown, delivered)
      {"ValidTrackingWindowEdgesOnShippedAt",
       m,
       {
           OrderAt("start", bought).ShippedAt(kNow - 30 * kDay).Tracking(true),          // in
           OrderAt("before", bought).ShippedAt(kNow - 30 * kDay - kMs).Tracking(false),  // out
           OrderAt("at_now", bought).ShippedAt(kNow).Tracking(false),                    // out
           OrderAt("last", bought).ShippedAt(kNow - kMs).Tracking(false),                // in
       },
       1,
       2,
       0.5},  // start / (start, last)
      {"ValidTrackingNothingShippedHasNoValue",
       m,
       {
           OrderAt("a", kNow - kDay),
       },
       0,
       0,
       std::nullopt},
  };
}

std::vector<MetricCase> OnTimeDeliveryCases() {
  const std::string m = "on_time_delivery_rate";
  const core::Timestamp d = kNow - 5 * kDay;
  const core::Timestamp bought = d - 4 * kDay;
  return {
      {"OnTimeDeliveryRules",
       m,
       {
           OrderAt("exact", bought).Tracking(true).DeliverBy(d).DeliveredAt(d),           // on time
           OrderAt("late_1ms", bought).Tracking(true).DeliverBy(d).DeliveredAt(d + kMs),  // late
           OrderAt("early", bought).Tracking(true).DeliverBy(d).DeliveredAt(d - kDay),    // on time
           // deliver_by has passed and it is not delivered: not on time
           OrderAt("undelivered", bought).Tracking(true).DeliverBy(d).ShippedAt(d - 3 * kDay),
           // excluded: no valid tracking, no deliver_by, cancelled, platform-fulfilled
           OrderAt("untracked", bought).Tracking(false).DeliverBy(d).DeliveredAt(d + kDay),
           OrderAt("unknown_tracking", bought).DeliverBy(d).DeliveredAt(d + kDay),
           OrderAt("no_deliver_by", bought).Tracking(true).DeliveredAt(d),
           OrderAt("cancelled", bought).Tracking(true).DeliverBy(d).Cancelled(kSeller),
           OrderAt("platform", bought).Platform().Tracking(true).DeliverBy(d),
       },
       2,
       4,
       0.5},  // (exact, early) / (exact, late_1ms, early, undelivered)
      {"OnTimeDeliveryWindowEdgesOnDeliverBy",
       m,
       {
           OrderAt("start", kNow - 40 * kDay)
               .Tracking(true)
               .DeliverBy(kNow - 30 * kDay)
               .DeliveredAt(kNow - 31 * kDay),  // in: on time
           OrderAt("before", kNow - 40 * kDay).Tracking(true).DeliverBy(kNow - 30 * kDay - kMs),
           OrderAt("at_now", kNow - 5 * kDay).Tracking(true).DeliverBy(kNow),      // out: not due
           OrderAt("last", kNow - 5 * kDay).Tracking(true).DeliverBy(kNow - kMs),  // in: late
       },
       1,
       2,
       0.5},  // start / (start, last)
  };
}

std::vector<MetricCase> ResponseWithin24hCases() {
  const std::string m = "response_within_24h_rate";
  const core::Timestamp r = kNow - 10 * kDay;
  return {
      {"ResponseWithin24hRules",
       m,
       {
           MessageAt("exact_24h", r).RepliedAfter(24 * kHour),       // within
           MessageAt("late_1ms", r).RepliedAfter(24 * kHour + kMs),  // not within
           MessageAt("quick", r).RepliedAfter(kHour),                // within
           MessageAt("unreplied_old", r),                            // past the SLA: late
           MessageAt("unreplied_young", kNow - 23 * kHour),          // excluded: SLA still open
           MessageAt("reply_after_now_old", kNow - 2 * kDay).RepliedAt(kNow + kHour),      // late
           MessageAt("reply_after_now_young", kNow - 12 * kHour).RepliedAt(kNow + kHour),  // out
       },
       2,
       5,
       0.4},  // (exact_24h, quick) / (exact_24h, late_1ms, quick, unreplied_old,
              //                       reply_after_now_old)
      {"ResponseUnrepliedAgeBoundary",
       m,
       {
           MessageAt("exactly_24h_old", kNow - 24 * kHour),  // not older than 24 h: excluded
           MessageAt("past_24h", kNow - 24 * kHour - kMs),   // older: late
           MessageAt("replied_at_now", kNow - 2 * kHour).RepliedAt(kNow),  // known at now: within
       },
       1,
       2,
       0.5},  // replied_at_now / (past_24h, replied_at_now)
      {"ResponseWindowEdges",
       m,
       {
           MessageAt("start", kNow - 30 * kDay).RepliedAfter(kHour),            // in: within
           MessageAt("before", kNow - 30 * kDay - kMs).RepliedAfter(2 * kDay),  // out
           MessageAt("mid_late", kNow - 20 * kDay).RepliedAfter(2 * kDay),      // in: late
           MessageAt("at_now", kNow),                                           // out
       },
       1,
       2,
       0.5},  // start / (start, mid_late)
      {"ResponseOnlyOpenMessagesHasNoValue",
       m,
       {
           MessageAt("young", kNow - kHour),
       },
       0,
       0,
       std::nullopt},
  };
}

std::vector<MetricCase> ResponseTimeP90Cases() {
  const std::string m = "response_time_p90";
  const core::Timestamp r = kNow - 5 * kDay;
  return {
      {"P90NearestRankOfTen",
       m,
       {
           MessageAt("h7", r).RepliedAfter(7 * kHour),
           MessageAt("h2", r).RepliedAfter(2 * kHour),
           MessageAt("h10", r).RepliedAfter(10 * kHour),
           MessageAt("h1", r).RepliedAfter(1 * kHour),
           MessageAt("h9", r).RepliedAfter(9 * kHour),
           MessageAt("h4", r).RepliedAfter(4 * kHour),
           MessageAt("h5", r).RepliedAfter(5 * kHour),
           MessageAt("h8", r).RepliedAfter(8 * kHour),
           MessageAt("h3", r).RepliedAfter(3 * kHour),
           MessageAt("h6", r).RepliedAfter(6 * kHour),
       },
       std::nullopt,
       10,
       32400.0},  // rank ceil(0.9 * 10) = 9 → 9th smallest = 9 h = 9 * 3600 s
      {"P90NearestRankOfEleven",
       m,
       {
           MessageAt("h11", r).RepliedAfter(11 * kHour),
           MessageAt("h3", r).RepliedAfter(3 * kHour),
           MessageAt("h10", r).RepliedAfter(10 * kHour),
           MessageAt("h1", r).RepliedAfter(1 * kHour),
           MessageAt("h9", r).RepliedAfter(9 * kHour),
           MessageAt("h4", r).RepliedAfter(4 * kHour),
           MessageAt("h5", r).RepliedAfter(5 * kHour),
           MessageAt("h8", r).RepliedAfter(8 * kHour),
           MessageAt("h2", r).RepliedAfter(2 * kHour),
           MessageAt("h6", r).RepliedAfter(6 * kHour),
           MessageAt("h7", r).RepliedAfter(7 * kHour),
       },
       std::nullopt,
       11,
       36000.0},  // rank ceil(0.9 * 11) = ceil(9.9) = 10 → 10 h = 10 * 3600 s
      {"P90SingleMessage",
       m,
       {
           MessageAt("only", r).RepliedAfter(3 * kHour),
       },
       std::nullopt,
       1,
       10800.0},  // rank ceil(0.9) = 1 → 3 h = 3 * 3600 s
      {"P90UnrepliedCountsUntilNow",
       m,
       {
           MessageAt("replied", r).RepliedAfter(kHour),
           MessageAt("unreplied", kNow - 50 * kHour),
       },
       std::nullopt,
       2,
       180000.0},  // {1 h, 50 h}, rank ceil(1.8) = 2 → 50 h = 50 * 3600 s
      {"P90ReplyAfterNowCountsAsUnreplied",
       m,
       {
           MessageAt("future_reply", kNow - 3 * kHour).RepliedAt(kNow + 5 * kHour),
       },
       std::nullopt,
       1,
       10800.0},  // now - received = 3 h = 3 * 3600 s (not the 8 h to the future reply)
      {"P90WindowEdges",
       m,
       {
           MessageAt("start", kNow - 30 * kDay).RepliedAfter(2 * kHour),           // in
           MessageAt("before", kNow - 30 * kDay - kMs).RepliedAfter(100 * kHour),  // out
           MessageAt("at_now", kNow),                                              // out
       },
       std::nullopt,
       1,
       7200.0},  // only "start": 2 h = 2 * 3600 s
      {"P90NoMessagesHasNoValue", m, {}, std::nullopt, 0, std::nullopt},
  };
}

std::vector<MetricCase> NegativeFeedbackCountCases() {
  const std::string m = "negative_feedback_count_7d";
  return {
      {"NegativeFeedbackCount7d",
       m,
       {
           FeedbackOn("start", 1, kNow - 7 * kDay),  // in: exactly now - 7 d
           FeedbackOn("last", 2, kNow - kMs),        // in
           OrderAt("old", kNow - 100 * kDay),        // reference is feedback received_at
           FeedbackOn("old", 1, kNow - kDay),        // in
           FeedbackOn("", 1, kNow - 2 * kDay),       // in: unlinked feedback still counts
           FeedbackOn("neutral", 3, kNow - kDay),    // not negative
           FeedbackOn("removed", 1, kNow - kDay).Removed(),
           FeedbackOn("before", 1, kNow - 7 * kDay - kMs),  // out
           FeedbackOn("at_now", 2, kNow),                   // out
       },
       std::nullopt,
       4,
       4.0},  // start + last + old + unlinked = 4
      {"NegativeFeedbackCountZero",
       m,
       {
           FeedbackOn("good", 5, kNow - kDay),
       },
       std::nullopt,
       0,
       0.0},  // a count of 0 is a value, not "no data"
  };
}

// AliExpress's dispute indicators (marketplaces.md §4): disputes over orders confirmed
// received plus disputes, escalations over the same base, rulings against the seller over
// shipped orders, and orders closed for not shipping.
std::vector<MetricCase> DisputeCases() {
  using core::DecidedBy;
  const core::Timestamp t = kNow - 5 * kDay;
  return {
      {"DisputeRate",
       "dispute_rate",
       {
           OrderAt("confirmed-1", t - kDay).DeliveredAt(t),  // base
           OrderAt("confirmed-2", t - kDay).DeliveredAt(t),  // base
           OrderAt("disputed", t - kDay),                    // counted through its dispute
           ClaimOn("disputed", ClaimKind::kDispute, t),      // numerator and base
           ClaimOn("later", ClaimKind::kDispute, t).Status("closed"),    // still a dispute
           ClaimOn("gone", ClaimKind::kDispute, t).Status("withdrawn"),  // the buyer withdrew
           ClaimOn("atoz", ClaimKind::kAToZ, t),                         // not a dispute
           OrderAt("cancelled", t - kDay).DeliveredAt(t).Cancelled(std::nullopt),  // not confirmed
           OrderAt("old", t - 40 * kDay).DeliveredAt(kNow - 30 * kDay - kMs),      // out
           ClaimOn("edge", ClaimKind::kDispute, kNow - 30 * kDay),                 // in
           ClaimOn("now", ClaimKind::kDispute, kNow),                              // out
       },
       3,
       5,
       0.6},  // (disputed, later, edge) / (2 confirmed + 3 disputes)
      {"DisputeEscalationRate",
       "dispute_escalation_rate",
       {
           OrderAt("confirmed", t - kDay).DeliveredAt(t),
           ClaimOn("a", ClaimKind::kDispute, t).Escalated(), ClaimOn("b", ClaimKind::kDispute, t),
           ClaimOn("c", ClaimKind::kDispute, t).Escalated().Status("withdrawn"),  // not counted
       },
       1,
       3,
       1.0 / 3},
      {"SellerResponsibleDisputeRate",
       "seller_responsible_dispute_rate",
       {
           OrderAt("s1", t - kDay).ShippedAt(t), OrderAt("s2", t - kDay).ShippedAt(t),
           OrderAt("s3", t - kDay).ShippedAt(t), OrderAt("s4", t - kDay).ShippedAt(t),
           OrderAt("fba", t - kDay).Platform().ShippedAt(t),  // not a merchant shipment
           ClaimOn("ruled", ClaimKind::kDispute, t - 20 * kDay)
               .Decided(t, DecidedBy::kPlatform, 20),  // against the seller, decided in window
           ClaimOn("timeout", ClaimKind::kDispute, t - 40 * kDay)
               .Decided(t, DecidedBy::kSellerTimeout, 5),  // opened before, decided in window
           ClaimOn("agreed", ClaimKind::kDispute, t).Decided(t, DecidedBy::kNegotiation, 20),
           ClaimOn("kept", ClaimKind::kDispute, t).Decided(t, DecidedBy::kPlatform, 0),
           ClaimOn("old", ClaimKind::kDispute, t - 40 * kDay)
               .Decided(kNow - 30 * kDay - kMs, DecidedBy::kPlatform, 9),  // decided before
       },
       2,
       4,
       0.5},
      {"SellerFaultCancelCount",
       "seller_fault_cancel_count",
       {
           OrderAt("a", t - 3 * kDay).ClosedForNotShipping(t),
           OrderAt("b", t - 40 * kDay).ClosedForNotShipping(kNow - 30 * kDay),  // in: close time
           OrderAt("c", t).ClosedForNotShipping(kNow - 30 * kDay - kMs),        // out
           OrderAt("d", t).Cancelled(core::CancelInitiator::kSeller),           // another reason
       },
       std::nullopt,
       2,
       2.0},
  };
}

std::vector<MetricCase> AllCases() {
  std::vector<MetricCase> all;
  for (auto make :
       {OrderDefectRateCases, NegativeFeedbackRateCases, CancellationRateCases, LateShipmentCases,
        ValidTrackingCases, OnTimeDeliveryCases, ResponseWithin24hCases, ResponseTimeP90Cases,
        NegativeFeedbackCountCases, DisputeCases}) {
    for (auto& c : make()) all.push_back(std::move(c));
  }
  return all;
}

class WindowMetricsTest : public ::testing::TestWithParam<MetricCase> {};

TEST_P(WindowMetricsTest, Computes) {
  const MetricCase& c = GetParam();
  AccountEvents events = AccountEvents::From(c.events);
  std::optional<MetricValue> mv = ComputeMetric(c.metric, events, kNow);
  ASSERT_TRUE(mv.has_value());
  EXPECT_EQ(mv->info.name, c.metric);
  EXPECT_EQ(mv->numerator, c.numerator);
  EXPECT_EQ(mv->denominator, c.denominator);
  if (c.value) {
    ASSERT_TRUE(mv->value.has_value());
    EXPECT_DOUBLE_EQ(*mv->value, *c.value);
  } else {
    EXPECT_FALSE(mv->value.has_value()) << "value " << *mv->value;
  }
}

INSTANTIATE_TEST_SUITE_P(WindowMetrics, WindowMetricsTest, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<MetricCase>& info) {
                           return info.param.name;
                         });

TEST(WindowMetricsCatalogTest, ComputeAllMetricsCoversEveryWindowMetric) {
  std::vector<core::Event> events{OrderAt("a", kNow - kDay)};
  std::vector<MetricValue> all = ComputeAllMetrics(AccountEvents::From(events), kNow);
  std::vector<std::string> names;
  for (const auto& v : all) names.emplace_back(v.info.name);
  EXPECT_EQ(names, (std::vector<std::string>{
                       "order_defect_rate", "negative_feedback_rate", "cancellation_rate",
                       "late_shipment_rate_10d", "late_shipment_rate_30d", "valid_tracking_rate",
                       "on_time_delivery_rate", "response_within_24h_rate", "response_time_p90",
                       "negative_feedback_count_7d", "dispute_rate", "dispute_escalation_rate",
                       "seller_responsible_dispute_rate", "seller_fault_cancel_count"}));
}

TEST(WindowMetricsCatalogTest, NonWindowMetricsAreNotComputed) {
  AccountEvents events;
  EXPECT_FALSE(ComputeMetric("ship_deadline_at_risk", events, kNow).has_value());
  EXPECT_FALSE(ComputeMetric("reply_deadline_at_risk", events, kNow).has_value());
  EXPECT_FALSE(ComputeMetric("platform.account_status", events, kNow).has_value());
  EXPECT_FALSE(ComputeMetric("no_such_metric", events, kNow).has_value());
}

}  // namespace
}  // namespace sellerwatch::metrics
