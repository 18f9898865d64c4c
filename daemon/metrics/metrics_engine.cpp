// How the engine stays exact whatever order changes arrive in:
// - Every event version files its contributions (contribution.hpp) into the account's
//   DayBuckets; Apply removes the `before` version's and adds the `after` version's.
// - An order's marks (negative feedback, defect claim, dispute) are counted per order id from
//   the feedback and claim versions, and the counters they add are filed as an entry of their
//   own at the order's purchased_at. A flip of marks moves only that entry; the order is looked
//   up (OrderLookup) just to learn its purchased_at when the engine does not know it yet. So
//   feedback before its order (filed when the order arrives), an order before its feedback
//   (looked up), and a lookup that already sees a later version of the order than the engine
//   has applied (the entry follows the order when that version is applied) all converge.
#include "metrics/metrics_engine.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "core/event_json.hpp"
#include "metrics/contribution.hpp"
#include "metrics/day_buckets.hpp"
#include "metrics/forecast.hpp"
#include "metrics/open_items.hpp"
#include "metrics/snapshot_codec.hpp"

namespace sellerwatch::metrics {
namespace {

using core::Timestamp;
constexpr core::Duration kDay = core::kDay;
// Longest window (60 days) + 30 days, as the store's event retention.
constexpr core::Duration kRetention = 90 * kDay;

// The window metrics ComputeAllMetrics returns.
enum class WindowMetric {
  kOrderDefectRate,
  kNegativeFeedbackRate,
  kCancellationRate,
  kLateShipmentRate,
  kValidTrackingRate,
  kOnTimeDeliveryRate,
  kResponseWithin24hRate,
  kResponseTimeP90,
  kNegativeFeedbackCount,
  kDisputeRate,
  kDisputeEscalationRate,
  kSellerResponsibleDisputeRate,
  kSellerFaultCancelCount,
};

std::optional<WindowMetric> WindowMetricOf(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, WindowMetric>, 14> kNames{{
      {"order_defect_rate", WindowMetric::kOrderDefectRate},
      {"negative_feedback_rate", WindowMetric::kNegativeFeedbackRate},
      {"cancellation_rate", WindowMetric::kCancellationRate},
      {"late_shipment_rate_10d", WindowMetric::kLateShipmentRate},
      {"late_shipment_rate_30d", WindowMetric::kLateShipmentRate},
      {"valid_tracking_rate", WindowMetric::kValidTrackingRate},
      {"on_time_delivery_rate", WindowMetric::kOnTimeDeliveryRate},
      {"response_within_24h_rate", WindowMetric::kResponseWithin24hRate},
      {"response_time_p90", WindowMetric::kResponseTimeP90},
      {"negative_feedback_count_7d", WindowMetric::kNegativeFeedbackCount},
      {"dispute_rate", WindowMetric::kDisputeRate},
      {"dispute_escalation_rate", WindowMetric::kDisputeEscalationRate},
      {"seller_responsible_dispute_rate", WindowMetric::kSellerResponsibleDisputeRate},
      {"seller_fault_cancel_count", WindowMetric::kSellerFaultCancelCount},
  }};
  for (const auto& [n, m] : kNames)
    if (n == name) return m;
  return std::nullopt;
}

// Messages received in [now − 24 h, now) whose standing at `now` differs from their counters:
// a reply within 24 h that is still in the future is not known yet, and a message without a
// known reply is not overdue yet — both stay out of response_within_24h_rate. (Older messages
// are settled: a reply within 24 h of one received before now − 24 h is already in the past.)
struct YoungMessages {
  std::int32_t reply_not_known = 0;  // kRepliedWithin24h, reply after now
  std::int32_t not_within = 0;       // kNotWithin24h: late or no reply, SLA still open
};

YoungMessages YoungMessagesAt(const DayBuckets& buckets, Timestamp now) {
  YoungMessages out;
  buckets.ForEachMessage(now - kDay, now,
                         [&](Timestamp received, const std::optional<core::Duration>& latency) {
                           bool within = latency && *latency <= kDay;
                           if (!within) {
                             ++out.not_within;
                           } else if (received + *latency > now) {
                             ++out.reply_not_known;
                           }
                         });
  return out;
}

// Numerator and denominator of a rate metric from a window's counters, evaluated at `now`.
// `young` must cover the messages of [now − 24 h, now) when the window does (always here: every
// window starting at or before now − 24 h).
// The counters a metric's numerator and denominator are made of.
CounterMask CountersOf(WindowMetric m) {
  switch (m) {
    case WindowMetric::kOrderDefectRate:
      return Bit(kDefectOrders) | Bit(kOrders);
    case WindowMetric::kNegativeFeedbackRate:
      return Bit(kNegativeFeedbackOrders) | Bit(kOrders);
    case WindowMetric::kCancellationRate:
      return Bit(kSellerCancelled) | Bit(kMerchantOrders);
    case WindowMetric::kLateShipmentRate:
      return Bit(kLate) | Bit(kDue);
    case WindowMetric::kValidTrackingRate:
      return Bit(kTracked) | Bit(kShipped);
    case WindowMetric::kOnTimeDeliveryRate:
      return Bit(kDeliveredOnTime) | Bit(kDeliveryEligible);
    case WindowMetric::kResponseWithin24hRate:
      return Bit(kRepliedWithin24h) | Bit(kNotWithin24h);
    case WindowMetric::kDisputeRate:
      return Bit(kDisputesOpened) | Bit(kConfirmedOrders);
    case WindowMetric::kDisputeEscalationRate:
      return Bit(kDisputesEscalated) | Bit(kDisputesOpened) | Bit(kConfirmedOrders);
    case WindowMetric::kSellerResponsibleDisputeRate:
      return Bit(kDisputesAgainstSeller) | Bit(kShipped);
    case WindowMetric::kResponseTimeP90:
      return Bit(kMessages);
    case WindowMetric::kNegativeFeedbackCount:
      return Bit(kNegativeFeedback);
    case WindowMetric::kSellerFaultCancelCount:
      return Bit(kSellerFaultCloses);
  }
  return kAllCounters;
}

RateParts PartsOf(WindowMetric m, const Counters& c, const YoungMessages& young) {
  auto parts = [](std::int32_t numerator, std::int32_t denominator) {
    return RateParts{static_cast<double>(numerator), static_cast<double>(denominator)};
  };
  switch (m) {
    case WindowMetric::kOrderDefectRate:
      return parts(c[kDefectOrders], c[kOrders]);
    case WindowMetric::kNegativeFeedbackRate:
      return parts(c[kNegativeFeedbackOrders], c[kOrders]);
    case WindowMetric::kCancellationRate:
      return parts(c[kSellerCancelled], c[kMerchantOrders]);
    case WindowMetric::kLateShipmentRate:
      return parts(c[kLate], c[kDue]);
    case WindowMetric::kValidTrackingRate:
      return parts(c[kTracked], c[kShipped]);
    case WindowMetric::kOnTimeDeliveryRate:
      return parts(c[kDeliveredOnTime], c[kDeliveryEligible]);
    case WindowMetric::kResponseWithin24hRate: {
      std::int32_t within = c[kRepliedWithin24h] - young.reply_not_known;
      return parts(within, within + c[kNotWithin24h] - young.not_within);
    }
    case WindowMetric::kDisputeRate:
      return parts(c[kDisputesOpened], c[kConfirmedOrders] + c[kDisputesOpened]);
    case WindowMetric::kDisputeEscalationRate:
      return parts(c[kDisputesEscalated], c[kConfirmedOrders] + c[kDisputesOpened]);
    case WindowMetric::kSellerResponsibleDisputeRate:
      return parts(c[kDisputesAgainstSeller], c[kShipped]);
    case WindowMetric::kResponseTimeP90:
    case WindowMetric::kNegativeFeedbackCount:
    case WindowMetric::kSellerFaultCancelCount:
      break;
  }
  return {};
}

bool IsRate(WindowMetric m) {
  return m != WindowMetric::kResponseTimeP90 && m != WindowMetric::kNegativeFeedbackCount &&
         m != WindowMetric::kSellerFaultCancelCount;
}

// The counter a count metric is.
std::optional<Counter> CountOf(WindowMetric m) {
  if (m == WindowMetric::kNegativeFeedbackCount) return kNegativeFeedback;
  if (m == WindowMetric::kSellerFaultCancelCount) return kSellerFaultCloses;
  return std::nullopt;
}

MetricValue RateValue(const core::MetricInfo& info, RateParts p) {
  MetricValue v{info, p.numerator, p.denominator, std::nullopt};
  if (p.denominator > 0) v.value = p.numerator / p.denominator;
  return v;
}

// Nearest-rank 90th percentile of reply latency over messages received in [from, now); a
// message without a reply known at `now` counts with now − received_at (as the reference).
MetricValue ResponseTimeP90(const core::MetricInfo& info, const DayBuckets& buckets, Timestamp from,
                            Timestamp now) {
  thread_local std::vector<std::int64_t> latencies;
  latencies.clear();
  buckets.ForEachMessage(from, now,
                         [&](Timestamp received, const std::optional<core::Duration>& latency) {
                           Timestamp end = now;
                           if (latency && received + *latency <= now) end = received + *latency;
                           latencies.push_back((end - received).count());
                         });
  MetricValue v{info, std::nullopt, static_cast<double>(latencies.size()), std::nullopt};
  if (latencies.empty()) return v;
  auto rank = static_cast<std::size_t>(std::ceil(0.9 * static_cast<double>(latencies.size())));
  auto nth = latencies.begin() + static_cast<std::ptrdiff_t>(rank - 1);
  std::nth_element(latencies.begin(), nth, latencies.end());
  v.value = std::chrono::duration<double>(core::Duration(*nth)).count();
  return v;
}

// The marks held against one order, and where the counters they add are filed.
struct OrderMarkState {
  MarkCounts counts;
  std::optional<Timestamp> filed_at;  // the order's purchased_at, once the order is known
  Timestamp latest;                   // latest reference time of a mark event (retention)
};

struct AccountState {
  DayBuckets buckets;
  // Only orders that have marks; an order without any needs no entry.
  std::unordered_map<std::string, OrderMarkState> marks;
  OpenItems open;
  // The latest value of each platform.* metric the marketplace reported.
  std::map<std::string, core::PlatformValue, std::less<>> platform;
  std::uint64_t stamp = 0;  // MetricsEngine::ChangeStamp

