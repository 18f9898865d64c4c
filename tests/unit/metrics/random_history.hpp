#pragma once

// Random event histories for the metrics engine's equivalence tests: every version of every
// event (status changes, late and removed feedback, claims denied later, replies arriving,
// corrected purchase times, feedback moved between orders), times clustered on day and window
// edges, and a tiny in-memory store that applies versions as the SQLite store does (newer
// updated_at wins) and reports each applied change with the version it replaced.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "core/event.hpp"
#include "core/time.hpp"
#include "fakes/event_builders.hpp"

namespace sellerwatch::test {

class RandomHistory {
 public:
  RandomHistory(std::uint64_t seed, std::string account)
      : rng_(seed), account_(std::move(account)) {}

  // Every version of about `orders` orders and their feedback, claims and messages; each
  // event's versions have strictly increasing updated_at.
  std::vector<core::Event> Generate(int orders) {
    std::vector<core::Event> out;
    std::vector<std::string> order_ids;
    for (int i = 0; i < orders; ++i) {
      order_ids.push_back(account_ + "-o" + std::to_string(i));
      AddOrder(order_ids.back(), out);
    }
    for (int i = 0; i < orders / 4; ++i) AddFeedback(i, order_ids, out);
    for (int i = 0; i < orders / 10; ++i) AddClaim(i, order_ids, out);
    for (int i = 0; i < orders / 3; ++i) AddMessage(i, out);
    return out;
  }

  // Instants worth evaluating at: around TestNow() and on the window edges of event times.
  std::vector<core::Timestamp> Instants(const std::vector<core::Event>& events, int count) {
    using std::chrono::hours;
    const core::Timestamp now = TestNow();
    std::vector<core::Timestamp> out = {now, now - core::kDay, now + core::kDay,
                                        now - 13 * core::kDay + hours(5)};
    std::vector<core::Timestamp> refs;
    for (const auto& e : events) {
      if (const auto* o = std::get_if<core::Order>(&e)) {
        refs.push_back(o->purchased_at);
        if (o->ship_by) refs.push_back(*o->ship_by);
        if (o->shipped_at) refs.push_back(*o->shipped_at);
        if (o->deliver_by) refs.push_back(*o->deliver_by);
        if (o->delivered_at) refs.push_back(*o->delivered_at);
        if (o->cancelled_at) refs.push_back(*o->cancelled_at);
      } else if (const auto* m = std::get_if<core::Message>(&e)) {
        refs.push_back(m->received_at);
        if (m->replied_at) refs.push_back(*m->replied_at);
      } else if (const auto* f = std::get_if<core::Feedback>(&e)) {
        refs.push_back(f->received_at);
      } else if (const auto* c = std::get_if<core::Claim>(&e)) {
        refs.push_back(c->opened_at);
        if (c->decided_at) refs.push_back(*c->decided_at);
      }
    }
    if (refs.empty()) return out;
    const core::Duration shifts[] = {0 * core::kDay,  core::kDay,      7 * core::kDay,
                                     10 * core::kDay, 14 * core::kDay, 30 * core::kDay,
                                     60 * core::kDay};
    const core::Duration nudges[] = {core::Duration(0), core::Duration(1), core::Duration(-1)};
    while (static_cast<int>(out.size()) < count) {
      core::Timestamp t = refs[Uniform(0, static_cast<int>(refs.size()) - 1)];
      out.push_back(t + shifts[Uniform(0, 6)] + nudges[Uniform(0, 2)]);
    }
    return out;
  }

  std::mt19937_64& rng() { return rng_; }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool Chance(double p) { return std::uniform_real_distribution<double>(0, 1)(rng_) < p; }
  core::Duration Ms(std::int64_t lo, std::int64_t hi) {
    return core::Duration(std::uniform_int_distribution<std::int64_t>(lo, hi)(rng_));
  }
  static constexpr std::int64_t kHourMs = 3'600'000;
  static constexpr std::int64_t kDayMs = 24 * kHourMs;

  // A time in [now − 75 d, now + 2 d]; often exactly on a window edge or a midnight.
  core::Timestamp RandomTime() {
    const core::Timestamp now = TestNow();
    switch (Uniform(0, 5)) {
      case 0: {
        const int windows[] = {7, 10, 14, 30, 60};
        return now - windows[Uniform(0, 4)] * core::kDay + Ms(-1, 1);
      }
      case 1:
        return now - Uniform(0, 75) * core::kDay + Ms(-1, 1);  // midnights (TestNow is one)
      default:
        return now + Ms(-75 * kDayMs, 2 * kDayMs);
    }
  }

