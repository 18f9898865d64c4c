#include "notify/render/notification_json.hpp"

#include <algorithm>
#include <boost/json.hpp>

#include "core/utf8.hpp"

namespace sellerwatch::notify {
namespace json = boost::json;
namespace {

// Boost.JSON copies bytes through as they are; receivers reject invalid UTF-8.
std::string ValidUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) core::AppendUtf8(out, core::NextCodePoint(text, pos));
  return out;
}

json::object LabelsObject(const core::Labels& labels) {
  json::object o;
  for (const auto& [k, v] : labels) o[ValidUtf8(k)] = ValidUtf8(v);
  return o;
}

}  // namespace

std::string NotificationJson(const core::Notification& n) {
  json::object doc;
  doc["version"] = 1;
  bool any_firing = std::any_of(n.alerts.begin(), n.alerts.end(), [](const core::Alert& a) {
    return a.state != core::AlertState::kResolved;
  });
  doc["type"] = any_firing ? "alert.firing" : "alert.resolved";
  doc["receiver"] = ValidUtf8(n.receiver);
  doc["group_key"] = ValidUtf8(n.group_key);
  doc["created_at"] = core::FormatRfc3339(n.created_at);
  doc["status"] = any_firing ? "firing" : "resolved";
  json::array alerts;
  for (const auto& a : n.alerts) {
    json::object o;
    o["status"] = core::Name(a.state);
    o["severity"] = core::Name(a.severity);
    o["labels"] = LabelsObject(a.labels);
    o["annotations"] = LabelsObject(a.annotations);
    o["starts_at"] = core::FormatRfc3339(a.starts_at);
    o["ends_at"] = a.ends_at ? json::value(core::FormatRfc3339(*a.ends_at)) : nullptr;
    alerts.push_back(std::move(o));
  }
  doc["alerts"] = std::move(alerts);
  if (n.digest) {
    doc["type"] = "digest";
    doc["status"] = "digest";
    doc["digest"] = {{"subject", ValidUtf8(n.digest->subject)},
                     {"text", ValidUtf8(n.digest->text)}};
  }
  return json::serialize(doc);
}

}  // namespace sellerwatch::notify
