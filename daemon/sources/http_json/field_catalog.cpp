#include "sources/http_json/field_catalog.hpp"

#include <array>

namespace sellerwatch::sources::http_json {
namespace {

constexpr std::array<std::string_view, 5> kStatus = {"pending", "unshipped", "shipped", "delivered",
                                                     "cancelled"};
constexpr std::array<std::string_view, 2> kFulfillment = {"merchant", "platform"};
constexpr std::array<std::string_view, 4> kInitiator = {"seller", "buyer", "platform", "unknown"};
constexpr std::array<std::string_view, 4> kClaimKind = {"a_to_z", "chargeback", "dispute",
                                                        "return"};

using K = FieldKind;

constexpr std::array kOrder = {
    FieldInfo{"id", K::kText, true, {}},
    FieldInfo{"purchased_at", K::kTime, true, {}},
    FieldInfo{"status", K::kEnum, true, kStatus},
    FieldInfo{"fulfillment", K::kEnum, true, kFulfillment},
    FieldInfo{"ship_by", K::kTime, false, {}},
    FieldInfo{"shipped_at", K::kTime, false, {}},
    FieldInfo{"tracking_valid", K::kBool, false, {}},
    FieldInfo{"deliver_by", K::kTime, false, {}},
    FieldInfo{"delivered_at", K::kTime, false, {}},
    FieldInfo{"cancelled_at", K::kTime, false, {}},
    FieldInfo{"cancel_initiator", K::kEnum, false, kInitiator},
    FieldInfo{"updated_at", K::kTime, false, {}},
};

constexpr std::array kFeedback = {
    FieldInfo{"id", K::kText, true, {}},          FieldInfo{"order_id", K::kText, false, {}},
    FieldInfo{"rating", K::kRating, true, {}},    FieldInfo{"received_at", K::kTime, true, {}},
    FieldInfo{"comment", K::kText, false, {}},    FieldInfo{"removed", K::kBool, false, {}},
    FieldInfo{"updated_at", K::kTime, false, {}},
};

constexpr std::array kClaim = {
    FieldInfo{"id", K::kText, true, {}},           FieldInfo{"order_id", K::kText, false, {}},
    FieldInfo{"kind", K::kEnum, true, kClaimKind}, FieldInfo{"opened_at", K::kTime, true, {}},
    FieldInfo{"status", K::kText, false, {}},      FieldInfo{"updated_at", K::kTime, false, {}},
};

constexpr std::array kMessage = {
    FieldInfo{"id", K::kText, true, {}},          FieldInfo{"thread", K::kText, false, {}},
    FieldInfo{"order_id", K::kText, false, {}},   FieldInfo{"received_at", K::kTime, true, {}},
    FieldInfo{"replied_at", K::kTime, false, {}}, FieldInfo{"updated_at", K::kTime, false, {}},
};

}  // namespace

std::span<const FieldInfo> FieldsOf(core::EventType type) {
  switch (type) {
    case core::EventType::kOrder:
      return kOrder;
    case core::EventType::kFeedback:
      return kFeedback;
    case core::EventType::kClaim:
      return kClaim;
    case core::EventType::kMessage:
      return kMessage;
    case core::EventType::kPlatform:
      break;
  }
  return {};
}

const FieldInfo* FindField(core::EventType type, std::string_view name) {
  for (const auto& f : FieldsOf(type))
    if (f.name == name) return &f;
  return nullptr;
}

std::string FieldNames(core::EventType type) {
  std::string out;
  for (const auto& f : FieldsOf(type)) out += (out.empty() ? "" : ", ") + std::string(f.name);
  return out;
}

}  // namespace sellerwatch::sources::http_json
