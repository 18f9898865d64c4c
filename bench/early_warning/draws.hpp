#pragma once

// The replay's only source of randomness: a seeded mt19937_64 with our own uniform, Bernoulli
// and Poisson draws, so a seed gives the same shop on every standard library (the library's
// distributions are implementation-defined).

#include <chrono>
#include <cmath>
#include <cstdint>
#include <random>

#include "core/time.hpp"

namespace sellerwatch::bench::early_warning {

class Draws {
 public:
  explicit Draws(std::uint64_t seed) : rng_(seed) {}

  // [0, 1) from the top 53 bits.
  double Uniform() { return static_cast<double>(rng_() >> 11) * 0x1.0p-53; }
  bool Bernoulli(double p) { return Uniform() < p; }
  // Knuth's product method: exact, and cheap enough for the means of a shop's day (<= a few
  // hundred; exp(-mean) stays a normal double up to ~700).
  int Poisson(double mean) {
    const double limit = std::exp(-mean);
    int k = 0;
    double product = Uniform();
    while (product > limit) {
      ++k;
      product *= Uniform();
    }
    return k;
  }
  // A duration uniform in [lo, hi), to the millisecond.
  core::Duration Between(core::Duration lo, core::Duration hi) {
    const double span = static_cast<double>((hi - lo).count());
    return lo + core::Duration(static_cast<core::Duration::rep>(Uniform() * span));
  }

 private:
  std::mt19937_64 rng_;
};

}  // namespace sellerwatch::bench::early_warning
