#pragma once

#include <optional>
#include <span>
#include <string>

namespace sellerwatch::digest {

// One character per value from ▁▂▃▄▅▆▇█, scaled between the smallest and the largest value;
// a missing value is "·". A flat series is all ▁ when it is 0 and all ▄ otherwise (a steady
// non-zero rate should not look like zero).
std::string Sparkline(std::span<const std::optional<double>> values);

}  // namespace sellerwatch::digest
