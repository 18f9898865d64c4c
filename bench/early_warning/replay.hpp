#pragma once

// Replays one synthetic shop into the real MetricsEngine day by day, exactly as the daemon
// applies its store's change feed, and evaluates it once a day (12:00 UTC) the way the rules
// would: the metric's current value against warn / critical, and ForecastRate under each
// forecast model. The measures of issue 16 (lead time, missed drifts, false critical
// forecasts, critical alerts below critical) are computed from those daily evaluations.

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "early_warning/shop.hpp"
#include "metrics/metrics_engine.hpp"

namespace sellerwatch::bench::early_warning {

// A watched metric with the Amazon preset's levels.
struct Watched {
  std::string_view metric;
  double warn;
  double critical;
};

// The metric a drift moves; a healthy control watches all three.
Watched WatchedFor(Drift drift);
std::vector<Watched> AllWatched();

inline constexpr int kMinSample = 20;      // a rate rule neither fires nor resolves below it
inline constexpr int kHorizonDays = 14;    // ForecastRate's default horizon
inline constexpr int kQuarterDays = 90;    // the healthy controls' observed period
inline constexpr int kComeTrueDays = 10;   // a critical forecast must come true within this
inline constexpr int kMaxDriftDays = 120;  // ramp + plateau: a drift that never crosses stops

struct ShopResult {
  ShopScenario scenario;
  // Drift: the first day (counted from the drift's start) the window value is >= critical once
  // the drifting kind's true daily probability has reached warn. Before that the shop is healthy
  // by construction, and a small shop's window touches critical on noise alone (one cancel in
  // 35 orders is 2.9 %): those days are `noise_crossings`, what the healthy controls measure.
  std::optional<int> crossing_day;
  int noise_crossings = 0;
  // Drift, per model: the first day (from the drift's start, or since the last noise crossing)
  // a warning fired with the window below critical: the value >= warn (with at least kMinSample
  // orders), or critical_in_days <= within_days.
  std::vector<std::optional<int>> first_warning;
  // The same from the value alone (>= warn), without any forecast: what the forecast adds.
  std::optional<int> first_value_warning;
  // Per model, the first day the forecast alone said "critical within within_days".
  std::vector<std::optional<int>> first_forecast;
  // Healthy, per model: entries into "critical within within_days" during the quarter (summed
  // over the watched metrics) and those of them the window did not confirm within 10 days.
  std::vector<int> critical_forecasts;
  std::vector<int> false_alarms;
  // Days a critical threshold alert would stand (engine value >= critical, >= kMinSample
  // orders) while the reference formulas, on the same events, give a value below critical.
  int critical_below_critical = 0;

  // crossing − first warning; 0 when no warning came before the crossing (a missed drift);
  // empty for a healthy control or a drift that never crossed. kValueOnly: without forecasts.
  static constexpr std::size_t kValueOnly = static_cast<std::size_t>(-1);
  std::optional<int> Lead(std::size_t model) const;
  bool Missed(std::size_t model) const { return Lead(model) == 0; }
};

// One evaluated day of one watched metric under the first model (bench --trace).
struct DayTrace {
  int day;  // from the drift's (or the quarter's) start
  std::string_view metric;
  std::optional<double> value;
  double denominator;
  std::optional<metrics::Forecast> forecast;
};

// Replays `scenario` and evaluates every model on the same events; with `trace`, records every
// evaluated day under models[0].
ShopResult ReplayShop(const ShopScenario& scenario, std::span<const metrics::ForecastModel> models,
                      std::vector<DayTrace>* trace = nullptr);

}  // namespace sellerwatch::bench::early_warning
