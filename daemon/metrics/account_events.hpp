#pragma once

#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/event.hpp"

namespace sellerwatch::metrics {

// What the marketplace holds against an order, gathered from feedback and claims.
struct OrderMarks {
  bool negative_feedback = false;  // rating <= 2, not removed
  bool defect_claim = false;       // A-to-z or chargeback, not denied

  bool defect() const { return negative_feedback || defect_claim; }
};

// One account's events split by kind, with feedback and claims joined to their orders.
struct AccountEvents {
  std::vector<core::Order> orders;
  std::vector<core::Feedback> feedback;
  std::vector<core::Claim> claims;
  std::vector<core::Message> messages;
  std::unordered_map<std::string, OrderMarks> marks;  // by order id

  static AccountEvents From(std::span<const core::Event> events);
  OrderMarks MarksOf(const std::string& order_id) const;
};

}  // namespace sellerwatch::metrics
