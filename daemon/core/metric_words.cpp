#include "core/metric_words.hpp"

#include <array>
#include <cctype>

#include "core/metric_catalog.hpp"
#include "core/platform_display.hpp"

namespace sellerwatch::core {
namespace {

using i18n::N_;

struct Words {
  std::string_view metric;
  std::string_view marketplace;  // empty: every marketplace without its own entry
  std::string_view name;         // without the window
  std::string_view description;
};

// A marketplace's own entry wins over the one for every marketplace.
constexpr std::array<Words, 24> kWords{{
    {"cancellation_rate", "amazon", N_("Pre-fulfilment cancel rate"),
     N_("Orders you cancelled before shipping them")},
    {"response_within_24h_rate", "amazon", N_("Contact response time: replies within 24 hours"),
     N_("Buyer messages you answered within 24 hours, weekends included")},
    {"order_defect_rate", "ebay", N_("Transaction defects"),
     N_("Orders with negative feedback, a case against you or a chargeback")},
    {"seller_responsible_dispute_rate", "ebay", N_("Cases closed without seller resolution"),
     N_("Cases eBay decided for the buyer because you did not resolve them")},
    {"seller_fault_cancel_count", "aliexpress", N_("No sale after transaction"),
     N_("成交不卖: orders closed because you did not ship within the promised handling time")},
    {"dispute_escalation_rate", "aliexpress", N_("Arbitration filing rate"),
     N_("Disputes the buyer escalated to AliExpress")},
    {"seller_responsible_dispute_rate", "aliexpress", N_("Seller-responsibility ruling rate"),
     N_("Escalated disputes AliExpress ruled against you")},
    {"order_defect_rate", "", N_("Order defect rate"),
     N_("Orders with negative feedback, an A-to-z claim or a chargeback")},
    {"negative_feedback_rate", "", N_("Negative feedback rate"), N_("Orders rated 1 or 2 stars")},
    {"cancellation_rate", "", N_("Seller cancellation rate"),
     N_("Orders you cancelled instead of shipping them")},
    {"late_shipment_rate_10d", "", N_("Late shipment rate"),
     N_("Orders shipped after their ship-by date, or still unshipped past it")},
    {"late_shipment_rate_30d", "", N_("Late shipment rate"),
     N_("Orders shipped after their ship-by date, or still unshipped past it")},
    {"valid_tracking_rate", "", N_("Valid tracking rate"),
     N_("Shipments with a tracking number the carrier has scanned")},
    {"on_time_delivery_rate", "", N_("On-time delivery rate"),
     N_("Tracked orders delivered by the promised date")},
    {"response_within_24h_rate", "", N_("Replies within 24 hours"),
     N_("Buyer messages answered within 24 hours, weekends included")},
    {"response_time_p90", "", N_("Reply time for 9 in 10 messages"),
     N_("How long it takes to answer 9 in 10 buyer messages; unanswered ones count until now")},
    {"negative_feedback_count_7d", "", N_("Negative feedback received"),
     N_("Ratings of 1 or 2 stars that came in")},
    {"dispute_rate", "", N_("Dispute rate"),
     N_("Orders a buyer opened a dispute on (and kept it open)")},
    {"dispute_escalation_rate", "", N_("Dispute escalation rate"),
     N_("Disputes the buyer escalated to the marketplace")},
    {"seller_responsible_dispute_rate", "", N_("Disputes decided against you"),
     N_("Disputes the marketplace decided against you, with a refund")},
    {"seller_fault_cancel_count", "", N_("Orders closed for not shipping"),
     N_("Orders the marketplace closed because you did not ship in time")},
    {"ship_deadline_at_risk", "", N_("Orders at risk of shipping late"),
     N_("Unshipped orders whose ship-by time is close")},
    {"reply_deadline_at_risk", "", N_("Messages at risk of a late reply"),
     N_("Unanswered buyer messages getting close to 24 hours old")},
    {"dispute_deadline_at_risk", "", N_("Disputes at risk of a default loss"),
     N_("Open disputes whose response deadline is close: unanswered, they are lost")},
}};

// "account status" → "Account status"; an unknown "standards_level.projected" → "Standards
// level projected".
std::string Humanize(std::string_view code) {
  std::string out;
  for (char c : code) out += c == '_' || c == '.' ? ' ' : c;
  if (!out.empty()) out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
  return out;
}

const Words* FindWords(std::string_view metric, std::string_view marketplace) {
  const Words* found = nullptr;
  for (const auto& w : kWords) {
    if (w.metric != metric) continue;
    if (w.marketplace == marketplace) {
      found = &w;
      break;
    }
    if (w.marketplace.empty() && !found) found = &w;
  }
  return found;
}

}  // namespace

MetricWords WordsFor(const i18n::Translator& tr, std::string_view metric,
                     std::string_view marketplace) {
  const Words* found = FindWords(metric, marketplace);
  if (!found) {
    constexpr std::string_view kPlatform = "platform.";
    if (metric.substr(0, kPlatform.size()) == kPlatform) {
      // The marketplace's own field name: kept as it reports it, in words.
      return {Humanize(PlatformLabel(metric)), tr.Tr("Reported by the marketplace itself")};
    }
    return {std::string(metric), ""};
  }
  MetricWords words{tr.Tr(found->name), tr.Tr(found->description)};
  if (auto info = FindMetric(metric); info && info->window_days > 0) {
    // TRANSLATORS: a metric's name with its window: "Late shipment rate (10 days)".
    words.name = tr.TrN("{1} ({0} day)", "{1} ({0} days)", info->window_days, words.name);
  }
  return words;
}

MetricWords WordsFor(std::string_view metric, std::string_view marketplace) {
  return WordsFor(i18n::Translator(), metric, marketplace);
}

std::string DisplayName(const i18n::Translator& tr, std::string_view metric,
                        std::string_view marketplace) {
  return WordsFor(tr, metric, marketplace).name;
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
