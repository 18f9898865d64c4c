#include "bench_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <variant>

#include "bench_report.hpp"

namespace sellerwatch::bench {
namespace {

using std::chrono::hours;
using std::chrono::minutes;
constexpr core::Duration kDay = core::kDay;

std::uint64_t Mix(std::uint64_t a, std::uint64_t b) {
  Rng r(a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2)));
  return r.Next();
}

Rng OrderRng(const Scale& scale, int account, int day, int index) {
  std::uint64_t h = Mix(scale.seed, static_cast<std::uint64_t>(account));
  h = Mix(h, static_cast<std::uint64_t>(day));
  return Rng(Mix(h, static_cast<std::uint64_t>(index)));
}

std::string Suffix(int day, int index) { return fmt::format("{}-{}", day, index); }

}  // namespace

std::uint64_t Rng::Next() {
  std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::int64_t Rng::Range(std::int64_t lo, std::int64_t hi) {
  auto span = static_cast<std::uint64_t>(hi - lo) + 1;
  return lo + static_cast<std::int64_t>(Next() % span);
}

Scale ScaleFromFlags(int argc, char** argv, int accounts) {
  Scale scale;
  scale.accounts = std::stoi(Flag(argc, argv, "accounts", std::to_string(accounts)));
  scale.days = std::stoi(Flag(argc, argv, "days", std::to_string(scale.days)));
  scale.orders_per_day =
      std::stoi(Flag(argc, argv, "orders-per-day", std::to_string(scale.orders_per_day)));
  return scale;
}

core::Timestamp BenchNow() {
  using namespace std::chrono;
  return core::Timestamp(sys_days(year(2026) / November / 1)) + hours(13) + minutes(37);
}

std::string AccountName(int index) { return fmt::format("acct-{:05d}", index); }

void GenerateOrder(const Scale& scale, int account, int day, int index, core::Timestamp now,
                   std::vector<core::Event>& out) {
  Rng r = OrderRng(scale, account, day, index);
  const std::string name = AccountName(account);
  const core::Timestamp start = now - scale.days * kDay;

  core::Order o;
  o.account = name;
  o.id = "o" + Suffix(day, index);
  o.purchased_at = start + day * kDay + r.Between(core::Duration(0), kDay - core::Duration(1));
  o.fulfillment = r.Chance(0.9) ? core::Fulfillment::kMerchant : core::Fulfillment::kPlatform;
  o.ship_by = o.purchased_at + hours(48);
  o.status = core::OrderStatus::kUnshipped;
  o.updated_at = o.purchased_at;
  if (r.Chance(0.015)) {
    o.status = core::OrderStatus::kCancelled;
    o.cancelled_at = o.purchased_at + r.Between(minutes(5), hours(20));
    double who = r.Unit();
    if (who < 0.6) {
      o.cancel_initiator = core::CancelInitiator::kBuyer;
    } else if (who < 0.9) {
      o.cancel_initiator = core::CancelInitiator::kSeller;
    }  // else: the marketplace did not say (counts as unknown)
    if (*o.cancelled_at > now) o.cancelled_at = now;
    o.updated_at = *o.cancelled_at;
  } else {
    // About 3 % ship after the 48 h ship-by.
    core::Timestamp shipped = o.purchased_at + r.Between(hours(2), hours(49) + minutes(30));
    if (shipped < now) {
      o.status = core::OrderStatus::kShipped;
      o.shipped_at = shipped;
      o.tracking_valid = r.Chance(0.97);
      o.deliver_by = o.purchased_at + 7 * kDay;
      o.updated_at = shipped;
      core::Timestamp delivered = shipped + r.Between(kDay, 6 * kDay + hours(12));
      if (delivered < now) {
        o.status = core::OrderStatus::kDelivered;
        o.delivered_at = delivered;
        o.updated_at = delivered;
      }
    }
  }
  out.push_back(o);

  if (r.Chance(0.05)) {
    core::Feedback f;
    f.account = name;
    f.id = "f" + Suffix(day, index);
    f.order_id = o.id;
    f.received_at = o.purchased_at + r.Between(2 * kDay, 12 * kDay);
    f.rating = r.Chance(0.15) ? static_cast<int>(r.Range(1, 2)) : static_cast<int>(r.Range(3, 5));
    f.removed = r.Chance(0.03);
    f.updated_at = f.received_at;
    if (f.received_at < now) out.push_back(f);
  }
  if (r.Chance(0.005)) {
    core::Claim c;
    c.account = name;
    c.id = "c" + Suffix(day, index);
    c.order_id = o.id;
    c.opened_at = o.purchased_at + r.Between(3 * kDay, 20 * kDay);
    double kind = r.Unit();
    c.kind = kind < 0.5    ? core::ClaimKind::kAToZ
             : kind < 0.7  ? core::ClaimKind::kChargeback
             : kind < 0.85 ? core::ClaimKind::kDispute
                           : core::ClaimKind::kReturn;
    double status = r.Unit();
    c.status = status < 0.5 ? "open" : status < 0.8 ? "closed" : "denied";
    c.updated_at = c.opened_at;
    if (c.opened_at < now) out.push_back(c);
  }
  if (r.Chance(0.10)) {
    core::Message m;
    m.account = name;
    m.id = "m" + Suffix(day, index);
    m.thread = "t" + Suffix(day, index);
    m.order_id = o.id;
    m.received_at = o.purchased_at + r.Between(core::Duration(0), 4 * kDay);
    m.updated_at = m.received_at;
    if (r.Chance(0.95)) {
      // About 8 % of replies take longer than 24 h.
      core::Timestamp reply = m.received_at + r.Between(minutes(5), hours(26));
      if (reply < now) {
        m.replied_at = reply;
        m.updated_at = reply;
      }
    }
    if (m.received_at < now) out.push_back(m);
  }
}

std::vector<core::Event> GenerateAccount(const Scale& scale, int account, core::Timestamp now) {
  std::vector<core::Event> out;
  out.reserve(static_cast<std::size_t>(scale.days * scale.orders_per_day) * 12 / 10);
  for (int day = 0; day < scale.days; ++day) {
    for (int i = 0; i < scale.orders_per_day; ++i) GenerateOrder(scale, account, day, i, now, out);
  }
  return out;
}

core::ParsedEvent WithPayload(core::Event e) {
  std::string payload = core::EncodeEvent(e);
  return core::ParsedEvent{std::move(e), std::move(payload)};
}

std::vector<core::ParsedEvent> IncrementalBatch(const Scale& scale, int cycle,
                                                core::Timestamp now) {
  Rng r(Mix(scale.seed ^ 0xbe9c4, static_cast<std::uint64_t>(cycle)));
  std::vector<core::ParsedEvent> out;
  out.reserve(static_cast<std::size_t>(scale.incremental_events));
  const int recent_days = std::min(scale.days, 3);
  for (int k = 0; k < scale.incremental_events; ++k) {
    const int account = static_cast<int>(r.Range(0, scale.accounts - 1));
    const std::string name = AccountName(account);
    const std::string suffix = fmt::format("n{}-{}", cycle, k);
    const double kind = r.Unit();
    // An existing order of the last few days, as generated (its stored version may be newer
    // from an earlier cycle; this one is newer still).
    auto existing = [&](int within_days) {
      std::vector<core::Event> events;
      int day = scale.days - 1 - static_cast<int>(r.Range(0, within_days - 1));
      int index = static_cast<int>(r.Range(0, scale.orders_per_day - 1));
      GenerateOrder(scale, account, day, index, now, events);
      return events;
    };
    if (kind < 0.35) {  // a new order
      core::Order o;
      o.account = name;
      o.id = "o" + suffix;
      o.purchased_at = now - r.Between(minutes(1), hours(2));
      o.status = core::OrderStatus::kUnshipped;
      o.ship_by = o.purchased_at + hours(48);
      o.updated_at = now;
      out.push_back(WithPayload(o));
    } else if (kind < 0.60) {  // a recent order ships, is delivered or is cancelled
      core::Order o = std::get<core::Order>(existing(recent_days).front());
      double what = r.Unit();
      if (what < 0.1) {
        o.status = core::OrderStatus::kCancelled;
        o.cancelled_at = now;
        o.cancel_initiator = core::CancelInitiator::kSeller;
        o.shipped_at.reset();
        o.delivered_at.reset();
      } else if (!o.shipped_at || what < 0.4) {
        o.status = core::OrderStatus::kShipped;
        o.shipped_at = now - r.Between(minutes(1), hours(1));
        o.tracking_valid = r.Chance(0.97);
        o.deliver_by = o.purchased_at + 7 * kDay;
        o.delivered_at.reset();
      } else {
        o.status = core::OrderStatus::kDelivered;
        o.delivered_at = now;
      }
      o.updated_at = now;
      out.push_back(WithPayload(o));
    } else if (kind < 0.75) {  // feedback on an order of the last month; a third negative
      core::Order o = std::get<core::Order>(existing(std::min(scale.days, 30)).front());
      core::Feedback f;
      f.account = name;
      f.id = "f" + suffix;
      f.order_id = o.id;
      f.rating = r.Chance(0.33) ? 1 : 5;
      f.received_at = now - r.Between(minutes(1), hours(1));
      f.updated_at = now;
      out.push_back(WithPayload(f));
    } else if (kind < 0.80) {  // a claim
      core::Order o = std::get<core::Order>(existing(std::min(scale.days, 30)).front());
      core::Claim c;
      c.account = name;
      c.id = "c" + suffix;
      c.order_id = o.id;
      c.kind = r.Chance(0.5) ? core::ClaimKind::kAToZ : core::ClaimKind::kDispute;
      c.opened_at = now - r.Between(minutes(1), hours(1));
      c.status = "open";
      c.updated_at = now;
      out.push_back(WithPayload(c));
    } else if (kind < 0.90) {  // a new buyer message
      core::Message m;
      m.account = name;
      m.id = "m" + suffix;
      m.thread = "t" + suffix;
      m.received_at = now - r.Between(minutes(1), hours(3));
      m.updated_at = now;
      out.push_back(WithPayload(m));
    } else {  // a reply to a message about a recent order, or a message about it
      std::vector<core::Event> events = existing(recent_days);
      core::Message m;
      m.account = name;
      m.id = "m" + suffix;
      m.thread = "t" + suffix;
      m.received_at = now - hours(5);
      for (const auto& e : events) {
        if (const auto* found = std::get_if<core::Message>(&e)) m = *found;
      }
      m.replied_at = now - r.Between(core::Duration(0), minutes(5));
      if (*m.replied_at < m.received_at) m.replied_at = m.received_at;
      m.updated_at = now;
      out.push_back(WithPayload(m));
    }
  }
  return out;
}

WrittenEvents WriteJsonl(const Scale& scale, core::Timestamp now,
                         const std::filesystem::path& file) {
  WrittenEvents written;
  std::ofstream out(file, std::ios::binary);
  for (int a = 0; a < scale.accounts; ++a) {
    for (const auto& e : GenerateAccount(scale, a, now)) {
      written.orders += std::holds_alternative<core::Order>(e);
      ++written.events;
      out << core::EncodeEvent(e) << '\n';
    }
  }
  return written;
}

}  // namespace sellerwatch::bench
