#include "core/value_format.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/rate.hpp"

namespace sellerwatch::core {

std::string FormatValue(MetricUnit unit, double value) {
  switch (unit) {
    case MetricUnit::kRate:
      return FormatPercent(value);
    case MetricUnit::kDuration: {
      long minutes = std::lround(value / 60.0);
      if (minutes < 60) return fmt::format("{}m", minutes);
      if (minutes % 60 == 0) return fmt::format("{}h", minutes / 60);
      return fmt::format("{}h {}m", minutes / 60, minutes % 60);
    }
    case MetricUnit::kCount:
      return fmt::format("{}", std::llround(value));
    case MetricUnit::kNumber:
    case MetricUnit::kStatus:
      return fmt::format("{:g}", value);
  }
  return fmt::format("{:g}", value);
}

std::string FormatLikelihood(double probability) {
  double percent = std::round(probability * 100);
  // A chance that is not certain is never shown as certain, nor a possible one as impossible.
  if (percent >= 100 && probability < 1) percent = 99;
  if (percent <= 0 && probability > 0) percent = 1;
  return fmt::format("{:.0f}%", percent);
}

}  // namespace sellerwatch::core