  void Push(std::vector<core::Event>& out, core::Event e) { out.push_back(std::move(e)); }

  void AddOrder(const std::string& id, std::vector<core::Event>& out) {
    core::Order o = OrderAt(id, RandomTime()).Build();
    o.account = account_;
    if (Chance(0.15)) o.fulfillment = core::Fulfillment::kPlatform;
    if (Chance(0.1)) o.status = core::OrderStatus::kPending;
    if (!Chance(0.1)) o.ship_by = o.purchased_at + Ms(0, 3 * kDayMs);
    Push(out, o);
    int steps = Uniform(0, 4);
    for (int s = 0; s < steps; ++s) {
      o.updated_at += Ms(1, 2 * kDayMs);
      switch (Uniform(0, 5)) {
        case 0:
        case 1: {  // ships: on time, exactly at ship_by, or late; tracking valid, invalid, unknown
          core::Timestamp base = o.ship_by.value_or(o.purchased_at);
          o.shipped_at = Chance(0.2) ? base : base + Ms(-kDayMs, kDayMs);
          if (o.status != core::OrderStatus::kDelivered) o.status = core::OrderStatus::kShipped;
          int tracking = Uniform(0, 3);
          o.tracking_valid = tracking == 0 ? std::nullopt : std::optional<bool>(tracking != 1);
          if (!Chance(0.1)) o.deliver_by = *o.shipped_at + Ms(kDayMs, 6 * kDayMs);
          break;
        }
        case 2: {  // delivered: by, exactly at or after deliver_by; sometimes without shipped_at
          core::Timestamp base = o.deliver_by.value_or(o.purchased_at + 3 * core::kDay);
          o.delivered_at = Chance(0.2) ? base : base + Ms(-2 * kDayMs, 2 * kDayMs);
          o.status = core::OrderStatus::kDelivered;
          if (Chance(0.3)) o.shipped_at.reset();
          if (Chance(0.5)) o.tracking_valid = true;
          break;
        }
        case 3: {  // cancelled by anyone, or nobody said
          o.status = core::OrderStatus::kCancelled;
          o.cancelled_at = o.updated_at;
          int who = Uniform(0, 4);
          if (who < 4) {
            o.cancel_initiator = static_cast<core::CancelInitiator>(who);
          } else {
            o.cancel_initiator.reset();
          }
          // Closed by the platform because the seller did not ship (AliExpress).
          o.cancel_reason = Chance(0.3) ? std::string(core::Order::kShipTimeout) : "";
          if (Chance(0.2)) o.cancelled_at.reset();
          break;
        }
        case 4:  // a corrected purchase time moves the order (and its marks)
          o.purchased_at += Ms(-2 * kDayMs, 2 * kDayMs);
          break;
        default:  // back to unshipped, or the fulfilment channel changes
          if (Chance(0.5)) {
            o.status = core::OrderStatus::kUnshipped;
            o.shipped_at.reset();
            o.delivered_at.reset();
          } else {
            o.fulfillment =
                o.merchant() ? core::Fulfillment::kPlatform : core::Fulfillment::kMerchant;
          }
          break;
      }
      Push(out, o);
    }
  }

  std::string PickOrder(const std::vector<std::string>& ids) {
    if (Chance(0.05)) return "";                     // not linked
    if (Chance(0.05)) return account_ + "-missing";  // an order never seen
    // Few distinct orders, so that several marks meet on one order.
    return ids[static_cast<std::size_t>(Uniform(0, static_cast<int>(ids.size()) / 2))];
  }

  void AddFeedback(int i, const std::vector<std::string>& ids, std::vector<core::Event>& out) {
    core::Feedback f = FeedbackOn(PickOrder(ids), Uniform(1, 5), RandomTime()).Build();
    f.account = account_;
    f.id = account_ + "-fb" + std::to_string(i);
    Push(out, f);
    int steps = Uniform(0, 3);
    for (int s = 0; s < steps; ++s) {
      f.updated_at += Ms(1, 5 * kDayMs);
      switch (Uniform(0, 3)) {
        case 0:
          f.removed = !f.removed;
          break;
        case 1:
          f.rating = Uniform(1, 5);
          break;
        case 2:
          f.order_id = PickOrder(ids);
          break;
        default:
          f.received_at += Ms(-kDayMs, kDayMs);
          break;
      }
      Push(out, f);
    }
  }

