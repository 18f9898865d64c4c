#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/time.hpp"

namespace sellerwatch::core {

// The normalized event kinds of DESIGN.md §1.3 (order, feedback, claim, message) plus
// `platform`: a value the marketplace itself reports (account status, a standards level),
// which status_change rules watch. Every source produces these; the store keys them by
// (account, type, id) and keeps the version with the latest updated_at.

enum class OrderStatus { kPending, kUnshipped, kShipped, kDelivered, kCancelled };
enum class Fulfillment { kMerchant, kPlatform };
enum class CancelInitiator { kSeller, kBuyer, kPlatform, kUnknown };
enum class ClaimKind { kAToZ, kChargeback, kDispute, kReturn };
// How a dispute was settled: agreed by both sides, ruled by the platform, or lost by the seller
// for not answering in time (AliExpress's reached_type).
enum class DecidedBy { kNegotiation, kPlatform, kSellerTimeout };
enum class EventType { kOrder, kFeedback, kClaim, kMessage, kPlatform };

struct Order {
  std::string account;
  std::string id;
  Timestamp purchased_at;
  OrderStatus status = OrderStatus::kPending;
  Fulfillment fulfillment = Fulfillment::kMerchant;
  std::optional<Timestamp> ship_by;
  std::optional<Timestamp> shipped_at;
  std::optional<bool> tracking_valid;
  std::optional<Timestamp> deliver_by;
  std::optional<Timestamp> delivered_at;
  std::optional<Timestamp> cancelled_at;
  std::optional<CancelInitiator> cancel_initiator;
  // The marketplace's reason for a cancellation or close, as text; kShipTimeout marks an order
  // the platform closed because the seller did not ship in time (AliExpress "no sale after
  // transaction").
  std::string cancel_reason;
  Timestamp updated_at;

  static constexpr std::string_view kShipTimeout = "ship_timeout";

  bool merchant() const { return fulfillment == Fulfillment::kMerchant; }
  bool cancelled() const { return status == OrderStatus::kCancelled; }
  // A delivered order counts as shipped even when the source omitted shipped_at.
  bool shipped() const {
    return status == OrderStatus::kShipped || status == OrderStatus::kDelivered ||
           shipped_at.has_value();
  }
  // Counted against the seller: not buyer-requested, not platform-initiated (§1.3).
  bool seller_cancelled() const {
    if (!cancelled()) return false;
    CancelInitiator who = cancel_initiator.value_or(CancelInitiator::kUnknown);
    return who == CancelInitiator::kSeller || who == CancelInitiator::kUnknown;
  }
  // Closed because the seller did not ship in time.
  bool seller_fault_close() const { return cancelled() && cancel_reason == kShipTimeout; }
};

struct Feedback {
  std::string account;
  std::string id;
  std::string order_id;  // may be empty when the marketplace did not link it
  int rating = 0;        // 1..5
  Timestamp received_at;
  std::string comment;  // buyer-written: untrusted
  bool removed = false;
  Timestamp updated_at;

  bool negative() const { return rating <= 2 && !removed; }
};

struct Claim {
  std::string account;
  std::string id;
  std::string order_id;
  ClaimKind kind = ClaimKind::kAToZ;
  Timestamp opened_at;
  std::string status;  // as the marketplace reports it: open, closed, withdrawn, denied, ...
  std::string reason;  // the buyer's reason as the marketplace words it ("item not received")
  std::optional<Timestamp> respond_by;  // the seller's deadline to answer (an open dispute)
  bool escalated = false;               // taken to the platform for a ruling
  std::optional<Timestamp> decided_at;
  std::optional<DecidedBy> decided_by;
  std::optional<double> refund;  // what the decision refunds the buyer (any currency)
  Timestamp updated_at;

  // An A-to-z claim or a chargeback is an order defect (ODR) unless the marketplace denied it.
  bool defect() const {
    return (kind == ClaimKind::kAToZ || kind == ClaimKind::kChargeback) && status != "denied" &&
           status != "withdrawn";
  }
  bool dispute() const { return kind == ClaimKind::kDispute && status != "withdrawn"; }
  bool open() const { return status == "open"; }
  // Decided against the seller: ruled by the platform or lost by not answering, with money
  // refunded (AliExpress's seller-responsibility ruling).
  bool against_seller() const {
    return dispute() && decided_at && refund.value_or(0) > 0 &&
           (decided_by == DecidedBy::kPlatform || decided_by == DecidedBy::kSellerTimeout);
  }
};

struct Message {
  std::string account;
  std::string id;
  std::string thread;
  std::string order_id;
  Timestamp received_at;
  std::optional<Timestamp> replied_at;
  Timestamp updated_at;
};

// The latest value of one `platform.*` metric; `id` is the metric ("platform.account_status").
struct PlatformValue {
  std::string account;
  std::string id;
  std::string value;  // as the marketplace spells it: "AT_RISK", "TOP_RATED", ...
  Timestamp reported_at;
  Timestamp updated_at;
};

using Event = std::variant<Order, Feedback, Claim, Message, PlatformValue>;

std::string_view Name(OrderStatus v);
std::string_view Name(Fulfillment v);
std::string_view Name(CancelInitiator v);
std::string_view Name(ClaimKind v);
std::string_view Name(DecidedBy v);
std::string_view Name(EventType v);
std::optional<OrderStatus> ParseOrderStatus(std::string_view s);
std::optional<Fulfillment> ParseFulfillment(std::string_view s);
std::optional<CancelInitiator> ParseCancelInitiator(std::string_view s);
std::optional<ClaimKind> ParseClaimKind(std::string_view s);
std::optional<DecidedBy> ParseDecidedBy(std::string_view s);
std::optional<EventType> ParseEventType(std::string_view s);

EventType TypeOf(const Event& e);
const std::string& AccountOf(const Event& e);
const std::string& IdOf(const Event& e);
Timestamp UpdatedAtOf(const Event& e);

}  // namespace sellerwatch::core
