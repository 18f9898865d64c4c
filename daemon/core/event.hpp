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
  Timestamp updated_at;

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
  std::string status;  // as the marketplace reports it: open, closed, denied, ...
  Timestamp updated_at;

  // An A-to-z claim or a chargeback is an order defect (ODR) unless the marketplace denied it.
  bool defect() const {
    return (kind == ClaimKind::kAToZ || kind == ClaimKind::kChargeback) && status != "denied" &&
           status != "withdrawn";
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
std::string_view Name(EventType v);
std::optional<OrderStatus> ParseOrderStatus(std::string_view s);
std::optional<Fulfillment> ParseFulfillment(std::string_view s);
std::optional<CancelInitiator> ParseCancelInitiator(std::string_view s);
std::optional<ClaimKind> ParseClaimKind(std::string_view s);
std::optional<EventType> ParseEventType(std::string_view s);

EventType TypeOf(const Event& e);
const std::string& AccountOf(const Event& e);
const std::string& IdOf(const Event& e);
Timestamp UpdatedAtOf(const Event& e);

}  // namespace sellerwatch::core
