#include "sources/http_json/settings.hpp"

#include <fmt/format.h>

#include <array>

#include "config/field_checks.hpp"

namespace sellerwatch::sources::http_json {
namespace {

// "" (the whole document) or an RFC 6901 pointer starting with '/'.
void ReadJsonPointer(config::MapReader& map, std::string_view key, std::string& out) {
  if (auto s = map.ReadScalar(key)) {
    if (!s->value.empty() && s->value.front() != '/') {
      map.reader().Error(*map.Get(key),
                         fmt::format("invalid JSON pointer {}: expected \"\" or a pointer like "
                                     "/data/orders",
                                     s->Quoted()));
      return;
    }
    out = s->value;
  }
}

}  // namespace

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map) {
  static constexpr std::array<std::string_view, 4> kEventTypes = {"order", "feedback", "claim",
                                                                  "message"};
  auto out = std::make_shared<Settings>();
  config::Reader& reader = map.reader();
  map.Require("url");
  if (auto url = config::ReadUrl(map, "url", true, {"http", "https"}))
    out->url = config::Secret(url->value);
  if (auto headers = map.Get("headers")) {
    config::MapReader h = config::MapReader::AnyKeys(reader, *headers);
    for (const auto& entry : h.entries()) {
      if (auto value = reader.ReadScalar(entry.value, true))
        out->headers[entry.key] = config::Secret(value->value);
    }
  }
  if (auto f = map.Get("event_type")) {
    if (auto v = config::ReadOneOf(reader, *f, "event type", kEventTypes))
      out->event_type = *core::ParseEventType(*v);
  }
  ReadJsonPointer(map, "items", out->items);
  ReadJsonPointer(map, "next", out->next);
  if (auto fields = map.Get("fields")) {
    config::MapReader m = config::MapReader::AnyKeys(reader, *fields);
    for (const auto& entry : m.entries()) {
      if (auto value = reader.ReadScalar(entry.value)) {
        if (!value->value.empty() && value->value.front() != '/') {
          reader.Error(entry.value, fmt::format("invalid JSON pointer {}: expected a pointer "
                                                "like /purchaseDate",
                                                value->Quoted()));
          continue;
        }
        out->fields[entry.key] = value->value;
      }
    }
  }
  map.Read("poll", out->poll, config::Positive::kYes);
  return out;
}

}  // namespace sellerwatch::sources::http_json
