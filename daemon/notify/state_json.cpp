#include "notify/state_json.hpp"

#include <boost/json.hpp>

#include "core/alert_json.hpp"

namespace sellerwatch::notify {
namespace {

namespace json = boost::json;
using core::Error;
using core::Result;
using core::Timestamp;

constexpr std::int64_t kVersion = 1;

// Reading: each helper records the first problem and returns a harmless default, so the
// readers stay flat; the caller checks `error` once at the end.
class Reader {
 public:
  const json::object* Object(const json::object& o, std::string_view key) {
    const json::value* v = Field(o, key);
    if (v == nullptr) return nullptr;
    if (v->is_object()) return &v->get_object();
    Fail(key, "an object");
    return nullptr;
  }
  const json::array* Array(const json::object& o, std::string_view key) {
    const json::value* v = Field(o, key);
    if (v == nullptr) return nullptr;
    if (v->is_array()) return &v->get_array();
    Fail(key, "an array");
    return nullptr;
  }
  std::string String(const json::object& o, std::string_view key) {
    const json::value* v = Field(o, key);
    if (v == nullptr) return {};
    if (v->is_string()) return std::string(v->get_string());
    Fail(key, "a string");
    return {};
  }
  std::int64_t Int(const json::object& o, std::string_view key) {
    const json::value* v = Field(o, key);
    if (v == nullptr) return 0;
    if (v->is_int64()) return v->get_int64();
    if (v->is_uint64() && v->get_uint64() <= static_cast<std::uint64_t>(INT64_MAX))
      return static_cast<std::int64_t>(v->get_uint64());
    Fail(key, "an integer");
    return 0;
  }
  Timestamp Time(const json::object& o, std::string_view key) {
    return core::FromUnixMillis(Int(o, key));
  }
  std::optional<Timestamp> OptionalTime(const json::object& o, std::string_view key) {
    const json::value* v = Field(o, key);
    if (v == nullptr || v->is_null()) return std::nullopt;
    if (v->is_int64()) return core::FromUnixMillis(v->get_int64());
    Fail(key, "an integer or null");
    return std::nullopt;
  }
  core::Labels Labels(const json::object& o, std::string_view key) {
    core::Labels out;
    const json::object* m = Object(o, key);
    if (m == nullptr) return out;
    for (const auto& [k, v] : *m) {
      if (!v.is_string()) {
        Fail(key, "an object of strings");
        return out;
      }
      out.emplace(std::string(k), std::string(v.get_string()));
    }
    return out;
  }
  core::AlertState State(const json::object& o, std::string_view key) {
    if (auto s = core::ParseAlertState(String(o, key))) return *s;
    Fail(key, "an alert state");
    return core::AlertState::kInactive;
  }
  core::Severity Severity(const json::object& o, std::string_view key) {
    if (auto s = core::ParseSeverity(String(o, key))) return *s;
    Fail(key, "a severity");
    return core::Severity::kWarning;
  }
  void Fail(std::string_view key, std::string_view expected) {
    if (error.empty()) error = "\"" + std::string(key) + "\" must be " + std::string(expected);
  }

  std::string error;

 private:
  const json::value* Field(const json::object& o, std::string_view key) {
    const json::value* v = o.if_contains(key);
    if (v == nullptr && error.empty()) error = "missing \"" + std::string(key) + "\"";
    return v;
  }
};

json::object LabelsJson(const core::Labels& labels) {
  json::object o;
  for (const auto& [k, v] : labels) o[k] = v;
  return o;
}

json::value TimeJson(std::optional<Timestamp> t) {
  if (!t) return nullptr;
  return core::ToUnixMillis(*t);
}

Result<json::object> ParseObject(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec) return Error::Data(std::string(what) + ": " + ec.message());
  if (!v.is_object()) return Error::Data(std::string(what) + ": not a JSON object");
  return std::move(v.get_object());
}

template <class T>
Result<T> Finish(const Reader& r, T value, std::string_view what) {
  if (!r.error.empty()) return Error::Data(std::string(what) + ": " + r.error);
  return value;
}

}  // namespace

std::string ToJson(const GroupState& g) {
  json::object o;
  o["version"] = kVersion;
  o["key"] = g.key;
  o["receiver"] = g.receiver;
  o["route_index"] = static_cast<std::int64_t>(g.route_index);
  o["group_labels"] = LabelsJson(g.group_labels);
  json::object members;
  for (const auto& [id, a] : g.members) members[id] = core::AlertToJson(a);
  o["members"] = std::move(members);
  o["next_flush_at"] = TimeJson(g.next_flush_at);
  o["last_flush_at"] = TimeJson(g.last_flush_at);
  o["last_sent_at"] = TimeJson(g.last_sent_at);
  json::object notified;
  for (const auto& [id, e] : g.last_notified)
    notified[id] =
        json::object{{"state", core::Name(e.state)}, {"severity", core::Name(e.severity)}};
  o["last_notified"] = std::move(notified);
  json::array held;
  for (const auto& id : g.held) held.emplace_back(id);
  o["held"] = std::move(held);
  o["content_hash"] = g.content_hash;
  return json::serialize(o);
}

Result<GroupState> GroupStateFromJson(std::string_view text) {
  auto parsed = ParseObject(text, "group");
  if (!parsed) return parsed.error();
  const json::object& o = *parsed;
  Reader r;
  if (std::int64_t v = r.Int(o, "version"); r.error.empty() && v != kVersion)
    return Error::Data("group: unsupported version " + std::to_string(v));
  GroupState g;
  g.key = r.String(o, "key");
  g.receiver = r.String(o, "receiver");
  std::int64_t route = r.Int(o, "route_index");
  if (route < 0) r.Fail("route_index", "not negative");
  g.route_index = static_cast<std::size_t>(route);
  g.group_labels = r.Labels(o, "group_labels");
  if (const json::object* m = r.Object(o, "members")) {
    for (const auto& [id, v] : *m) {
      auto alert = core::AlertFromJson(v);
      if (!alert) {
        r.Fail("members", "an object of alerts (" + alert.error().message + ")");
        break;
      }
      g.members.emplace(std::string(id), std::move(*alert));
    }
  }
  g.next_flush_at = r.OptionalTime(o, "next_flush_at");
  g.last_flush_at = r.OptionalTime(o, "last_flush_at");
  g.last_sent_at = r.OptionalTime(o, "last_sent_at");
  if (const json::object* m = r.Object(o, "last_notified")) {
    for (const auto& [id, v] : *m) {
      if (!v.is_object()) {
        r.Fail("last_notified", "an object of entries");
        break;
      }
      g.last_notified.emplace(
          std::string(id),
          NotifiedEntry{r.State(v.get_object(), "state"), r.Severity(v.get_object(), "severity")});
    }
  }
  if (const json::array* held = r.Array(o, "held")) {
    for (const auto& v : *held) {
      if (!v.is_string()) {
        r.Fail("held", "an array of strings");
        break;
      }
      g.held.emplace(v.get_string());
    }
  }
  g.content_hash = r.String(o, "content_hash");
  return Finish(r, std::move(g), "group");
}

}  // namespace sellerwatch::notify
