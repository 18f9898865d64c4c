#include "core/rate.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace sellerwatch::core {

std::optional<double> ParseRate(std::string_view s) {
  bool percent = !s.empty() && s.back() == '%';
  if (percent) s.remove_suffix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  if (s.empty()) return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  if (percent) v /= 100.0;
  if (v < 0.0 || v > 1.0) return std::nullopt;
  return v;
}

std::string FormatPercent(double fraction) {
  std::string s = fmt::format("{:.2f}", fraction * 100.0);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s + "%";
}

}  // namespace sellerwatch::core