  bool empty() const {
    return buckets.empty() && marks.empty() && open.empty() && platform.empty();
  }
};

}  // namespace

struct MetricsEngine::Impl {
  OrderLookup lookup;
  std::unordered_map<std::string, AccountState> accounts;
  std::int64_t floor_day = INT64_MIN;
  std::size_t missed_removals = 0;
  std::uint64_t last_stamp = 0;

  const AccountState* Find(const std::string& account) const {
    auto it = accounts.find(account);
    return it == accounts.end() ? nullptr : &it->second;
  }
  AccountState& StateOf(const std::string& account) {
    auto [it, inserted] = accounts.try_emplace(account);
    if (inserted) it->second.buckets.DropBefore(floor_day);
    return it->second;
  }
  void Removed(bool found) {
    if (!found) ++missed_removals;
  }

  void Apply(AccountState& s, const std::string&, const core::Order* before,
             const core::Order& after) {
    if (before) {
      for (const Contribution& c : ContributionOf(*before)) Removed(s.buckets.Remove(c));
    }
    for (const Contribution& c : ContributionOf(after)) s.buckets.Add(c);
    s.open.Update(before, after);
    // Its marks' entry follows the order to its (possibly corrected) purchase time.
    auto it = s.marks.find(after.id);
    if (it == s.marks.end() || it->second.filed_at == after.purchased_at) return;
    OrderMarkState& m = it->second;
    CounterMask mask = MarksMask(m.counts);
    if (m.filed_at) Removed(s.buckets.Remove(Contribution{*m.filed_at, mask}));
    s.buckets.Add(Contribution{after.purchased_at, mask});
    m.filed_at = after.purchased_at;
  }

