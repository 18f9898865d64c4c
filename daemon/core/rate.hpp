#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sellerwatch::core {

// "0.7%" → 0.007, "0.007" → 0.007. Only values within [0, 1] are rates.
std::optional<double> ParseRate(std::string_view text);
// 0.0083 → "0.83%"; trailing zeros dropped ("1%", "2.5%").
std::string FormatPercent(double fraction);

}  // namespace sellerwatch::core
