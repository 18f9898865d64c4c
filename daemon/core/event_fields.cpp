#include "core/event_fields.hpp"

#include <array>

namespace sellerwatch::core {
namespace {

using K = FieldKind;

constexpr std::array<std::string_view, 5> kStatuses = {"pending", "unshipped", "shipped",
                                                       "delivered", "cancelled"};
constexpr std::array<std::string_view, 2> kFulfillments = {"merchant", "platform"};
constexpr std::array<std::string_view, 4> kInitiators = {"seller", "buyer", "platform", "unknown"};
constexpr std::array<std::string_view, 3> kDecidedBy = {"negotiation", "platform",
                                                        "seller_timeout"};
constexpr std::array<std::string_view, 4> kClaimKinds = {"a_to_z", "chargeback", "dispute",
                                                         "return"};

constexpr std::array<EventField, 13> kOrder{{
    {"id", K::kText, true},
    {"purchased_at", K::kTime, true},
    {"status", K::kEnum, true, kStatuses},
    {"fulfillment", K::kEnum, true, kFulfillments},
    {"ship_by", K::kTime, false},
    {"shipped_at", K::kTime, false},
    {"tracking_valid", K::kBool, false},
    {"deliver_by", K::kTime, false},
    {"delivered_at", K::kTime, false},
    {"cancelled_at", K::kTime, false},
    {"cancel_initiator", K::kEnum, false, kInitiators},
    {"cancel_reason", K::kText, false},
    {"updated_at", K::kTime, false},
}};

constexpr std::array<EventField, 7> kFeedback{{
    {"id", K::kText, true},
    {"order_id", K::kText, false},
    {"rating", K::kRating, true},
    {"received_at", K::kTime, true},
    {"comment", K::kText, false},
    {"removed", K::kBool, false},
    {"updated_at", K::kTime, false},
}};

constexpr std::array<EventField, 12> kClaim{{
    {"id", K::kText, true},
    {"order_id", K::kText, false},
    {"kind", K::kEnum, true, kClaimKinds},
    {"opened_at", K::kTime, true},
    {"status", K::kText, false},
    {"reason", K::kText, false},
    {"respond_by", K::kTime, false},
    {"escalated", K::kBool, false},
    {"decided_at", K::kTime, false},
    {"decided_by", K::kEnum, false, kDecidedBy},
    {"refund", K::kNumber, false},
    {"updated_at", K::kTime, false},
}};

constexpr std::array<EventField, 6> kMessage{{
    {"id", K::kText, true},
    {"thread", K::kText, false},
    {"order_id", K::kText, false},
    {"received_at", K::kTime, true},
    {"replied_at", K::kTime, false},
    {"updated_at", K::kTime, false},
}};

constexpr std::array<EventField, 4> kPlatform{{
    {"id", K::kText, true},
    {"value", K::kText, true},
    {"reported_at", K::kTime, true},
    {"updated_at", K::kTime, false},
}};

}  // namespace

std::span<const EventField> FieldsOf(EventType type) {
  switch (type) {
    case EventType::kOrder:
      return kOrder;
    case EventType::kFeedback:
      return kFeedback;
    case EventType::kClaim:
      return kClaim;
    case EventType::kMessage:
      return kMessage;
    case EventType::kPlatform:
      return kPlatform;
  }
  return {};
}

const EventField* FindField(EventType type, std::string_view name) {
  for (const auto& f : FieldsOf(type))
    if (f.name == name) return &f;
  return nullptr;
}

std::string FieldNames(EventType type) {
  std::string out;
  for (const auto& f : FieldsOf(type)) out += (out.empty() ? "" : ", ") + std::string(f.name);
  return out;
}

}  // namespace sellerwatch::core