  void Apply(AccountState& s, const std::string& account, const core::Feedback* before,
             const core::Feedback& after) {
    if (before) {
      if (auto c = ContributionOf(*before)) Removed(s.buckets.Remove(*c));
    }
    if (auto c = ContributionOf(after)) s.buckets.Add(*c);
    ChangeMarks(s, account, before ? before->order_id : std::string(),
                before ? MarksOf(*before) : MarkCounts{}, after.order_id, MarksOf(after),
                after.received_at);
  }

  void Apply(AccountState& s, const std::string& account, const core::Claim* before,
             const core::Claim& after) {
    if (before) {
      for (const Contribution& c : ContributionOf(*before)) Removed(s.buckets.Remove(c));
    }
    for (const Contribution& c : ContributionOf(after)) s.buckets.Add(c);
    s.open.Update(before, after);
    ChangeMarks(s, account, before ? before->order_id : std::string(),
                before ? MarksOf(*before) : MarkCounts{}, after.order_id, MarksOf(after),
                after.opened_at);
  }

  void Apply(AccountState& s, const std::string&, const core::PlatformValue*,
             const core::PlatformValue& after) {
    auto [it, inserted] = s.platform.try_emplace(after.id, after);
    if (!inserted && after.reported_at >= it->second.reported_at) it->second = after;
  }