  void AddClaim(int i, const std::vector<std::string>& ids, std::vector<core::Event>& out) {
    auto kind = static_cast<core::ClaimKind>(Uniform(0, 3));
    core::Claim c = ClaimOn(PickOrder(ids), kind, RandomTime()).Build();
    c.account = account_;
    c.id = account_ + "-claim" + std::to_string(i);
    if (Chance(0.5)) c.respond_by = c.opened_at + Ms(0, 5 * kDayMs);
    Push(out, c);
    int steps = Uniform(0, 3);
    for (int s = 0; s < steps; ++s) {
      c.updated_at += Ms(1, 10 * kDayMs);
      const char* statuses[] = {"open", "denied", "withdrawn", "closed"};
      switch (Uniform(0, 4)) {
        case 0:
        case 1:
          c.status = statuses[Uniform(0, 3)];
          break;
        case 2:  // escalated to the platform, or taken back
          c.escalated = !c.escalated;
          break;
        case 3: {  // decided: by whom, with or without a refund; sometimes undone
          c.decided_at =
              Chance(0.1) ? std::nullopt : std::optional(c.opened_at + Ms(0, 20 * kDayMs));
          c.decided_by = static_cast<core::DecidedBy>(Uniform(0, 2));
          c.refund = Chance(0.3) ? 0.0 : 12.5;
          c.status = "closed";
          break;
        }
        default:
          c.kind = static_cast<core::ClaimKind>(Uniform(0, 3));
          break;
      }
      Push(out, c);
    }
  }

  void AddMessage(int i, std::vector<core::Event>& out) {
    core::Message m = MessageAt(account_ + "-m" + std::to_string(i), RandomTime()).Build();
    m.account = account_;
    const core::Duration latencies[] = {core::Duration(kHourMs),    core::Duration(kDayMs - 1),
                                        core::Duration(kDayMs),     core::Duration(kDayMs + 1),
                                        core::Duration(3 * kDayMs), core::Duration(-kHourMs)};
    bool replied_at_once = Chance(0.3);
    core::Duration latency = Chance(0.5) ? latencies[Uniform(0, 5)] : Ms(0, 3 * kDayMs);
    if (replied_at_once) {
      m.replied_at = m.received_at + latency;
      m.updated_at = std::max(m.received_at, *m.replied_at);
    }
    Push(out, m);
    if (!replied_at_once && Chance(0.7)) {
      m.replied_at = m.received_at + latency;
      m.updated_at = std::max(m.updated_at + core::Duration(1), *m.replied_at);
      Push(out, m);
    }
  }

  std::mt19937_64 rng_;
  std::string account_;
};

// Applies versions as the SQLite store does: per (account, type, id), a newer updated_at wins.
class FakeEventStore {
 public:
  struct Change {
    std::optional<core::Event> before;
    core::Event after;
  };

  std::optional<Change> Upsert(const core::Event& e) {
    auto key = std::make_tuple(core::AccountOf(e), core::TypeOf(e), core::IdOf(e));
    auto it = rows_.find(key);
    if (it != rows_.end() && core::UpdatedAtOf(it->second) >= core::UpdatedAtOf(e)) {
      return std::nullopt;
    }
    Change change{it == rows_.end() ? std::nullopt : std::optional<core::Event>(it->second), e};
    rows_[key] = e;
    return change;
  }

  std::optional<core::Order> FindOrder(const std::string& account, const std::string& id) const {
    auto it = rows_.find(std::make_tuple(account, core::EventType::kOrder, id));
    if (it == rows_.end()) return std::nullopt;
    return std::get<core::Order>(it->second);
  }

  std::vector<core::Event> Events(const std::string& account) const {
    std::vector<core::Event> out;
    for (const auto& [key, e] : rows_)
      if (std::get<0>(key) == account) out.push_back(e);
    return out;
  }

 private:
  std::map<std::tuple<std::string, core::EventType, std::string>, core::Event> rows_;
};

}  // namespace sellerwatch::test
