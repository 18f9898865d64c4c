#include "notify/render/alertmanager_payload.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/text.hpp"

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
  for (const auto& [key, value] : AlertmanagerLabels(a)) labels[key] = value;
  return labels;
}

// Account ids are [a-z0-9_-]+; anything else is percent-encoded all the same.
std::string QueryValue(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_' || c == '.' || c == '~';
    out += plain ? std::string(1, c) : fmt::format("%{:02X}", u);
  }
  return out;
}

json::object AnnotationsOf(const core::Alert& a) {
  json::object out;
  for (const auto& [key, value] : a.annotations) {
    std::string v = core::Truncate(core::CleanText(value), kAnnotationLength);
    if (!v.empty()) out[LabelName(key)] = v;
  }
  return out;
}

}  // namespace

core::Labels AlertmanagerLabels(const core::Alert& a) {
  core::Labels labels;
  for (const auto& [key, value] : a.labels) {
    std::string v = core::CleanLine(value);
    if (!v.empty()) labels[LabelName(key)] = v;
  }
  labels["alertname"] =
      core::CleanLine(a.Label("rule").empty() ? a.Label("metric") : a.Label("rule"));
  labels["severity"] = core::Name(a.severity);
  return labels;
}

std::string AlertmanagerPayload(const core::Notification& n, const AlertmanagerOptions& options) {
  json::array alerts;
  const core::Timestamp now = options.now.value_or(n.created_at);
  for (const auto& a : n.alerts) {
    json::object o;
    o["labels"] = LabelsOf(a);
    o["annotations"] = AnnotationsOf(a);
    o["startsAt"] = core::FormatRfc3339(a.starts_at);
    core::Timestamp ends = a.state == core::AlertState::kResolved ? a.ends_at.value_or(now)
                                                                  : now + options.firing_validity;
    // Alertmanager rejects the whole batch when one alert ends before it starts.
    ends = std::max(ends, a.starts_at);
    o["endsAt"] = core::FormatRfc3339(ends);
    if (!options.status_url.empty()) {
      const std::string& account = a.Label("account");
      o["generatorURL"] = core::CleanLine(options.status_url) +
                          (account.empty() ? "" : "?account=" + QueryValue(account));
    }
    alerts.push_back(std::move(o));
  }
  return json::serialize(alerts);
}

}  // namespace sellerwatch::notify