  void Apply(AccountState& s, const std::string&, const core::Message* before,
             const core::Message& after) {
    if (before) Removed(s.buckets.Remove(ContributionOf(*before)));
    s.buckets.Add(ContributionOf(after));
    s.open.Update(before, after);
  }

  void ChangeMarks(AccountState& s, const std::string& account, const std::string& old_order,
                   const MarkCounts& old_marks, const std::string& new_order,
                   const MarkCounts& new_marks, Timestamp ref) {
    auto negate = [](MarkCounts m) { return MarkCounts{-m.negative_feedback, -m.defect_claims}; };
    if (old_order == new_order) {
      MarkCounts delta = new_marks;
      delta += negate(old_marks);
      AdjustMarks(s, account, new_order, delta, ref);
    } else {
      AdjustMarks(s, account, old_order, negate(old_marks), ref);
      AdjustMarks(s, account, new_order, new_marks, ref);
    }
  }

  // Adds `delta` to an order's mark counts; when that flips a mark, moves the order's mark
  // entry. An order seen for the first time with marks is looked up for its purchase time; one
  // not stored yet is filed when it arrives (Apply of the order).
  void AdjustMarks(AccountState& s, const std::string& account, const std::string& order_id,
                   const MarkCounts& delta, Timestamp ref) {
    if (order_id.empty() || delta.empty()) return;
    auto [it, inserted] = s.marks.try_emplace(order_id);
    OrderMarkState& m = it->second;
    m.latest = inserted ? ref : std::max(m.latest, ref);
    CounterMask old_mask = MarksMask(m.counts);
    m.counts += delta;
    // A change for a mark forgotten by retention must not go negative.
    m.counts.negative_feedback = std::max(m.counts.negative_feedback, 0);
    m.counts.defect_claims = std::max(m.counts.defect_claims, 0);
    CounterMask new_mask = MarksMask(m.counts);
    if (old_mask != new_mask) {
      if (m.filed_at) {
        if (old_mask != 0) Removed(s.buckets.Remove(Contribution{*m.filed_at, old_mask}));
      } else if (new_mask != 0 && lookup) {
        if (auto purchased = lookup(account, order_id)) m.filed_at = *purchased;
      }
      if (m.filed_at && new_mask != 0) s.buckets.Add(Contribution{*m.filed_at, new_mask});
    }
    if (new_mask == 0) s.marks.erase(it);
  }
};

MetricsEngine::MetricsEngine(OrderLookup lookup) : impl_(std::make_unique<Impl>()) {
  impl_->lookup = std::move(lookup);
}

MetricsEngine::~MetricsEngine() = default;

void MetricsEngine::LoadAccount(const std::string& account, std::span<const core::Event> events) {
  AccountState fresh;
  std::vector<Contribution> items;
  std::vector<MessageContribution> messages;
  items.reserve(events.size() * 3);
  // Marks first, so that each order is filed with them in the second pass.
  for (const core::Event& e : events) {
    auto add_marks = [&fresh](const std::string& order_id, MarkCounts marks, Timestamp ref) {
      if (order_id.empty() || marks.empty()) return;
      auto [it, inserted] = fresh.marks.try_emplace(order_id);
      it->second.counts += marks;
      it->second.latest = inserted ? ref : std::max(it->second.latest, ref);
    };
    if (const auto* f = std::get_if<core::Feedback>(&e)) {
      if (auto c = ContributionOf(*f)) items.push_back(*c);
      add_marks(f->order_id, MarksOf(*f), f->received_at);
    } else if (const auto* c = std::get_if<core::Claim>(&e)) {
      for (const Contribution& own : ContributionOf(*c)) items.push_back(own);
      fresh.open.Update(nullptr, *c);
      add_marks(c->order_id, MarksOf(*c), c->opened_at);
    } else if (const auto* m = std::get_if<core::Message>(&e)) {
      messages.push_back(ContributionOf(*m));
      fresh.open.Update(nullptr, *m);
    } else if (const auto* p = std::get_if<core::PlatformValue>(&e)) {
      impl_->Apply(fresh, account, nullptr, *p);
    }
  }
  for (const core::Event& e : events) {
    const auto* o = std::get_if<core::Order>(&e);
    if (!o) continue;
    for (const Contribution& c : ContributionOf(*o)) items.push_back(c);
    fresh.open.Update(nullptr, *o);
    auto it = fresh.marks.find(o->id);
    if (it != fresh.marks.end() && !it->second.filed_at) {
      it->second.filed_at = o->purchased_at;
      items.push_back({o->purchased_at, MarksMask(it->second.counts)});
    }
  }
  fresh.buckets = DayBuckets::Build(std::move(items), std::move(messages), impl_->floor_day);
  fresh.stamp = ++impl_->last_stamp;
  impl_->accounts.insert_or_assign(account, std::move(fresh));
}

void MetricsEngine::Apply(const std::optional<core::Event>& before, const core::Event& after) {
  const std::string& account = core::AccountOf(after);
  AccountState& state = impl_->StateOf(account);
  state.stamp = ++impl_->last_stamp;
  std::visit(
      [&](const auto& a) {
        using T = std::decay_t<decltype(a)>;
        const T* b = before ? std::get_if<T>(&*before) : nullptr;
        impl_->Apply(state, account, b, a);
      },
      after);
}

std::vector<MetricValue> MetricsEngine::Compute(const std::string& account,
                                                core::Timestamp now) const {
  static const AccountState kNoEvents;
  const AccountState* found = impl_->Find(account);
  const AccountState& s = found ? *found : kNoEvents;

  // Each distinct window is summed once.
  std::array<std::pair<int, Counters>, 4> sums{};
  std::size_t sum_count = 0;
  auto window = [&](int days) -> const Counters& {
    for (std::size_t i = 0; i < sum_count; ++i)
      if (sums[i].first == days) return sums[i].second;
    std::pair<int, Counters>& slot = sums[std::min(sum_count, sums.size() - 1)];
    sum_count = std::min(sum_count + 1, sums.size());
    slot = {days, s.buckets.Sum(now - days * kDay, now)};
    return slot.second;
  };
  const YoungMessages young = YoungMessagesAt(s.buckets, now);

  std::vector<MetricValue> out;
  out.reserve(core::AllMetrics().size());
  for (const core::MetricInfo& info : core::AllMetrics()) {
    auto metric = WindowMetricOf(info.name);
    if (!metric) continue;
    if (*metric == WindowMetric::kResponseTimeP90) {
      out.push_back(ResponseTimeP90(info, s.buckets, now - info.window_days * kDay, now));
    } else if (auto counter = CountOf(*metric)) {
      double n = window(info.window_days)[*counter];
      out.push_back(MetricValue{info, std::nullopt, n, n});
    } else {
      out.push_back(RateValue(info, PartsOf(*metric, window(info.window_days), young)));
    }
  }
  return out;
}

std::optional<Forecast> MetricsEngine::ForecastRate(
    const std::string& account, std::string_view metric, core::Direction direction,
    std::optional<double> warn, std::optional<double> critical, core::Timestamp now,
    int horizon_days, const ForecastModel& model) const {
  auto info = core::FindMetric(metric);
  if (!info || info->unit != core::MetricUnit::kRate || info->window_days <= 0) return std::nullopt;
  auto which = WindowMetricOf(info->name);
  if (!which || !IsRate(*which)) return std::nullopt;
  const AccountState* s = impl_->Find(account);
  if (!s) return std::nullopt;

  const int window_days = info->window_days;
  // Every range below ends at now and starts at or before now − 1 day, so the young messages
  // are all inside.
  YoungMessages young;
  if (*which == WindowMetric::kResponseWithin24hRate) young = YoungMessagesAt(s->buckets, now);
  const CounterMask wanted = CountersOf(*which);
  auto parts = [&](const Counters& c) { return PartsOf(*which, c, young); };

  // The daily history: ranges [now − (B − k) days, now) for k = 0..B, differenced.
  const int settle_days = SettleDays(info->name);
  const int history_days = std::max({model.baseline_days, settle_days, 1});
  std::vector<Counters> tails =
      s->buckets.SlidingSums(now - history_days * kDay, now, history_days + 1, wanted);
  std::vector<RateParts> daily(static_cast<std::size_t>(history_days));
  for (int j = 0; j < history_days; ++j) {
    RateParts from = parts(tails[static_cast<std::size_t>(history_days - 1 - j)]);
    RateParts to = j == 0 ? RateParts{} : parts(tails[static_cast<std::size_t>(history_days - j)]);
    daily[static_cast<std::size_t>(j)] = {from.numerator - to.numerator,
                                          from.denominator - to.denominator};
  }
  const int horizon = std::max(horizon_days, 0);
  const Inflow inflow = EstimateInflow(daily, direction, model, horizon, settle_days, window_days);

  // known[d − 1]: the events in [now + d − N days, now), i.e. today's window less those that
  // have left it by day d; nothing known is left from d = N on.
  const int known_days = std::clamp(window_days - 1, 0, horizon);
  std::vector<Counters> windows =
      s->buckets.SlidingSums(now - window_days * kDay, now, known_days + 1, wanted);
  std::vector<RateParts> known(static_cast<std::size_t>(horizon));
  for (int d = 1; d <= known_days; ++d) {
    known[static_cast<std::size_t>(d - 1)] = parts(windows[static_cast<std::size_t>(d)]);
  }
  Forecast out = ProjectRate(known, inflow, window_days, direction, warn, critical, model);

  // What leaves the window within the probability's horizon.
  const int within = std::min(model.within_days, horizon);
  if (within > 0) {
    const RateParts today = parts(windows[0]);
    const RateParts then = known[static_cast<std::size_t>(within - 1)];
    auto bad = [direction](const RateParts& p) {
      return direction == core::Direction::kAbove ? p.numerator : p.denominator - p.numerator;
    };
    out.leaving_total = today.denominator - then.denominator;
    out.leaving_bad = bad(today) - bad(then);
  }
  return out;
}

std::vector<AtRiskItem> MetricsEngine::ShipDeadlinesAtRisk(const std::string& account,
                                                           core::Timestamp now,
                                                           core::Duration lead) const {
  const AccountState* s = impl_->Find(account);
  if (!s) return {};
  return s->open.ShipDeadlines(now, now + lead);
}

std::vector<AtRiskItem> MetricsEngine::RepliesAtRisk(const std::string& account,
                                                     core::Timestamp now,
                                                     core::Duration lead) const {
  const AccountState* s = impl_->Find(account);
  if (!s) return {};
  // received_at <= now − lead and received_at + 24 h > now: now < deadline <= now − lead + 24 h.
  return s->open.ReplyDeadlines(now, now - lead + kDay);
}

std::vector<AtRiskItem> MetricsEngine::DisputeDeadlinesAtRisk(const std::string& account,
                                                              core::Timestamp now,
                                                              core::Duration lead) const {
  const AccountState* s = impl_->Find(account);
  if (!s) return {};
  return s->open.DisputeDeadlines(now, now + lead);
}

double MetricsEngine::NegativeFeedbackBetween(const std::string& account, core::Timestamp from,
                                              core::Timestamp to) const {
  const AccountState* s = impl_->Find(account);
  if (!s) return 0;
  return s->buckets.Sum(from, to)[kNegativeFeedback];
}

std::size_t MetricsEngine::MemoryBytes(const std::string& account) const {
  auto it = impl_->accounts.find(account);
  if (it == impl_->accounts.end()) return 0;
  const AccountState& s = it->second;
  // Hash node: next pointer, cached hash, key and value, allocator header.
  constexpr std::size_t kMarkNode =
      2 * sizeof(void*) + sizeof(std::pair<const std::string, OrderMarkState>) + 16;
  std::size_t bytes = sizeof(std::pair<const std::string, AccountState>) + 16 +
                      s.buckets.MemoryBytes() + s.open.MemoryBytes() +
                      s.marks.bucket_count() * sizeof(void*) + s.marks.size() * kMarkNode;
  for (const auto& [id, marks] : s.marks) {
    if (id.capacity() > 15) bytes += id.capacity() + 1;
  }
  if (it->first.capacity() > 15) bytes += it->first.capacity() + 1;
  return bytes;
}

void MetricsEngine::Prune(core::Timestamp now) {
  const Timestamp cutoff = now - kRetention;
  impl_->floor_day = std::max(impl_->floor_day, DayBuckets::DayOf(cutoff));
  for (auto it = impl_->accounts.begin(); it != impl_->accounts.end();) {
    AccountState& s = it->second;
    s.stamp = ++impl_->last_stamp;
    s.buckets.DropBefore(impl_->floor_day);
    s.open.DropBefore(cutoff);
    std::erase_if(s.platform, [&](const auto& entry) { return entry.second.reported_at < cutoff; });
    std::erase_if(s.marks, [&](const auto& entry) {
      const OrderMarkState& m = entry.second;
      if (m.latest >= cutoff) return false;
      // Feedback and claims this old are gone from the store too; so goes what they added.
      if (m.filed_at) s.buckets.Remove(Contribution{*m.filed_at, MarksMask(m.counts)});
      return true;
    });
    it = s.empty() ? impl_->accounts.erase(it) : std::next(it);
  }
}

std::optional<std::string> MetricsEngine::PlatformStatus(const std::string& account,
                                                         std::string_view metric) const {
  const AccountState* s = impl_->Find(account);
  if (!s) return std::nullopt;
  auto it = s->platform.find(metric);
  if (it == s->platform.end()) return std::nullopt;
  return it->second.value;
}

std::vector<core::PlatformValue> MetricsEngine::PlatformValues(const std::string& account) const {
  std::vector<core::PlatformValue> out;
  if (const AccountState* s = impl_->Find(account)) {
    for (const auto& [name, value] : s->platform) out.push_back(value);
  }
  return out;
}

std::size_t MetricsEngine::MissedRemovals() const { return impl_->missed_removals; }

std::string MetricsEngine::SaveAccount(const std::string& account) const {
  static const AccountState kNoEvents;
  const AccountState* found = impl_->Find(account);
  const AccountState& s = found ? *found : kNoEvents;
  SnapshotWriter out;
  out.Put(kSnapshotFormat);
  s.buckets.Save(out);
  out.Put<std::uint64_t>(s.marks.size());
  for (const auto& [order_id, m] : s.marks) {
    out.PutString(order_id);
    out.Put(m.counts);
    out.Put<std::uint8_t>(m.filed_at.has_value());
    out.Put(m.filed_at ? core::ToUnixMillis(*m.filed_at) : std::int64_t{0});
    out.Put(core::ToUnixMillis(m.latest));
  }
  s.open.Save(out);
  out.Put<std::uint64_t>(s.platform.size());
  for (const auto& [name, value] : s.platform) out.PutString(core::EncodeEvent(value));
  return out.Take();
}

bool MetricsEngine::RestoreAccount(const std::string& account, std::string_view bytes) {
  SnapshotReader in(bytes);
  std::uint32_t format = 0;
  if (!in.Get(format) || format != kSnapshotFormat) return false;
  AccountState s;
  if (!s.buckets.Restore(in)) return false;
  std::uint64_t marks = 0;
  if (!in.GetCount(marks, 33)) return false;
  s.marks.reserve(marks);
  for (std::uint64_t i = 0; i < marks; ++i) {
    std::string order_id;
    OrderMarkState m;
    std::uint8_t filed = 0;
    std::int64_t filed_at = 0;
    std::int64_t latest = 0;
    if (!in.GetString(order_id) || !in.Get(m.counts) || !in.Get(filed) || !in.Get(filed_at) ||
        !in.Get(latest)) {
      return false;
    }
    if (filed) m.filed_at = core::FromUnixMillis(filed_at);
    m.latest = core::FromUnixMillis(latest);
    s.marks.emplace(std::move(order_id), m);
  }
  if (!s.open.Restore(in)) return false;
  std::uint64_t platform = 0;
  if (!in.GetCount(platform, 8)) return false;
  for (std::uint64_t i = 0; i < platform; ++i) {
    std::string json;
    if (!in.GetString(json)) return false;
    auto event = core::DecodeEvent(json);
    if (!event) return false;
    const auto* value = std::get_if<core::PlatformValue>(&*event);
    if (!value) return false;
    s.platform.emplace(value->id, *value);
  }
  if (!in.ok() || !in.at_end()) return false;
  s.stamp = ++impl_->last_stamp;
  impl_->accounts.insert_or_assign(account, std::move(s));
  return true;
}

std::uint64_t MetricsEngine::ChangeStamp(const std::string& account) const {
  const AccountState* s = impl_->Find(account);
  return s ? s->stamp : 0;
}

void MetricsEngine::ForgetAccount(const std::string& account) { impl_->accounts.erase(account); }

}  // namespace sellerwatch::metrics
