#include "metrics/forecast.hpp"

#include <algorithm>
#include <cmath>

namespace sellerwatch::metrics {
namespace {

// Counts beyond this make the exact first-passage table too large for one evaluation; the
// marginal tails then stand in for it (a lower bound, met only by very large shops).
constexpr long kMaxExactCount = 5'000;
// Tolerance for thresholds met exactly (1 / 100 at 1 %) in floating point.
constexpr double kEpsilon = 1e-9;

double LogPoisson(double mean, long k) {
  return -mean + static_cast<double>(k) * std::log(mean) - std::lgamma(static_cast<double>(k) + 1);
}

// The Poisson(mean) probabilities of 0 .. cap − 1, and in [cap] that of cap or more.
std::vector<double> PoissonTable(double mean, long cap) {
  std::vector<double> p(static_cast<std::size_t>(cap) + 1, 0.0);
  if (mean <= 0) {
    p[0] = cap == 0 ? 0.0 : 1.0;
    p[static_cast<std::size_t>(cap)] = cap == 0 ? 1.0 : 0.0;
    return p;
  }
  double below = 0;
  for (long k = 0; k < cap; ++k) {
    p[static_cast<std::size_t>(k)] = std::exp(LogPoisson(mean, k));
    below += p[static_cast<std::size_t>(k)];
  }
  p[static_cast<std::size_t>(cap)] = std::max(0.0, 1.0 - below);
  return p;
}

// The count of bad arrivals at which the window of `stay` plus `arrivals_total` newcomers is over
// `level` as metrics::Breached judges it; empty when the window would hold nothing.
std::optional<long> Needed(const RateParts& stay, double arrivals_total, core::Direction direction,
                           double level) {
  const double denominator = stay.denominator + arrivals_total;
  if (denominator <= 0) return std::nullopt;
  if (direction == core::Direction::kAbove) {
    // (numerator + X) / denominator >= level
    return static_cast<long>(std::ceil(level * denominator - stay.numerator - kEpsilon));
  }
  // (numerator + arrivals − X) / denominator < level
  return static_cast<long>(
             std::floor(stay.numerator + arrivals_total - level * denominator + kEpsilon)) +
         1;
}

}  // namespace

double PoissonTail(double mean, int k) {
  if (k <= 0) return 1.0;
  if (mean <= 0) return 0.0;
  double below = 0;
  for (long i = 0; i < k; ++i) below += std::exp(LogPoisson(mean, i));
  return std::clamp(1.0 - below, 0.0, 1.0);
}

std::vector<double> CrossingProbabilities(std::span<const double> rate,
                                          std::span<const std::optional<long>> needed) {
  const std::size_t days = std::min(rate.size(), needed.size());
  std::vector<double> out(days, 0.0);
  long cap = 1;
  for (std::size_t d = 0; d < days; ++d) {
    if (needed[d]) cap = std::max(cap, *needed[d]);
  }
  if (cap > kMaxExactCount) {
    double mean = 0, worst = 0;
    for (std::size_t d = 0; d < days; ++d) {
      mean += rate[d];
      if (needed[d]) worst = std::max(worst, PoissonTail(mean, static_cast<int>(*needed[d])));
      out[d] = worst;
    }
    return out;
  }
  // state[x]: the chance of x arrivals so far without having been over the level; [cap] holds
  // "cap or more", which is over it on every day that can be.
  std::vector<double> state(static_cast<std::size_t>(cap) + 1, 0.0), next(state.size());
  state[0] = 1.0;
  double crossed = 0;
  for (std::size_t d = 0; d < days; ++d) {
    if (rate[d] > 0) {
      const std::vector<double> step = PoissonTable(rate[d], cap);
      std::fill(next.begin(), next.end(), 0.0);
      for (long x = 0; x <= cap; ++x) {
        const double p = state[static_cast<std::size_t>(x)];
        if (p == 0) continue;
        if (x == cap) {
          next[static_cast<std::size_t>(cap)] += p;
          continue;
        }
        double reached = 0;  // of the steps that stay below cap
        for (long k = 0; x + k < cap; ++k) {
          next[static_cast<std::size_t>(x + k)] += p * step[static_cast<std::size_t>(k)];
          reached += step[static_cast<std::size_t>(k)];
        }
        next[static_cast<std::size_t>(cap)] += p * std::max(0.0, 1.0 - reached);
      }
      state.swap(next);
    }
    if (needed[d]) {
      for (long x = std::max(*needed[d], 0L); x <= cap; ++x) {
        crossed += state[static_cast<std::size_t>(x)];
        state[static_cast<std::size_t>(x)] = 0;
      }
    }
    out[d] = std::min(crossed, 1.0);
  }
  return out;
}

Inflow EstimateInflow(std::span<const RateParts> daily, core::Direction direction,
                      const ForecastModel& model, int horizon_days) {
  Inflow out;
  out.bad_per_day.assign(static_cast<std::size_t>(std::max(horizon_days, 0)), 0.0);
  if (daily.empty()) return out;
  const double half_life = std::max(model.half_life_days, 0.1);
  double weights = 0, weighted_total = 0, weighted_bad = 0, total = 0, bad = 0;
  auto bad_of = [direction](const RateParts& p) {
    return std::max(
        0.0, direction == core::Direction::kAbove ? p.numerator : p.denominator - p.numerator);
  };
  for (std::size_t j = 0; j < daily.size(); ++j) {
    const double w = std::exp2(-static_cast<double>(j) / half_life);
    weights += w;
    weighted_total += w * daily[j].denominator;
    weighted_bad += w * bad_of(daily[j]);
    total += daily[j].denominator;
    bad += bad_of(daily[j]);
  }
  const double days = static_cast<double>(daily.size());
  out.total_per_day = weighted_total / weights;
  out.recent_bad_per_day = weighted_bad / weights;
  out.baseline_bad_per_day = bad / days;
  // The baseline counts as prior_days' worth of orders at its fraction.
  const double baseline_fraction = total > 0 ? bad / total : 0;
  const double prior = model.prior_days * total / days;
  const double fraction = weighted_total + prior > 0 ? (weighted_bad + prior * baseline_fraction) /
                                                           (weighted_total + prior)
                                                     : 0;

  // With `trend`, the daily fractions' weighted line carries the estimate forward from the
  // history's weighted centre (x: days from now, negative in the past).
  double slope = 0, centre = 0;
  if (model.trend) {
    double v_sum = 0, x_sum = 0, y_sum = 0;
    for (std::size_t j = 0; j < daily.size(); ++j) {
      if (daily[j].denominator <= 0) continue;
      const double v = std::exp2(-static_cast<double>(j) / half_life) * daily[j].denominator;
      v_sum += v;
      x_sum += v * (-static_cast<double>(j) - 0.5);
      y_sum += v * bad_of(daily[j]) / daily[j].denominator;
    }
    if (v_sum > 0) {
      centre = x_sum / v_sum;
      const double y_mean = y_sum / v_sum;
      double sxx = 0, sxy = 0;
      for (std::size_t j = 0; j < daily.size(); ++j) {
        if (daily[j].denominator <= 0) continue;
        const double v = std::exp2(-static_cast<double>(j) / half_life) * daily[j].denominator;
        const double dx = -static_cast<double>(j) - 0.5 - centre;
        sxx += v * dx * dx;
        sxy += v * dx * (bad_of(daily[j]) / daily[j].denominator - y_mean);
      }
      if (sxx > 0) slope = sxy / sxx;
    }
  }
  for (std::size_t t = 0; t < out.bad_per_day.size(); ++t) {
    const double at = static_cast<double>(t) + 0.5;  // the middle of day t + 1
    const double f = std::clamp(fraction + slope * (at - centre), 0.0, 1.0);
    out.bad_per_day[t] = out.total_per_day * f;
  }
  return out;
}

Forecast ProjectRate(std::span<const RateParts> known, const Inflow& inflow, int window_days,
                     core::Direction direction, std::optional<double> warn,
                     std::optional<double> critical, const ForecastModel& model) {
  Forecast out;
  const std::size_t days = known.size();
  out.projected.reserve(days);
  out.denominator_per_day = inflow.total_per_day;
  out.recent_bad_per_day = inflow.recent_bad_per_day;
  out.baseline_bad_per_day = inflow.baseline_bad_per_day;

  // Arrivals stop once a whole window of them is in: the window holds no more.
  std::vector<double> rate(days, 0.0);
  std::vector<double> arrivals_total(days, 0.0);
  double expected_bad = 0;
  for (std::size_t i = 0; i < days; ++i) {
    const int d = static_cast<int>(i) + 1;
    if (d <= window_days && i < inflow.bad_per_day.size()) rate[i] = inflow.bad_per_day[i];
    expected_bad += rate[i];
    arrivals_total[i] = inflow.total_per_day * static_cast<double>(std::min(d, window_days));
    const double denominator = known[i].denominator + arrivals_total[i];
    if (denominator <= 0) {
      out.projected.push_back(std::nullopt);
      continue;
    }
    const double numerator = direction == core::Direction::kAbove
                                 ? known[i].numerator + expected_bad
                                 : known[i].numerator + arrivals_total[i] - expected_bad;
    out.projected.push_back(numerator / denominator);
  }

  const std::size_t within =
      std::min(days, static_cast<std::size_t>(std::max(model.within_days, 0)));
  auto level = [&](std::optional<double> threshold, std::optional<int>& in_days,
                   std::optional<double>& probability) {
    if (!threshold || days == 0) return;
    std::vector<std::optional<long>> needed(days);
    bool any = false;
    for (std::size_t i = 0; i < days; ++i) {
      needed[i] = Needed(known[i], arrivals_total[i], direction, *threshold);
      any = any || needed[i].has_value();
    }
    if (!any) return;
    const std::vector<double> crossed = CrossingProbabilities(rate, needed);
    for (std::size_t i = 0; i < days; ++i) {
      if (crossed[i] >= model.probability - kEpsilon) {
        in_days = static_cast<int>(i) + 1;
        break;
      }
    }
    if (within > 0) probability = crossed[within - 1];
  };
  level(warn, out.warn_in_days, out.warn_probability);
  level(critical, out.critical_in_days, out.critical_probability);
  return out;
}

}  // namespace sellerwatch::metrics
