#include "notify/render/notification_json.hpp"

#include <boost/json.hpp>

#include <algorithm>

namespace sellerwatch::notify {
namespace json = boost::json;
namespace {

json::object LabelsObject(const core::Labels& labels) {
  json::object o;
  for (const auto& [k, v] : labels) o[k] = v;
  return o;
}

}  // namespace

std::string NotificationJson(const core::Notification& n) {
  json::object doc;
  doc["version"] = 1;
  doc["receiver"] = n.receiver;
  doc["group_key"] = n.group_key;
  doc["created_at"] = core::FormatRfc3339(n.created_at);
  bool any_firing = std::any_of(n.alerts.begin(), n.alerts.end(), [](const core::Alert& a) {
    return a.state != core::AlertState::kResolved;
  });
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
  return json::serialize(doc);
}

}  // namespace sellerwatch::notify
