#pragma once

// The forecast behind MetricsEngine::ForecastRate (DESIGN.md §1.4 "forecast"), as pure functions
// of counts the engine has already summed: what enters the window (EstimateInflow), and where
// the window is heading with the probability of crossing each level (ProjectRate).
//
// The model: the window at now + d days holds the events known to stay in it plus d days of
// inflow (at most a window's length). The denominator grows at its recent daily pace; the bad
// events among the newcomers (the numerator of an "above" metric, the complement of a "below"
// one) arrive as a Poisson count whose daily rate is the account's recent bad fraction — days
// weighed by a half-life so a drift shows within days, shrunk towards the longer baseline so a
// small shop's one bad day does not swing it. The probability that the window is over a level
// on some day up to d is computed exactly (no sampling), on the count of bad arrivals.

#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/metric_catalog.hpp"
#include "metrics/metrics_engine.hpp"

namespace sellerwatch::metrics {

struct RateParts {
  double numerator = 0;
  double denominator = 0;
};

// What enters the window on each day ahead.
struct Inflow {
  std::vector<double> bad_per_day;  // [t − 1]: expected bad arrivals on day t (a Poisson rate)
  double total_per_day = 0;         // the denominator's arrivals per day
  double recent_bad_per_day = 0;    // the half-life-weighted pace of bad events
  double baseline_bad_per_day = 0;  // their pace over the whole history given
  std::vector<double> maturing;     // [t − 1]: of bad_per_day, owed by the orders already in
  // [t − 1]: the standard error of bad_per_day from estimating the pace (the same error on
  // every day: a pace read too low is too low all along).
  std::vector<double> bad_sd_per_day;
};

// How many days after the day it is counted on an order's bad event may still arrive (0: it is
// known on that day). Defects come weeks after the order; seller cancellations within two days.
int SettleDays(std::string_view metric);

// The share of an order's eventual bad events in by `age_days` after its day: linear over
// `settle_days`.
double Settled(double age_days, int settle_days);

// From the account's daily history — daily[j] holds the day [now − (j + 1) days, now − j days),
// daily[0] the most recent — the inflow of the next `horizon_days` days: the orders to come at
// the recent pace, and, for a metric whose bad events settle late, what the young days already
// in the window still owe (read from the days' exposure, so a young day's few defects do not
// pass for a good day).
Inflow EstimateInflow(std::span<const RateParts> daily, core::Direction direction,
                      const ForecastModel& model, int horizon_days, int settle_days = 0,
                      int window_days = std::numeric_limits<int>::max());

// known[d − 1]: the parts of today's window still in it at now + d days. The projection is the
// expected value; warn_in_days / critical_in_days are the first days the probability of having
// crossed the level (metrics::Breached: >= for "above" metrics, < for "below" ones) reaches
// model.probability; the probabilities are those of crossing within model.within_days.
Forecast ProjectRate(std::span<const RateParts> known, const Inflow& inflow, int window_days,
                     core::Direction direction, std::optional<double> warn,
                     std::optional<double> critical, const ForecastModel& model);

// P(X >= k) for X ~ Poisson(mean).
double PoissonTail(double mean, int k);

// The count of arrivals grows each day t by a Poisson(rate[t − 1]) draw. needed[t − 1] is the
// count at which day t is over the level (<= 0: over whatever arrives; empty: that day cannot be
// over it). Returns, for each day d, the probability of having been over it on some day <= d.
std::vector<double> CrossingProbabilities(std::span<const double> rate,
                                          std::span<const std::optional<long>> needed);

}  // namespace sellerwatch::metrics
