#pragma once

// Concise builders for normalized events in unit tests:
//
//   OrderAt("o1", kNow - 5 * kDay).ShipBy(kNow - 4 * kDay).ShippedAt(kNow - 4 * kDay)
//   FeedbackOn("o1", 1, kNow - 2 * kDay).Removed()
//   ClaimOn("o1", core::ClaimKind::kChargeback).Status("denied")
//   MessageAt("m1", kNow - 3 * kDay).RepliedAt(kNow - 2 * kDay)
//
// Every builder converts implicitly to core::Event, so a std::vector<core::Event> can be
// brace-initialised from builders directly; Build() yields the plain struct.

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "core/event.hpp"
#include "core/time.hpp"

namespace sellerwatch::test {

inline constexpr const char* kTestAccount = "acct";

// A fixed evaluation instant: 2026-11-01T00:00:00Z.
inline core::Timestamp TestNow() {
  using namespace std::chrono;
  return core::Timestamp(sys_days(year(2026) / November / 1));
}

class OrderBuilder {
 public:
  OrderBuilder(std::string id, core::Timestamp purchased_at) {
    o_.account = kTestAccount;
    o_.id = std::move(id);
    o_.purchased_at = purchased_at;
    o_.updated_at = purchased_at;
    o_.status = core::OrderStatus::kUnshipped;
    o_.fulfillment = core::Fulfillment::kMerchant;
  }

  OrderBuilder& Merchant() {
    o_.fulfillment = core::Fulfillment::kMerchant;
    return *this;
  }
  OrderBuilder& Platform() {
    o_.fulfillment = core::Fulfillment::kPlatform;
    return *this;
  }
  OrderBuilder& Status(core::OrderStatus s) {
    o_.status = s;
    return *this;
  }
  OrderBuilder& ShipBy(core::Timestamp t) {
    o_.ship_by = t;
    return *this;
  }
  // Sets shipped_at; an order not yet further along becomes kShipped.
  OrderBuilder& ShippedAt(core::Timestamp t) {
    o_.shipped_at = t;
    if (o_.status == core::OrderStatus::kPending || o_.status == core::OrderStatus::kUnshipped) {
      o_.status = core::OrderStatus::kShipped;
    }
    return *this;
  }
  OrderBuilder& Tracking(std::optional<bool> valid) {
    o_.tracking_valid = valid;
    return *this;
  }
  OrderBuilder& DeliverBy(core::Timestamp t) {
    o_.deliver_by = t;
    return *this;
  }
  // kDelivered with delivered_at; shipped_at is left as it is (possibly absent).
  OrderBuilder& DeliveredAt(core::Timestamp t) {
    o_.delivered_at = t;
    o_.status = core::OrderStatus::kDelivered;
    return *this;
  }
  // kCancelled at purchase time; `who` empty leaves cancel_initiator unset.
  OrderBuilder& Cancelled(std::optional<core::CancelInitiator> who) {
    o_.status = core::OrderStatus::kCancelled;
    o_.cancelled_at = o_.purchased_at;
    o_.cancel_initiator = who;
    return *this;
  }
  OrderBuilder& UpdatedAt(core::Timestamp t) {
    o_.updated_at = t;
    return *this;
  }
  // Closed by the platform at `t` because the seller did not ship in time.
  OrderBuilder& ClosedForNotShipping(core::Timestamp t) {
    o_.status = core::OrderStatus::kCancelled;
    o_.cancelled_at = t;
    o_.cancel_initiator = core::CancelInitiator::kSeller;
    o_.cancel_reason = std::string(core::Order::kShipTimeout);
    return *this;
  }

  core::Order Build() const { return o_; }
  operator core::Event() const { return o_; }  // NOLINT(google-explicit-constructor)

 private:
  core::Order o_;
};

class FeedbackBuilder {
 public:
  FeedbackBuilder(std::string order_id, int rating, core::Timestamp received_at) {
    f_.account = kTestAccount;
    f_.id = "fb-" + order_id + "-" + std::to_string(rating);
    f_.order_id = std::move(order_id);
    f_.rating = rating;
    f_.received_at = received_at;
    f_.updated_at = received_at;
  }

  FeedbackBuilder& Id(std::string id) {
    f_.id = std::move(id);
    return *this;
  }
  FeedbackBuilder& Removed() {
    f_.removed = true;
    return *this;
  }

  core::Feedback Build() const { return f_; }
  operator core::Event() const { return f_; }  // NOLINT(google-explicit-constructor)

 private:
  core::Feedback f_;
};

class ClaimBuilder {
 public:
  ClaimBuilder(std::string order_id, core::ClaimKind kind, core::Timestamp opened_at) {
    c_.account = kTestAccount;
    c_.id = "claim-" + order_id;
    c_.order_id = std::move(order_id);
    c_.kind = kind;
    c_.opened_at = opened_at;
    c_.status = "open";
    c_.updated_at = opened_at;
  }

  ClaimBuilder& Id(std::string id) {
    c_.id = std::move(id);
    return *this;
  }
  ClaimBuilder& Status(std::string status) {
    c_.status = std::move(status);
    return *this;
  }
  ClaimBuilder& Escalated() {
    c_.escalated = true;
    return *this;
  }
  ClaimBuilder& RespondBy(core::Timestamp t, std::string reason = "") {
    c_.respond_by = t;
    c_.reason = std::move(reason);
    return *this;
  }
  // Closed at `t` by `who` with `refund` paid back.
  ClaimBuilder& Decided(core::Timestamp t, core::DecidedBy who, double refund) {
    c_.status = "closed";
    c_.decided_at = t;
    c_.decided_by = who;
    c_.refund = refund;
    return *this;
  }

  core::Claim Build() const { return c_; }
  operator core::Event() const { return c_; }  // NOLINT(google-explicit-constructor)

 private:
  core::Claim c_;
};

class MessageBuilder {
 public:
  MessageBuilder(std::string id, core::Timestamp received_at) {
    m_.account = kTestAccount;
    m_.thread = "thread-" + id;
    m_.id = std::move(id);
    m_.received_at = received_at;
    m_.updated_at = received_at;
  }

  MessageBuilder& RepliedAt(core::Timestamp t) {
    m_.replied_at = t;
    return *this;
  }
  // Replied `latency` after it was received.
  MessageBuilder& RepliedAfter(core::Duration latency) {
    m_.replied_at = m_.received_at + latency;
    return *this;
  }

  core::Message Build() const { return m_; }
  operator core::Event() const { return m_; }  // NOLINT(google-explicit-constructor)

 private:
  core::Message m_;
};

inline OrderBuilder OrderAt(std::string id, core::Timestamp purchased_at) {
  return OrderBuilder(std::move(id), purchased_at);
}
// Feedback linked to `order_id` ("" = not linked to an order).
inline FeedbackBuilder FeedbackOn(std::string order_id, int rating, core::Timestamp received_at) {
  return FeedbackBuilder(std::move(order_id), rating, received_at);
}
inline ClaimBuilder ClaimOn(std::string order_id, core::ClaimKind kind,
                            core::Timestamp opened_at = TestNow() - std::chrono::hours(1)) {
  return ClaimBuilder(std::move(order_id), kind, opened_at);
}
inline MessageBuilder MessageAt(std::string id, core::Timestamp received_at) {
  return MessageBuilder(std::move(id), received_at);
}

}  // namespace sellerwatch::test
