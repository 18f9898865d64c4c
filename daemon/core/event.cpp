#include "core/event.hpp"

#include <array>
#include <utility>

#include "core/enum_table.hpp"

namespace sellerwatch::core {
namespace {

constexpr EnumTable<OrderStatus, 5> kOrderStatus{{
    {OrderStatus::kPending, "pending"},
    {OrderStatus::kUnshipped, "unshipped"},
    {OrderStatus::kShipped, "shipped"},
    {OrderStatus::kDelivered, "delivered"},
    {OrderStatus::kCancelled, "cancelled"},
}};
constexpr EnumTable<Fulfillment, 2> kFulfillment{{
    {Fulfillment::kMerchant, "merchant"},
    {Fulfillment::kPlatform, "platform"},
}};
constexpr EnumTable<CancelInitiator, 4> kCancelInitiator{{
    {CancelInitiator::kSeller, "seller"},
    {CancelInitiator::kBuyer, "buyer"},
    {CancelInitiator::kPlatform, "platform"},
    {CancelInitiator::kUnknown, "unknown"},
}};
constexpr EnumTable<ClaimKind, 4> kClaimKind{{
    {ClaimKind::kAToZ, "a_to_z"},
    {ClaimKind::kChargeback, "chargeback"},
    {ClaimKind::kDispute, "dispute"},
    {ClaimKind::kReturn, "return"},
}};
constexpr EnumTable<DecidedBy, 3> kDecidedBy{{
    {DecidedBy::kNegotiation, "negotiation"},
    {DecidedBy::kPlatform, "platform"},
    {DecidedBy::kSellerTimeout, "seller_timeout"},
}};
constexpr EnumTable<EventType, 5> kEventType{{
    {EventType::kOrder, "order"},
    {EventType::kFeedback, "feedback"},
    {EventType::kClaim, "claim"},
    {EventType::kMessage, "message"},
    {EventType::kPlatform, "platform"},
}};

}  // namespace

std::string_view Name(OrderStatus v) { return NameIn(kOrderStatus, v); }
std::string_view Name(Fulfillment v) { return NameIn(kFulfillment, v); }
std::string_view Name(CancelInitiator v) { return NameIn(kCancelInitiator, v); }
std::string_view Name(ClaimKind v) { return NameIn(kClaimKind, v); }
std::string_view Name(DecidedBy v) { return NameIn(kDecidedBy, v); }
std::string_view Name(EventType v) { return NameIn(kEventType, v); }
std::optional<OrderStatus> ParseOrderStatus(std::string_view s) { return ParseIn(kOrderStatus, s); }
std::optional<Fulfillment> ParseFulfillment(std::string_view s) { return ParseIn(kFulfillment, s); }
std::optional<CancelInitiator> ParseCancelInitiator(std::string_view s) {
  return ParseIn(kCancelInitiator, s);
}
std::optional<ClaimKind> ParseClaimKind(std::string_view s) { return ParseIn(kClaimKind, s); }
std::optional<DecidedBy> ParseDecidedBy(std::string_view s) { return ParseIn(kDecidedBy, s); }
std::optional<EventType> ParseEventType(std::string_view s) { return ParseIn(kEventType, s); }

EventType TypeOf(const Event& e) { return static_cast<EventType>(e.index()); }
const std::string& AccountOf(const Event& e) {
  return std::visit([](const auto& v) -> const std::string& { return v.account; }, e);
}
const std::string& IdOf(const Event& e) {
  return std::visit([](const auto& v) -> const std::string& { return v.id; }, e);
}
Timestamp UpdatedAtOf(const Event& e) {
  return std::visit([](const auto& v) { return v.updated_at; }, e);
}

}  // namespace sellerwatch::core
