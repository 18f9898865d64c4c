#include "early_warning/replay.hpp"

#include <chrono>
#include <string>
#include <unordered_map>
#include <utility>
#include <variant>

#include "metrics/account_events.hpp"
#include "metrics/headroom.hpp"
#include "metrics/window_metrics.hpp"

namespace sellerwatch::bench::early_warning {
namespace {

using core::Direction;
constexpr core::Duration kDay = core::kDay;
constexpr core::Duration kNoon = std::chrono::hours(12);
const std::string kAccount = "shop";

core::Timestamp Start() {
  using namespace std::chrono;
  return core::Timestamp(sys_days(year(2026) / January / 1));
}

// The simulator's store: the latest version of every event, and each change handed to the
// engine with the version it replaced, as the daemon's change feed does.
class Store {
 public:
  void Apply(metrics::MetricsEngine& engine, core::Event event) {
    std::string key = std::string(core::Name(core::TypeOf(event))) + "/" + core::IdOf(event);
    if (const auto* order = std::get_if<core::Order>(&event)) {
      purchased_[order->id] = order->purchased_at;
    }
    auto it = events_.find(key);
    std::optional<core::Event> before;
    if (it != events_.end()) before = it->second;
    engine.Apply(before, event);
    events_.insert_or_assign(std::move(key), std::move(event));
  }

  std::optional<core::Timestamp> PurchasedAt(const std::string& order_id) const {
    auto it = purchased_.find(order_id);
    if (it == purchased_.end()) return std::nullopt;
    return it->second;
  }

  std::vector<core::Event> All() const {
    std::vector<core::Event> out;
    out.reserve(events_.size());
    for (const auto& [key, event] : events_) out.push_back(event);
    return out;
  }

