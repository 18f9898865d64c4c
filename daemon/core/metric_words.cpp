#include "core/metric_words.hpp"

#include <array>
#include <cctype>

#include "core/metric_catalog.hpp"
#include "core/platform_display.hpp"

namespace sellerwatch::core {
namespace {

struct Words {
  std::string_view metric;
  std::string_view marketplace;  // empty: every marketplace without its own entry
  std::string_view name;         // without the window
  std::string_view description;
};

// A marketplace's own entry wins over the one for every marketplace.
constexpr std::array<Words, 24> kWords{{
    {"cancellation_rate", "amazon", "Pre-fulfilment cancel rate",
     "Orders you cancelled before shipping them"},
    {"response_within_24h_rate", "amazon", "Contact response time: replies within 24 hours",
     "Buyer messages you answered within 24 hours, weekends included"},
    {"order_defect_rate", "ebay", "Transaction defects",
     "Orders with negative feedback, a case against you or a chargeback"},
    {"seller_responsible_dispute_rate", "ebay", "Cases closed without seller resolution",
     "Cases eBay decided for the buyer because you did not resolve them"},
    {"seller_fault_cancel_count", "aliexpress", "No sale after transaction",
     "成交不卖: orders closed because you did not ship within the promised handling time"},
    {"dispute_escalation_rate", "aliexpress", "Arbitration filing rate",
     "Disputes the buyer escalated to AliExpress"},
    {"seller_responsible_dispute_rate", "aliexpress", "Seller-responsibility ruling rate",
     "Escalated disputes AliExpress ruled against you"},
    {"order_defect_rate", "", "Order defect rate",
     "Orders with negative feedback, an A-to-z claim or a chargeback"},
    {"negative_feedback_rate", "", "Negative feedback rate", "Orders rated 1 or 2 stars"},
    {"cancellation_rate", "", "Seller cancellation rate",
     "Orders you cancelled instead of shipping them"},
    {"late_shipment_rate_10d", "", "Late shipment rate",
     "Orders shipped after their ship-by date, or still unshipped past it"},
    {"late_shipment_rate_30d", "", "Late shipment rate",
     "Orders shipped after their ship-by date, or still unshipped past it"},
    {"valid_tracking_rate", "", "Valid tracking rate",
     "Shipments with a tracking number the carrier has scanned"},
    {"on_time_delivery_rate", "", "On-time delivery rate",
     "Tracked orders delivered by the promised date"},
    {"response_within_24h_rate", "", "Replies within 24 hours",
     "Buyer messages answered within 24 hours, weekends included"},
    {"response_time_p90", "", "Reply time for 9 in 10 messages",
     "How long it takes to answer 9 in 10 buyer messages; unanswered ones count until now"},
    {"negative_feedback_count_7d", "", "Negative feedback received",
     "Ratings of 1 or 2 stars that came in"},
    {"dispute_rate", "", "Dispute rate", "Orders a buyer opened a dispute on (and kept it open)"},
    {"dispute_escalation_rate", "", "Dispute escalation rate",
     "Disputes the buyer escalated to the marketplace"},
    {"seller_responsible_dispute_rate", "", "Disputes decided against you",
     "Disputes the marketplace decided against you, with a refund"},
    {"seller_fault_cancel_count", "", "Orders closed for not shipping",
     "Orders the marketplace closed because you did not ship in time"},
    {"ship_deadline_at_risk", "", "Orders at risk of shipping late",
     "Unshipped orders whose ship-by time is close"},
    {"reply_deadline_at_risk", "", "Messages at risk of a late reply",
     "Unanswered buyer messages getting close to 24 hours old"},
    {"dispute_deadline_at_risk", "", "Disputes at risk of a default loss",
     "Open disputes whose response deadline is close: unanswered, they are lost"},
}};

// "account status" → "Account status"; an unknown "standards_level.projected" → "Standards
// level projected".
std::string Humanize(std::string_view code) {
  std::string out;
  for (char c : code) out += c == '_' || c == '.' ? ' ' : c;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

}  // namespace

MetricWords WordsFor(std::string_view metric, std::string_view marketplace) {
  const Words* found = nullptr;
  for (const auto& w : kWords) {
    if (w.metric != metric) continue;
    if (w.marketplace == marketplace) {
      found = &w;
      break;
    }
    if (w.marketplace.empty() && !found) found = &w;
  }
  if (!found) {
    constexpr std::string_view kPlatform = "platform.";
    if (metric.substr(0, kPlatform.size()) == kPlatform) {
      return {Humanize(PlatformLabel(metric)), "Reported by the marketplace itself"};
    }
    return {std::string(metric), ""};
  }
  MetricWords words{std::string(found->name), std::string(found->description)};
  if (auto info = FindMetric(metric); info && info->window_days > 0) {
    words.name += " (" + std::to_string(info->window_days) + " days)";
  }
  return words;
}

std::string DisplayName(std::string_view metric, std::string_view marketplace) {
  return WordsFor(metric, marketplace).name;
}

std::string_view MarketplaceName(std::string_view marketplace) {
  if (marketplace == "amazon") return "Amazon";
  if (marketplace == "ebay") return "eBay";
  if (marketplace == "aliexpress") return "AliExpress";
  if (marketplace == "shopify") return "Shopify";
  if (marketplace == "custom") return "Other";
  return marketplace;
}

}  // namespace sellerwatch::core
