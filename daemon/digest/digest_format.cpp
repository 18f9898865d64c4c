#include "digest/digest_format.hpp"

#include <fmt/format.h>

#include <cmath>

#include "core/local_time.hpp"
#include "core/metric_words.hpp"
#include "core/value_format.hpp"

namespace sellerwatch::digest {

std::string FormatMaybe(core::MetricUnit unit, const std::optional<double>& value) {
  return value ? core::FormatValue(unit, *value) : "\u2014";
}

std::string FormatChange(core::MetricUnit unit, const std::optional<double>& change) {
  if (!change) return "\u2014";
  double c = *change;
  if (std::abs(c) < 1e-12) return "\u00B10";
  std::string sign = c > 0 ? "+" : "\u2212";
  if (unit == core::MetricUnit::kRate) return fmt::format("{}{:.2f} pp", sign, std::abs(c) * 100);
  return sign + core::FormatValue(unit, std::abs(c));
}

std::string FormatTarget(const MetricRow& row) {
  std::string out;
  if (row.warn) out = "warn " + core::FormatValue(row.unit, *row.warn);
  if (row.critical) {
    if (!out.empty()) out += " \u00B7 ";
    out += "critical " + core::FormatValue(row.unit, *row.critical);
  }
  return out.empty() ? "\u2014" : out;
}

std::string FormatWhen(const Digest& digest, core::Timestamp t) {
  return core::FormatLocal(t, digest.timezone, "%a %d %b %H:%M");
}

std::string FormatSpan(core::Duration d) {
  auto minutes = std::chrono::duration_cast<std::chrono::minutes>(d).count();
  if (minutes < 60) return fmt::format("{}m", minutes);
  auto hours = minutes / 60;
  if (hours < 24)
    return minutes % 60 ? fmt::format("{}h {}m", hours, minutes % 60) : fmt::format("{}h", hours);
  return hours % 24 ? fmt::format("{}d {}h", hours / 24, hours % 24)
                    : fmt::format("{}d", hours / 24);
}

std::string DescribeAlert(const Digest& digest, const AlertRow& a) {
  std::string out = a.fired_at ? "fired " + FormatWhen(digest, *a.fired_at)
                               : std::string("firing since before the week");
  out += a.resolved_at ? ", resolved " + FormatWhen(digest, *a.resolved_at)
                       : std::string(", still firing");
  return out + " (" + FormatSpan(a.time_in_alert) + " in alert)";
}

std::string Stars(int rating) {
  std::string out;
  for (int i = 1; i <= 5; ++i) out += i <= rating ? "\u2605" : "\u2606";
  return out;
}

std::string DigestSubject(const Digest& digest) {
  return "[sellerwatch] Weekly digest: " + digest.verdict;
}

std::string AlertName(const AccountDigest& account, const AlertRow& alert) {
  return alert.metric.empty() ? std::string(core::MetaAlertTitle(alert.rule))
                              : core::DisplayName(alert.metric, account.marketplace);
}

}  // namespace sellerwatch::digest
