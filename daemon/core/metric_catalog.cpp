#include "core/metric_catalog.hpp"

#include <array>

namespace sellerwatch::core {
namespace {

constexpr std::array<MetricInfo, 17> kMetrics{{
    {"order_defect_rate", 60, MetricUnit::kRate, Direction::kAbove, "order purchased_at",
     "orders with a negative feedback, A-to-z claim or chargeback / orders",
     "answer open claims and contact buyers who left 1-2 star feedback today", "order defect",
     "order defects", "defect-free order", "defect-free orders"},
    {"negative_feedback_rate", 60, MetricUnit::kRate, Direction::kAbove, "order purchased_at",
     "orders with 1-2 star feedback / orders",
     "contact the buyers behind recent negative feedback and ask for a revision", "negative rating",
     "negative ratings", "order without negative feedback", "orders without negative feedback"},
    {"cancellation_rate", 7, MetricUnit::kRate, Direction::kAbove, "order purchased_at",
     "merchant orders cancelled by the seller / merchant orders",
     "fix stock levels so listed items can ship; pause listings you cannot fulfil",
     "seller cancellation", "seller cancellations", "order shipped without cancelling",
     "orders shipped without cancelling"},
    {"late_shipment_rate_10d", 10, MetricUnit::kRate, Direction::kAbove, "order ship_by",
     "merchant orders shipped after ship_by or unshipped past it / merchant orders due",
     "confirm shipment of every order due today before its ship-by time", "late shipment",
     "late shipments", "on-time shipment", "on-time shipments"},
    {"late_shipment_rate_30d", 30, MetricUnit::kRate, Direction::kAbove, "order ship_by",
     "merchant orders shipped after ship_by or unshipped past it / merchant orders due",
     "confirm shipment of every order due today before its ship-by time", "late shipment",
     "late shipments", "on-time shipment", "on-time shipments"},
    {"valid_tracking_rate", 30, MetricUnit::kRate, Direction::kBelow, "order shipped_at",
     "shipped merchant orders with valid tracking / shipped merchant orders",
     "upload carrier tracking numbers with every shipment confirmation",
     "shipment without valid tracking", "shipments without valid tracking",
     "shipment with valid tracking", "shipments with valid tracking"},
    {"on_time_delivery_rate", 30, MetricUnit::kRate, Direction::kBelow, "order deliver_by",
     "delivered by deliver_by / tracked merchant orders due for delivery",
     "use faster shipping services or lengthen the promised transit time", "late delivery",
     "late deliveries", "on-time delivery", "on-time deliveries"},
    {"response_within_24h_rate", 30, MetricUnit::kRate, Direction::kBelow, "message received_at",
     "messages replied within 24 h / messages replied or older than 24 h",
     "answer every buyer message within 24 hours, weekends included", "reply later than 24 h",
     "replies later than 24 h", "reply within 24 h", "replies within 24 h"},
    {"response_time_p90", 30, MetricUnit::kDuration, Direction::kAbove, "message received_at",
     "90th percentile of reply latency (unreplied count until now)",
     "answer the oldest unreplied buyer messages first", "slow reply", "slow replies",
     "quick reply", "quick replies"},
    {"negative_feedback_count_7d", 7, MetricUnit::kCount, Direction::kAbove, "feedback received_at",
     "feedback with rating 1-2 received in the last 7 days",
     "look for a common cause in the latest negative feedback (carrier, item, listing)",
     "negative rating", "negative ratings", "", ""},
    {"dispute_rate", 30, MetricUnit::kRate, Direction::kAbove, "dispute opened_at",
     "disputes opened (not withdrawn) / orders confirmed received + disputes opened",
     "resolve open disputes with the buyer before they escalate", "dispute", "disputes",
     "order confirmed without a dispute", "orders confirmed without a dispute"},
    {"dispute_escalation_rate", 30, MetricUnit::kRate, Direction::kAbove, "dispute opened_at",
     "disputes escalated to platform arbitration / orders confirmed received + disputes opened",
     "offer a refund or replacement the buyer accepts before the platform is asked to rule",
     "escalated dispute", "escalated disputes", "order confirmed without a dispute",
     "orders confirmed without a dispute"},
    {"seller_responsible_dispute_rate", 30, MetricUnit::kRate, Direction::kAbove,
     "dispute decided_at",
     "disputes decided against the seller (platform ruling or seller time-out, with a refund) / "
     "shipped merchant orders",
     "answer every dispute before its deadline and back your case with tracking and photos",
     "dispute decided against you", "disputes decided against you", "shipped order",
     "shipped orders"},
    {"seller_fault_cancel_count", 30, MetricUnit::kCount, Direction::kAbove, "order cancelled_at",
     "orders the marketplace closed because the seller did not ship in time",
     "ship within the promised handling time, or lengthen it on the listing",
     "order closed for not shipping", "orders closed for not shipping", "", ""},
    {"ship_deadline_at_risk", 0, MetricUnit::kCount, Direction::kAbove, "order ship_by",
     "unshipped merchant orders whose ship_by is within the lead time",
     "ship and confirm these orders before their ship-by time", "order at risk of shipping late",
     "orders at risk of shipping late", "", ""},
    {"reply_deadline_at_risk", 0, MetricUnit::kCount, Direction::kAbove, "message received_at",
     "unreplied buyer messages older than the lead time",
     "reply to these messages before they are 24 hours old", "message at risk of a late reply",
     "messages at risk of a late reply", "", ""},
    {"dispute_deadline_at_risk", 0, MetricUnit::kCount, Direction::kAbove, "dispute respond_by",
     "open disputes whose seller response deadline is within the lead time",
     "answer these disputes before their deadline: an unanswered dispute is lost by default",
     "dispute at risk of a default loss", "disputes at risk of a default loss", "", ""},
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
                      "open the marketplace's account health page and act on what it lists",
                      "change",
                      "changes",
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
