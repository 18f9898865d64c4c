#include "metrics/forecast.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sellerwatch::metrics {
namespace {

// Counts beyond this make the exact first-passage table too large for one evaluation; the
// marginal tails then stand in for it (a lower bound, met only by very large shops).
constexpr long kMaxExactCount = 5'000;
// Tolerance for thresholds met exactly (1 / 100 at 1 %) in floating point.
constexpr double kEpsilon = 1e-9;
// Gauss-Hermite nodes and weights for a standard normal (probabilists' form, 5 points).
constexpr std::array<double, 5> kNodes = {-2.8569700138728056, -1.3556261799742659, 0.0,
                                          1.3556261799742659, 2.8569700138728056};
constexpr std::array<double, 5> kNodeWeights = {0.011257411327720691, 0.22207592200561266,
                                                0.5333333333333333, 0.22207592200561266,
                                                0.011257411327720691};

double LogPoisson(double mean, long k) {
  return -mean + static_cast<double>(k) * std::log(mean) - std::lgamma(static_cast<double>(k) + 1);
}

// Counts this many standard deviations (plus a constant, for small means) away from a Poisson
// mean carry less than 1e-30 of its mass: the tables and the walk below skip them.
constexpr double kSupportSds = 12;
constexpr double kNegligible = 1e-30;

// The Poisson(mean) probabilities of 0 .. cap − 1, and in [cap] that of cap or more; `first` and
// `last` bound the entries below cap that are worth visiting.
struct PoissonStep {
  std::vector<double> p;
  long first = 0, last = -1;
};

// Fills `step` (its buffer reused from day to day).
void PoissonTable(double mean, long cap, PoissonStep& step) {
  step.p.assign(static_cast<std::size_t>(cap) + 1, 0.0);
  step.first = 0;
  if (mean <= 0) {  // nothing arrives
    step.p[0] = 1.0;
    step.last = cap == 0 ? -1 : 0;
    return;
  }
  const double spread = kSupportSds * std::sqrt(mean) + kSupportSds;
  step.first = std::max(0L, static_cast<long>(std::floor(mean - spread)));
  step.last = std::min(cap - 1, static_cast<long>(std::ceil(mean + spread)));
  // One exp at the first count, then P(k) = P(k − 1) · mean / k; the tail stops once negligible.
  double below = 0;
  double pk = step.first <= step.last ? std::exp(LogPoisson(mean, step.first)) : 0;
  for (long k = step.first; k <= step.last; ++k) {
    if (k > step.first) pk *= mean / static_cast<double>(k);
    if (k > mean && pk < kNegligible) {
      step.last = k - 1;
      break;
    }
    step.p[static_cast<std::size_t>(k)] = pk;
    below += pk;
  }
  // "cap or more": what the entries below cap leave, when cap is within reach.
  if (step.last == cap - 1) step.p[static_cast<std::size_t>(cap)] = std::max(0.0, 1.0 - below);
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
  // A level no day's arrivals can come near (a healthy account's critical line, mostly) is
  // never crossed: no walk needed.
  bool reachable = false;
  double arrivals = 0;
  for (std::size_t d = 0; d < days && !reachable; ++d) {
    arrivals += std::max(rate[d], 0.0);
    reachable = needed[d] && static_cast<double>(*needed[d]) <=
                                 arrivals + kSupportSds * std::sqrt(arrivals) + kSupportSds;
  }
  if (!reachable) return out;
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
  // "cap or more", which is over it on every day that can be. Only [lo, hi] can be non-zero.
  std::vector<double> state(static_cast<std::size_t>(cap) + 1, 0.0), next(state.size());
  state[0] = 1.0;
  long lo = 0, hi = 0;
  double crossed = 0;
  PoissonStep step;
  for (std::size_t d = 0; d < days; ++d) {
    if (rate[d] > 0) {
      PoissonTable(rate[d], cap, step);
      std::fill(next.begin(), next.end(), 0.0);
      long next_lo = cap, next_hi = 0;
      for (long x = lo; x <= hi; ++x) {
        const double p = state[static_cast<std::size_t>(x)];
        if (p < kNegligible) continue;
        if (x == cap) {
          next[static_cast<std::size_t>(cap)] += p;
          next_lo = std::min(next_lo, cap);
          next_hi = cap;
          continue;
        }
        const long end = std::min(step.last, cap - 1 - x);
        double reached = 0;  // of the steps that stay below cap
        for (long k = step.first; k <= end; ++k) {
          next[static_cast<std::size_t>(x + k)] += p * step.p[static_cast<std::size_t>(k)];
          reached += step.p[static_cast<std::size_t>(k)];
        }
        if (step.first <= end) {
          next_lo = std::min(next_lo, x + step.first);
          next_hi = std::max(next_hi, x + end);
        }
        // The rest reaches cap, unless the whole support stayed below it.
        if (end < step.last || step.last == cap - 1) {
          next[static_cast<std::size_t>(cap)] += p * std::max(0.0, 1.0 - reached);
          next_lo = std::min(next_lo, cap);
          next_hi = cap;
        }
      }
      state.swap(next);
      lo = std::min(next_lo, cap);
      hi = std::max(next_hi, lo);
    }
    if (needed[d]) {
      for (long x = std::max({*needed[d], 0L, lo}); x <= hi; ++x) {
        crossed += state[static_cast<std::size_t>(x)];
        state[static_cast<std::size_t>(x)] = 0;
      }
    }
    out[d] = std::min(crossed, 1.0);
  }
  return out;
}

int SettleDays(std::string_view metric) {
  // Amazon counts an order's defects (negative feedback, A-to-z claims, chargebacks) by order
  // date and buyers report them weeks after delivery; sellers cancel before shipping.
  if (metric == "order_defect_rate" || metric == "negative_feedback_rate") return 30;
  if (metric == "cancellation_rate") return 2;
  return 0;
}

double Settled(double age_days, int settle_days) {
  if (age_days <= 0) return 0;
  if (settle_days <= 0) return 1;
  return std::min(age_days / settle_days, 1.0);
}

Inflow EstimateInflow(std::span<const RateParts> daily, core::Direction direction,
                      const ForecastModel& model, int horizon_days, int settle_days,
                      int window_days) {
  Inflow out;
  out.bad_per_day.assign(static_cast<std::size_t>(std::max(horizon_days, 0)), 0.0);
  out.maturing = out.bad_per_day;
  out.bad_sd_per_day = out.bad_per_day;
  if (daily.empty()) return out;
  // Only the events an "above" metric counts arrive after the day they are counted on.
  const int settle = direction == core::Direction::kAbove ? std::max(settle_days, 0) : 0;
  const double half_life = std::max(model.half_life_days, 0.1);
  auto bad_of = [direction](const RateParts& p) {
    return std::max(
        0.0, direction == core::Direction::kAbove ? p.numerator : p.denominator - p.numerator);
  };
  auto age = [](std::size_t j) { return static_cast<double>(j) + 0.5; };  // of day j's middle
  // A day's exposure: its orders times the share of their bad events already in, so a young
  // day's few defects are read as a young day's, not as a good day's.
  std::vector<double> exposures(daily.size()), weights_of(daily.size());
  for (std::size_t j = 0; j < daily.size(); ++j) {
    exposures[j] = daily[j].denominator * Settled(age(j), settle);
    weights_of[j] = std::exp2(-static_cast<double>(j) / half_life);
  }
  auto exposure = [&](std::size_t j) { return exposures[j]; };
  auto weight = [&](std::size_t j) { return weights_of[j]; };

  double weights = 0, weighted_total = 0, weighted_bad = 0, weighted_exposure = 0;
  double total_exposure = 0, bad = 0;
  for (std::size_t j = 0; j < daily.size(); ++j) {
    weights += weight(j);
    weighted_total += weight(j) * daily[j].denominator;
    weighted_bad += weight(j) * bad_of(daily[j]);
    weighted_exposure += weight(j) * exposure(j);
    total_exposure += exposure(j);
    bad += bad_of(daily[j]);
  }
  const double days = static_cast<double>(daily.size());
  out.total_per_day = weighted_total / weights;
  const double recent_fraction = weighted_exposure > 0 ? weighted_bad / weighted_exposure : 0;
  const double baseline_fraction = total_exposure > 0 ? bad / total_exposure : 0;
  out.recent_bad_per_day = recent_fraction * out.total_per_day;
  out.baseline_bad_per_day = baseline_fraction * out.total_per_day;
  // The baseline counts as prior_days' worth of orders at its fraction.
  const double prior = model.prior_days * total_exposure / days;
  const double fraction =
      weighted_exposure + prior > 0
          ? (weighted_bad + prior * baseline_fraction) / (weighted_exposure + prior)
          : 0;

  // The level's sampling variance: Poisson counts, weighted as the estimate weighs them (a shop
  // that never had a bad event is read as having had half of one).
  double weighted_sq_exposure = 0;
  for (std::size_t j = 0; j < daily.size(); ++j) {
    weighted_sq_exposure += weight(j) * weight(j) * exposure(j);
  }
  const double f_var = std::max(fraction, total_exposure > 0 ? 0.5 / total_exposure : 0.0);
  const double level_var =
      weighted_exposure + prior > 0
          ? f_var * weighted_sq_exposure / std::pow(weighted_exposure + prior, 2)
          : 0;

  // With `trend`, the daily fractions' weighted line carries the estimate forward from the
  // history's weighted centre (x: days from now, negative in the past).
  double slope = 0, centre = 0, slope_var = 0;
  if (model.trend) {
    double v_sum = 0, x_sum = 0, y_sum = 0;
    for (std::size_t j = 0; j < daily.size(); ++j) {
      if (exposure(j) <= 0) continue;
      const double v = weight(j) * exposure(j);
      v_sum += v;
      x_sum += v * -age(j);
      y_sum += v * bad_of(daily[j]) / exposure(j);
    }
    if (v_sum > 0) {
      centre = x_sum / v_sum;
      const double y_mean = y_sum / v_sum;
      double sxx = 0, sxy = 0, spread = 0;
      for (std::size_t j = 0; j < daily.size(); ++j) {
        if (exposure(j) <= 0) continue;
        const double v = weight(j) * exposure(j);
        const double dx = -age(j) - centre;
        sxx += v * dx * dx;
        sxy += v * dx * (bad_of(daily[j]) / exposure(j) - y_mean);
        spread += weight(j) * v * dx * dx;
      }
      if (sxx > 0) {
        slope = sxy / sxx;
        slope_var = f_var * spread / (sxx * sxx);
      }
    }
  }
  auto fraction_at = [&](double x) {
    return std::clamp(fraction + slope * (x - centre), 0.0, 1.0);
  };
  auto fraction_sd = [&](double x) {
    return std::sqrt(level_var + (x - centre) * (x - centre) * slope_var);
  };

  // The fraction and its error at each day ahead (placed in its middle) and behind.
  const std::size_t ahead = out.bad_per_day.size();
  std::vector<double> f_ahead(ahead), sd_ahead(ahead), f_behind(daily.size()),
      sd_behind(daily.size());
  for (std::size_t s = 0; s < ahead; ++s) {
    f_ahead[s] = fraction_at(static_cast<double>(s) + 0.5);
    sd_ahead[s] = fraction_sd(static_cast<double>(s) + 0.5);
  }
  for (std::size_t j = 0; settle > 0 && j < daily.size(); ++j) {
    f_behind[j] = fraction_at(-age(j));
    sd_behind[j] = fraction_sd(-age(j));
  }
  for (std::size_t i = 0; i < ahead; ++i) {
    const double t = static_cast<double>(i) + 1;  // the end of day t
    double arriving = 0, sd = 0;
    // Orders placed on the days ahead, each in the middle of its day s.
    for (std::size_t s = 0; s <= i; ++s) {
      const double placed = static_cast<double>(s) + 0.5;
      const double share =
          out.total_per_day * (Settled(t - placed, settle) - Settled(t - 1 - placed, settle));
      arriving += share * f_ahead[s];
      sd += share * sd_ahead[s];
    }
    // The rest of what known orders still owe, while they are in the window.
    for (std::size_t j = 0; settle > 0 && j < daily.size(); ++j) {
      if (age(j) + t > window_days) continue;
      const double due = Settled(age(j) + t, settle) - Settled(age(j) + t - 1, settle);
      if (due <= 0) continue;
      const double owed = daily[j].denominator * f_behind[j] * due;
      arriving += owed;
      sd += daily[j].denominator * sd_behind[j] * due;
      out.maturing[i] += owed;
    }
    out.bad_per_day[i] = arriving;
    out.bad_sd_per_day[i] = sd;
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
    // The pace is an estimate: the chance is averaged over where it may truly be (5-point
    // Gauss-Hermite over a normal error, the same shift on every day ahead).
    std::vector<double> sd(days, 0.0);
    bool uncertain = false;
    for (std::size_t i = 0; i < days && i < inflow.bad_sd_per_day.size(); ++i) {
      sd[i] = rate[i] > 0 ? inflow.bad_sd_per_day[i] : 0;
      uncertain = uncertain || sd[i] > 0;
    }
    std::vector<double> crossed(days, 0.0), shifted(days);
    for (std::size_t k = 0; k < kNodes.size(); ++k) {
      const double weight = uncertain ? kNodeWeights[k] : 1.0;
      if (!uncertain && kNodes[k] != 0.0) continue;
      for (std::size_t i = 0; i < days; ++i) {
        shifted[i] = std::max(0.0, rate[i] + kNodes[k] * sd[i]);
      }
      const std::vector<double> p = CrossingProbabilities(shifted, needed);
      for (std::size_t i = 0; i < days; ++i) crossed[i] += weight * p[i];
    }
    for (std::size_t i = 0; i < days; ++i) {
      if (crossed[i] >= model.probability - kEpsilon) {
        in_days = static_cast<int>(i) + 1;
        break;
      }
    }
    if (within > 0) probability = crossed[within - 1];
  };
  for (std::size_t i = 0; i < within && i < inflow.maturing.size(); ++i) {
    out.maturing_bad += inflow.maturing[i];
  }
  level(warn, out.warn_in_days, out.warn_probability);
  level(critical, out.critical_in_days, out.critical_probability);
  return out;
}

}  // namespace sellerwatch::metrics
