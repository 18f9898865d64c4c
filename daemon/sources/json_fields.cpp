#include "sources/json_fields.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace sellerwatch::sources {
namespace json = boost::json;

const json::object* ObjectAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_object() ? &v->as_object() : nullptr;
}

const json::array* ArrayAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_array() ? &v->as_array() : nullptr;
}

std::string StringAt(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

core::Result<std::optional<core::Timestamp>> TimeAt(const json::object& o, std::string_view key,
                                                    std::string_view record) {
  const json::value* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::optional<core::Timestamp>();
  if (v->is_string()) {
    if (auto t = core::ParseRfc3339(v->as_string())) return std::optional<core::Timestamp>(*t);
  }
  return core::Error::Data(fmt::format("{}: field '{}': expected an RFC 3339 timestamp, got {}",
                                       record, key, json::serialize(*v).substr(0, 60)));
}

core::Result<core::Timestamp> RequiredTimeAt(const json::object& o, std::string_view key,
                                             std::string_view record) {
  auto t = TimeAt(o, key, record);
  if (!t) return t.error();
  if (!*t) return core::Error::Data(fmt::format("{}: field '{}' is missing", record, key));
  return **t;
}

core::Result<json::object> ParseJsonObject(std::string_view body, std::string_view what) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec) return core::Error::Data(fmt::format("{}: malformed JSON: {}", what, ec.message()));
  if (!v.is_object()) return core::Error::Data(fmt::format("{}: not a JSON object", what));
  return std::move(v.as_object());
}

core::ParsedEvent Encoded(core::Event event) {
  std::string payload = core::EncodeEvent(event);
  return {std::move(event), std::move(payload)};
}

}  // namespace sellerwatch::sources
