#include "core/metric_catalog.hpp"

#include <array>

#include "i18n/translator.hpp"

namespace sellerwatch::core {
namespace {

using i18n::N_;

// TRANSLATORS: the nouns (bad events such as "late shipment", good ones such as "defect-free
// order") are counted inside sentences ("2 more {} breach the critical 1%"): translate them as
// bare nouns, without a number or measure word; the hints are instructions to the seller.
constexpr std::array<MetricInfo, 17> kMetrics{{
    {"order_defect_rate", 60, MetricUnit::kRate, Direction::kAbove, "order purchased_at",
     "orders with a negative feedback, A-to-z claim or chargeback / orders",
     N_("answer open claims and contact buyers who left 1-2 star feedback today"),
     N_("order defect"), N_("order defects"), N_("defect-free order"), N_("defect-free orders")},
    {"negative_feedback_rate", 60, MetricUnit::kRate, Direction::kAbove, "order purchased_at",
     "orders with 1-2 star feedback / orders",
     N_("contact the buyers behind recent negative feedback and ask for a revision"),
     N_("negative rating"), N_("negative ratings"), N_("order without negative feedback"),
     N_("orders without negative feedback")},
    {"cancellation_rate", 7, MetricUnit::kRate, Direction::kAbove, "order purchased_at",
     "merchant orders cancelled by the seller / merchant orders",
     N_("fix stock levels so listed items can ship; pause listings you cannot fulfil"),
     N_("seller cancellation"), N_("seller cancellations"), N_("order shipped without cancelling"),
     N_("orders shipped without cancelling")},
    {"late_shipment_rate_10d", 10, MetricUnit::kRate, Direction::kAbove, "order ship_by",
     "merchant orders shipped after ship_by or unshipped past it / merchant orders due",
     N_("confirm shipment of every order due today before its ship-by time"), N_("late shipment"),
     N_("late shipments"), N_("on-time shipment"), N_("on-time shipments")},
    {"late_shipment_rate_30d", 30, MetricUnit::kRate, Direction::kAbove, "order ship_by",
     "merchant orders shipped after ship_by or unshipped past it / merchant orders due",
     N_("confirm shipment of every order due today before its ship-by time"), N_("late shipment"),
     N_("late shipments"), N_("on-time shipment"), N_("on-time shipments")},
    {"valid_tracking_rate", 30, MetricUnit::kRate, Direction::kBelow, "order shipped_at",
     "shipped merchant orders with valid tracking / shipped merchant orders",
     N_("upload carrier tracking numbers with every shipment confirmation"),
     N_("shipment without valid tracking"), N_("shipments without valid tracking"),
     N_("shipment with valid tracking"), N_("shipments with valid tracking")},
    {"on_time_delivery_rate", 30, MetricUnit::kRate, Direction::kBelow, "order deliver_by",
     "delivered by deliver_by / tracked merchant orders due for delivery",
     N_("use faster shipping services or lengthen the promised transit time"), N_("late delivery"),
     N_("late deliveries"), N_("on-time delivery"), N_("on-time deliveries")},
    {"response_within_24h_rate", 30, MetricUnit::kRate, Direction::kBelow, "message received_at",
     "messages replied within 24 h / messages replied or older than 24 h",
     N_("answer every buyer message within 24 hours, weekends included"),
     N_("reply later than 24 h"), N_("replies later than 24 h"), N_("reply within 24 h"),
     N_("replies within 24 h")},
    {"response_time_p90", 30, MetricUnit::kDuration, Direction::kAbove, "message received_at",
     "90th percentile of reply latency (unreplied count until now)",
     N_("answer the oldest unreplied buyer messages first"), N_("slow reply"), N_("slow replies"),
     N_("quick reply"), N_("quick replies")},
    {"negative_feedback_count_7d", 7, MetricUnit::kCount, Direction::kAbove, "feedback received_at",
     "feedback with rating 1-2 received in the last 7 days",
     N_("look for a common cause in the latest negative feedback (carrier, item, listing)"),
     N_("negative rating"), N_("negative ratings"), "", ""},
    {"dispute_rate", 30, MetricUnit::kRate, Direction::kAbove, "dispute opened_at",
     "disputes opened (not withdrawn) / orders confirmed received + disputes opened",
     N_("resolve open disputes with the buyer before they escalate"), N_("dispute"), N_("disputes"),
     N_("order confirmed without a dispute"), N_("orders confirmed without a dispute")},
    {"dispute_escalation_rate", 30, MetricUnit::kRate, Direction::kAbove, "dispute opened_at",
     "disputes escalated to platform arbitration / orders confirmed received + disputes opened",
     N_("offer a refund or replacement the buyer accepts before the platform is asked to rule"),
     N_("escalated dispute"), N_("escalated disputes"), N_("order confirmed without a dispute"),
     N_("orders confirmed without a dispute")},
    {"seller_responsible_dispute_rate", 30, MetricUnit::kRate, Direction::kAbove,
     "dispute decided_at",
     "disputes decided against the seller (platform ruling or seller time-out, with a refund) / "
     "shipped merchant orders",
     N_("answer every dispute before its deadline and back your case with tracking and photos"),
     N_("dispute decided against you"), N_("disputes decided against you"), N_("shipped order"),
     N_("shipped orders")},
    {"seller_fault_cancel_count", 30, MetricUnit::kCount, Direction::kAbove, "order cancelled_at",
     "orders the marketplace closed because the seller did not ship in time",
     N_("ship within the promised handling time, or lengthen it on the listing"),
     N_("order closed for not shipping"), N_("orders closed for not shipping"), "", ""},
    {"ship_deadline_at_risk", 0, MetricUnit::kCount, Direction::kAbove, "order ship_by",
     "unshipped merchant orders whose ship_by is within the lead time",
     N_("ship and confirm these orders before their ship-by time"),
     N_("order at risk of shipping late"), N_("orders at risk of shipping late"), "", ""},
    {"reply_deadline_at_risk", 0, MetricUnit::kCount, Direction::kAbove, "message received_at",
     "unreplied buyer messages older than the lead time",
     N_("reply to these messages before they are 24 hours old"),
     N_("message at risk of a late reply"), N_("messages at risk of a late reply"), "", ""},
    {"dispute_deadline_at_risk", 0, MetricUnit::kCount, Direction::kAbove, "dispute respond_by",
     "open disputes whose seller response deadline is within the lead time",
     N_("answer these disputes before their deadline: an unanswered dispute is lost by default"),
     N_("dispute at risk of a default loss"), N_("disputes at risk of a default loss"), "", ""},
}};

}  // namespace

std::span<const MetricInfo> AllMetrics() { return kMetrics; }

std::optional<MetricInfo> FindMetric(std::string_view name) {
  for (const auto& m : kMetrics)
    if (m.name == name) return m;
  constexpr std::string_view kPlatform = "platform.";
  if (name.size() > kPlatform.size() && name.substr(0, kPlatform.size()) == kPlatform) {
    return MetricInfo{name,
                      0,
                      MetricUnit::kStatus,
                      Direction::kAbove,
                      "report time",
                      "value reported by the marketplace itself",
                      N_("open the marketplace's account health page and act on what it lists"),
                      N_("change"),
                      N_("changes"),
                      "",
                      ""};
  }
  return std::nullopt;
}

std::string_view Name(MetricUnit u) {
  switch (u) {
    case MetricUnit::kRate:
      return "rate";
    case MetricUnit::kCount:
      return "count";
    case MetricUnit::kDuration:
      return "duration";
    case MetricUnit::kNumber:
      return "number";
    case MetricUnit::kStatus:
      return "status";
  }
  return "?";
}

std::string_view Name(Direction d) { return d == Direction::kAbove ? "above" : "below"; }

std::optional<Direction> ParseDirection(std::string_view s) {
  if (s == "above") return Direction::kAbove;
  if (s == "below") return Direction::kBelow;
  return std::nullopt;
}

}  // namespace sellerwatch::core
