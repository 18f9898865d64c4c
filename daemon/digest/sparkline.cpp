#include "digest/sparkline.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string_view>

namespace sellerwatch::digest {
namespace {

constexpr std::array<std::string_view, 8> kBlocks = {"\u2581", "\u2582", "\u2583", "\u2584",
                                                     "\u2585", "\u2586", "\u2587", "\u2588"};
constexpr std::string_view kMissing = "\u00B7";

}  // namespace

std::string Sparkline(std::span<const std::optional<double>> values) {
  std::optional<double> lo, hi;
  for (const auto& v : values) {
    if (!v || !std::isfinite(*v)) continue;
    lo = lo ? std::min(*lo, *v) : *v;
    hi = hi ? std::max(*hi, *v) : *v;
  }
  std::string out;
  for (const auto& v : values) {
    if (!v || !std::isfinite(*v)) {
      out += kMissing;
      continue;
    }
    std::size_t level = 0;
    if (*hi > *lo) {
      level = static_cast<std::size_t>(std::lround((*v - *lo) / (*hi - *lo) * 7.0));
    } else if (*v != 0) {
      level = 3;
    }
    out += kBlocks[std::min<std::size_t>(level, 7)];
  }
  return out;
}

}  // namespace sellerwatch::digest
