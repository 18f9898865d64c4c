#include "core/alert_json.hpp"

#include <boost/json.hpp>

namespace sellerwatch::core {
namespace json = boost::json;
namespace {

json::object LabelsToJson(const Labels& labels) {
  json::object o;
  for (const auto& [k, v] : labels) o[k] = v;
  return o;
}

Result<Labels> LabelsFromJson(const json::value* v, std::string_view what) {
  Labels out;
  if (!v) return out;
  const auto* o = v->if_object();
  if (!o) return Error::Data(std::string(what) + " is not an object");
  for (const auto& [k, item] : *o) {
    const auto* s = item.if_string();
    if (!s) return Error::Data(std::string(what) + "." + std::string(k) + " is not a string");
    out.emplace(std::string(k), std::string(*s));
  }
  return out;
}

Result<std::int64_t> Millis(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_int64()) return Error::Data("alert." + std::string(key) + " is not a number");
  return v->get_int64();
}

}  // namespace

json::value AlertToJson(const Alert& a) {
  json::object o;
  o["labels"] = LabelsToJson(a.labels);
  o["annotations"] = LabelsToJson(a.annotations);
  o["state"] = Name(a.state);
  o["severity"] = Name(a.severity);
  o["starts_at"] = ToUnixMillis(a.starts_at);
  if (a.ends_at) o["ends_at"] = ToUnixMillis(*a.ends_at);
  return o;
}

Result<Alert> AlertFromJson(const json::value& value) {
  const auto* o = value.if_object();
  if (!o) return Error::Data("alert is not an object");
  Alert a;
  auto labels = LabelsFromJson(o->if_contains("labels"), "alert.labels");
  if (!labels) return labels.error();
  a.labels = std::move(*labels);
  auto annotations = LabelsFromJson(o->if_contains("annotations"), "alert.annotations");
  if (!annotations) return annotations.error();
  a.annotations = std::move(*annotations);
  const auto* state = o->if_contains("state");
  auto parsed_state =
      state && state->is_string() ? ParseAlertState(state->get_string()) : std::nullopt;
  if (!parsed_state) return Error::Data("alert.state is missing or unknown");
  a.state = *parsed_state;
  const auto* severity = o->if_contains("severity");
  auto parsed_severity =
      severity && severity->is_string() ? ParseSeverity(severity->get_string()) : std::nullopt;
  if (!parsed_severity) return Error::Data("alert.severity is missing or unknown");
  a.severity = *parsed_severity;
  auto starts = Millis(*o, "starts_at");
  if (!starts) return starts.error();
  a.starts_at = FromUnixMillis(*starts);
  if (const auto* ends_at = o->if_contains("ends_at"); ends_at && !ends_at->is_null()) {
    auto ends = Millis(*o, "ends_at");
    if (!ends) return ends.error();
    a.ends_at = FromUnixMillis(*ends);
  }
  return a;
}

std::string EncodeNotification(const Notification& n) {
  json::object o;
  o["receiver"] = n.receiver;
  o["group_key"] = n.group_key;
  o["created_at"] = ToUnixMillis(n.created_at);
  json::array alerts;
  for (const auto& a : n.alerts) alerts.push_back(AlertToJson(a));
  o["alerts"] = std::move(alerts);
  return json::serialize(o);
}

Result<Notification> DecodeNotification(std::string_view text) {
  boost::system::error_code ec;
  auto value = json::parse(text, ec);
  if (ec) return Error::Data("notification: " + ec.message());
  const auto* o = value.if_object();
  if (!o) return Error::Data("notification is not an object");
  Notification n;
  const auto* receiver = o->if_contains("receiver");
  const auto* group = o->if_contains("group_key");
  const auto* created = o->if_contains("created_at");
  const auto* alerts = o->if_contains("alerts");
  if (!receiver || !receiver->is_string() || !group || !group->is_string() || !created ||
      !created->is_int64() || !alerts || !alerts->is_array()) {
    return Error::Data("notification lacks receiver, group_key, created_at or alerts");
  }
  n.receiver = receiver->get_string();
  n.group_key = group->get_string();
  n.created_at = FromUnixMillis(created->get_int64());
  for (const auto& item : alerts->get_array()) {
    auto alert = AlertFromJson(item);
    if (!alert) return alert.error().Context("notification");
    n.alerts.push_back(std::move(*alert));
  }
  return n;
}

}  // namespace sellerwatch::core
