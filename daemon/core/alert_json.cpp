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

Result<std::string> StringField(const json::object& o, std::string_view key) {
  const auto* v = o.if_contains(key);
  if (!v || !v->is_string()) return Error::Data("digest." + std::string(key) + " is not a string");
  return std::string(v->get_string());
}

Result<DigestPayload> DigestFromJson(const json::value& value) {
  const auto* o = value.if_object();
  if (!o) return Error::Data("digest is not an object");
  DigestPayload d;
  for (auto [key, field] : {std::pair{"subject", &d.subject}, std::pair{"text", &d.text},
                            std::pair{"html", &d.html}, std::pair{"chat_title", &d.chat_title}}) {
    auto s = StringField(*o, key);
    if (!s) return s.error();
    *field = std::move(*s);
  }
  const auto* chat = o->if_contains("chat");
  if (!chat || !chat->is_array()) return Error::Data("digest.chat is not an array");
  for (const auto& item : chat->get_array()) {
    const auto* section = item.if_object();
    const auto* lines = section ? section->if_contains("lines") : nullptr;
    if (!lines || !lines->is_array()) return Error::Data("digest.chat entry lacks lines");
    auto title = StringField(*section, "title");
    if (!title) return title.error();
    DigestChatSection out{std::move(*title), {}};
    for (const auto& line : lines->get_array()) {
      if (!line.is_string()) return Error::Data("digest.chat line is not a string");
      out.lines.emplace_back(line.get_string());
    }
    d.chat.push_back(std::move(out));
  }
  return d;
}

}  // namespace

json::value AlertToJson(const Alert& a) {
  json::object o;
  o["labels"] = LabelsToJson(a.labels);
  o["annotations"] = LabelsToJson(a.annotations);
  if (!a.localized.empty()) {
    json::object localized;
    for (const auto& [language, annotations] : a.localized) {
      localized[language] = LabelsToJson(annotations);
    }
    o["localized"] = std::move(localized);
  }
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
  if (const auto* localized = o->if_contains("localized")) {
    if (!localized->is_object()) return Error::Data("alert.localized is not an object");
    for (const auto& [language, text] : localized->get_object()) {
      auto annotations = LabelsFromJson(&text, "alert.localized");
      if (!annotations) return annotations.error();
      a.localized[std::string(language)] = std::move(*annotations);
    }
  }
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
  if (n.digest) {
    json::array chat;
    for (const auto& section : n.digest->chat) {
      json::array lines;
      for (const auto& line : section.lines) lines.push_back(json::string(line));
      chat.push_back(json::object{{"title", section.title}, {"lines", std::move(lines)}});
    }
    o["digest"] = json::object{{"subject", n.digest->subject},
                               {"text", n.digest->text},
                               {"html", n.digest->html},
                               {"chat_title", n.digest->chat_title},
                               {"chat", std::move(chat)}};
  }
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
  if (const auto* digest = o->if_contains("digest"); digest && !digest->is_null()) {
    auto payload = DigestFromJson(*digest);
    if (!payload) return payload.error().Context("notification");
    n.digest = std::move(*payload);
  }
  return n;
}

}  // namespace sellerwatch::core
