#include "notify/render/alertmanager_payload.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "notify/render/escape.hpp"

namespace sellerwatch::notify {
namespace json = boost::json;
namespace {

constexpr std::size_t kAnnotationLength = 4096;

// Alertmanager (legacy name validation, still the default) accepts [a-zA-Z_][a-zA-Z0-9_]*.
std::string LabelName(std::string_view key) {
  std::string out;
  for (char c : key) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
              (!out.empty() && c >= '0' && c <= '9');
    out += ok ? c : '_';
  }
  return out.empty() ? "_" : out;
}

json::object LabelsOf(const core::Alert& a) {
  json::object labels;
  for (const auto& [key, value] : a.labels) {
    std::string v = CleanLine(value);
    if (!v.empty()) labels[LabelName(key)] = v;
  }
  labels["alertname"] = CleanLine(a.Label("rule").empty() ? a.Label("metric") : a.Label("rule"));
  labels["severity"] = core::Name(a.severity);
  return labels;
}

json::object AnnotationsOf(const core::Alert& a) {
  json::object out;
  for (const auto& [key, value] : a.annotations) {
    std::string v = Truncate(CleanText(value), kAnnotationLength);
    if (!v.empty()) out[LabelName(key)] = v;
  }
  return out;
}

}  // namespace

std::string AlertmanagerPayload(const core::Notification& n, const AlertmanagerOptions& options) {
  json::array alerts;
  for (const auto& a : n.alerts) {
    json::object o;
    o["labels"] = LabelsOf(a);
    o["annotations"] = AnnotationsOf(a);
    o["startsAt"] = core::FormatRfc3339(a.starts_at);
    core::Timestamp ends = a.state == core::AlertState::kResolved
                               ? a.ends_at.value_or(n.created_at)
                               : n.created_at + options.firing_validity;
    // Alertmanager rejects the whole batch when one alert ends before it starts.
    ends = std::max(ends, a.starts_at);
    o["endsAt"] = core::FormatRfc3339(ends);
    if (!options.generator_url.empty()) {
      o["generatorURL"] = CleanLine(options.generator_url);
    }
    alerts.push_back(std::move(o));
  }
  return json::serialize(alerts);
}

}  // namespace sellerwatch::notify
