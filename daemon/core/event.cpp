#include "core/event.hpp"

#include <array>
#include <utility>

namespace sellerwatch::core {
namespace {

template <class E, std::size_t N>
std::string_view NameIn(const std::array<std::pair<E, std::string_view>, N>& table, E v) {
  for (const auto& [value, name] : table)
    if (value == v) return name;
  return "?";
}

template <class E, std::size_t N>
std::optional<E> ParseIn(const std::array<std::pair<E, std::string_view>, N>& table,
                         std::string_view s) {
  for (const auto& [value, name] : table)
    if (name == s) return value;
  return std::nullopt;
}

constexpr std::array<std::pair<OrderStatus, std::string_view>, 5> kOrderStatus{{
    {OrderStatus::kPending, "pending"},
    {OrderStatus::kUnshipped, "unshipped"},
    {OrderStatus::kShipped, "shipped"},
    {OrderStatus::kDelivered, "delivered"},
    {OrderStatus::kCancelled, "cancelled"},
}};
constexpr std::array<std::pair<Fulfillment, std::string_view>, 2> kFulfillment{{
    {Fulfillment::kMerchant, "merchant"},
    {Fulfillment::kPlatform, "platform"},
}};
constexpr std::array<std::pair<CancelInitiator, std::string_view>, 4> kCancelInitiator{{
    {CancelInitiator::kSeller, "seller"},
    {CancelInitiator::kBuyer, "buyer"},
    {CancelInitiator::kPlatform, "platform"},
    {CancelInitiator::kUnknown, "unknown"},
}};
constexpr std::array<std::pair<ClaimKind, std::string_view>, 4> kClaimKind{{
    {ClaimKind::kAToZ, "a_to_z"},
    {ClaimKind::kChargeback, "chargeback"},
    {ClaimKind::kDispute, "dispute"},
    {ClaimKind::kReturn, "return"},
}};
constexpr std::array<std::pair<EventType, std::string_view>, 4> kEventType{{
    {EventType::kOrder, "order"},
    {EventType::kFeedback, "feedback"},
    {EventType::kClaim, "claim"},
    {EventType::kMessage, "message"},
}};

}  // namespace

std::string_view Name(OrderStatus v) { return NameIn(kOrderStatus, v); }
std::string_view Name(Fulfillment v) { return NameIn(kFulfillment, v); }
std::string_view Name(CancelInitiator v) { return NameIn(kCancelInitiator, v); }
std::string_view Name(ClaimKind v) { return NameIn(kClaimKind, v); }
std::string_view Name(EventType v) { return NameIn(kEventType, v); }
std::optional<OrderStatus> ParseOrderStatus(std::string_view s) { return ParseIn(kOrderStatus, s); }
std::optional<Fulfillment> ParseFulfillment(std::string_view s) { return ParseIn(kFulfillment, s); }
std::optional<CancelInitiator> ParseCancelInitiator(std::string_view s) {
  return ParseIn(kCancelInitiator, s);
}
std::optional<ClaimKind> ParseClaimKind(std::string_view s) { return ParseIn(kClaimKind, s); }
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