 private:
  std::unordered_map<std::string, core::Event> events_;
  std::unordered_map<std::string, core::Timestamp> purchased_;
};

const core::MetricValue* Find(const std::vector<core::MetricValue>& values, std::string_view name) {
  for (const auto& v : values) {
    if (v.info.name == name) return &v;
  }
  return nullptr;
}

bool AtOrOver(const core::MetricValue* v, double level) {
  return v && v->value && metrics::Breached(Direction::kAbove, *v->value, level);
}

// The sanity check's reference: the from-scratch formulas on the store's events.
bool ReferenceAtOrOver(const Store& store, const Watched& w, core::Timestamp now) {
  std::vector<core::Event> events = store.All();
  auto ref = metrics::ComputeMetric(w.metric, metrics::AccountEvents::From(events), now);
  return ref && ref->value && metrics::Breached(Direction::kAbove, *ref->value, w.critical);
}

// "Critical within within_days": what a forecast rule at the model's settings would fire on.
bool ForecastsCritical(const metrics::MetricsEngine& engine, const Watched& w, core::Timestamp now,
                       const metrics::ForecastModel& model) {
  auto f = engine.ForecastRate(kAccount, w.metric, Direction::kAbove, w.warn, w.critical, now,
                               kHorizonDays, model);
  return f && f->critical_in_days && *f->critical_in_days <= model.within_days;
}

// The drifting kind's daily probability `t` days after the drift's start.
double TrueOdds(const ShopScenario& s, int t) {
  const Odds odds = s.OnDay(s.warmup_days + t);
  switch (s.drift) {
    case Drift::kSellerCancel:
      return odds.seller_cancel;
    case Drift::kOrderDefect:
      return odds.defect;
    case Drift::kLateShipment:
    case Drift::kNone:
      break;
  }
  return odds.late;
}

// Healthy controls: entries into the forecast-critical state during the quarter, and those the
// window value did not confirm within kComeTrueDays. Index 0 is the day before the quarter.
void CountFalseAlarms(const std::vector<bool>& forecast, const std::vector<bool>& over,
                      int& episodes, int& false_alarms) {
  for (int t = 1; t <= kQuarterDays; ++t) {
    if (!forecast[t] || forecast[t - 1]) continue;
    ++episodes;
    bool came_true = false;
    for (int u = t; u <= t + kComeTrueDays && u < static_cast<int>(over.size()); ++u) {
      came_true = came_true || over[u];
    }
    if (!came_true) ++false_alarms;
  }
}

}  // namespace

Watched WatchedFor(Drift drift) {
  switch (drift) {
    case Drift::kSellerCancel:
      return {"cancellation_rate", 0.015, 0.025};
    case Drift::kOrderDefect:
      return {"order_defect_rate", 0.0075, 0.01};
    case Drift::kLateShipment:
    case Drift::kNone:
      break;
  }
  return {"late_shipment_rate_10d", 0.03, 0.04};
}

std::vector<Watched> AllWatched() {
  return {WatchedFor(Drift::kLateShipment), WatchedFor(Drift::kSellerCancel),
          WatchedFor(Drift::kOrderDefect)};
}

std::optional<int> ShopResult::Lead(std::size_t model) const {
  if (scenario.drift == Drift::kNone || !crossing_day) return std::nullopt;
  const auto& warned = model == kValueOnly ? first_value_warning : first_warning.at(model);
  if (!warned || *warned >= *crossing_day) return 0;
  return *crossing_day - *warned;
}

ShopResult ReplayShop(const ShopScenario& scenario, std::span<const metrics::ForecastModel> models,
                      std::vector<DayTrace>* trace) {
  ShopResult r;
  r.scenario = scenario;
  r.first_warning.assign(models.size(), std::nullopt);
  r.first_forecast.assign(models.size(), std::nullopt);
  r.critical_forecasts.assign(models.size(), 0);
  r.false_alarms.assign(models.size(), 0);

  const bool healthy = scenario.drift == Drift::kNone;
  const std::vector<Watched> watched =
      healthy ? AllWatched() : std::vector<Watched>{WatchedFor(scenario.drift)};
  // Healthy: evaluated from the day before the quarter (the state it starts in) to 10 days past
  // it (whether its last forecasts came true). Drift: from its start to the crossing.
  const int first_t = healthy ? -1 : 0;
  const int last_t = healthy ? kQuarterDays + kComeTrueDays : kMaxDriftDays;
  const std::size_t days = static_cast<std::size_t>(last_t - first_t + 1);
  std::vector<std::vector<bool>> over(watched.size(), std::vector<bool>(days));
  std::vector<std::vector<std::vector<bool>>> forecast(
      models.size(), std::vector<std::vector<bool>>(watched.size(), std::vector<bool>(days)));

  // The first drift day whose true probability of the drifting kind reaches the warn level.
  int drift_at_warn = 0;
  while (!healthy && TrueOdds(scenario, drift_at_warn) < watched[0].warn) ++drift_at_warn;

  Store store;
  metrics::MetricsEngine engine([&store](const std::string&, const std::string& order_id) {
    return store.PurchasedAt(order_id);
  });
  SyntheticShop shop(scenario, kAccount, Start());

  for (int t = first_t - scenario.warmup_days; t <= last_t; ++t) {
    const core::Timestamp now = Start() + (t + scenario.warmup_days) * kDay + kNoon;
    for (core::Event& e : shop.ChangesBefore(now)) store.Apply(engine, std::move(e));
    if (t < first_t) continue;

    const std::vector<core::MetricValue> values = engine.Compute(kAccount, now);
    const std::size_t day = static_cast<std::size_t>(t - first_t);
    for (std::size_t m = 0; m < watched.size(); ++m) {
      const Watched& w = watched[m];
      const core::MetricValue* v = Find(values, w.metric);
      const bool sampled = v && v->denominator >= kMinSample;
      if (trace && !models.empty()) {
        trace->push_back({t, w.metric, v ? v->value : std::nullopt, v ? v->denominator : 0,
                          engine.ForecastRate(kAccount, w.metric, Direction::kAbove, w.warn,
                                              w.critical, now, kHorizonDays, models[0])});
      }
      if (AtOrOver(v, w.critical) && sampled && !ReferenceAtOrOver(store, w, now)) {
        ++r.critical_below_critical;
      }
      if (healthy) {
        over[m][day] = AtOrOver(v, w.critical);
        for (std::size_t k = 0; k < models.size(); ++k) {
          forecast[k][m][day] = ForecastsCritical(engine, w, now, models[k]);
        }
        continue;
      }
      // Drift: a warning on the crossing day itself is too late to count; a noise crossing
      // restarts the clock (a warning before it was not about the drift).
      if (AtOrOver(v, w.critical)) {
        if (t >= drift_at_warn) {
          r.crossing_day = t;
          return r;
        }
        ++r.noise_crossings;
        r.first_warning.assign(models.size(), std::nullopt);
        r.first_forecast.assign(models.size(), std::nullopt);
        r.first_value_warning.reset();
        continue;
      }
      const bool value_warns = sampled && AtOrOver(v, w.warn);
      if (value_warns && !r.first_value_warning) r.first_value_warning = t;
      for (std::size_t k = 0; k < models.size(); ++k) {
        if (r.first_warning[k] && r.first_forecast[k]) continue;
        const bool forecast = ForecastsCritical(engine, w, now, models[k]);
        if (forecast && !r.first_forecast[k]) r.first_forecast[k] = t;
        if ((value_warns || forecast) && !r.first_warning[k]) r.first_warning[k] = t;
      }
    }
  }
  for (std::size_t k = 0; k < models.size() && healthy; ++k) {
    for (std::size_t m = 0; m < watched.size(); ++m) {
      CountFalseAlarms(forecast[k][m], over[m], r.critical_forecasts[k], r.false_alarms[k]);
    }
  }
  return r;
}

}  // namespace sellerwatch::bench::early_warning
