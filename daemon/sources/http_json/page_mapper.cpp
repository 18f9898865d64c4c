#include "sources/http_json/page_mapper.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace sellerwatch::sources::http_json {
namespace json = boost::json;

namespace {

std::string_view Describe(const json::value& v) {
  switch (v.kind()) {
    case json::kind::object:
      return "an object";
    case json::kind::array:
      return "a list";
    case json::kind::string:
      return "a string";
    case json::kind::bool_:
      return "a boolean";
    case json::kind::null:
      return "null";
    default:
      return "a number";
  }
}

std::string Where(const JsonPointer& p) { return p.empty() ? "the top level" : p.text(); }

}  // namespace

core::Result<Page> MapPage(std::string_view body, const JsonPointer& items,
                           const std::optional<JsonPointer>& next, const RecordMapper& mapper) {
  // A UTF-8 byte order mark, as some Windows ERPs send, is not JSON but harmless.
  if (body.starts_with("\xEF\xBB\xBF")) body.remove_prefix(3);
  json::stream_parser parser;
  boost::system::error_code ec;
  std::size_t consumed = parser.write_some(body.data(), body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec && consumed >= body.size()) {
    return core::Error::Data(
        fmt::format("malformed JSON: {} (the answer ends after {} bytes: cut short?)", ec.message(),
                    body.size()));
  }
  if (ec) {
    return core::Error::Data(fmt::format("malformed JSON at byte {} of {}: {}", consumed + 1,
                                         body.size(), ec.message()));
  }
  json::value doc = parser.release();

  Page page;
  const json::value* list = items.Find(doc);
  if (list == nullptr) {
    // What is there instead, to help find the right pointer.
    std::string there = fmt::format("the answer is {}", Describe(doc));
    if (doc.is_object()) {
      std::string keys;
      std::size_t n = 0;
      for (const auto& kv : doc.get_object()) {
        if (n++ == 10) {
          keys += ", …";
          break;
        }
        keys += (keys.empty() ? "" : ", ") + std::string(kv.key());
      }
      there = "its top-level keys: " + (keys.empty() ? std::string("none") : keys);
    }
    return core::Error::Data(
        fmt::format("items: nothing at {} in the answer ({})", Where(items), there));
  }
  if (!list->is_null()) {
    if (!list->is_array()) {
      return core::Error::Data(
          fmt::format("items: expected a list at {}, got {}", Where(items), Describe(*list)));
    }
    const json::array& records = list->get_array();
    page.records = records.size();
    page.events.reserve(records.size());
    for (std::size_t i = 0; i < records.size(); ++i) {
      auto name = [&] {
        auto id = mapper.IdOf(records[i]);
        return fmt::format("record {}/{}{}", items.text(), i, id ? " (id '" + *id + "')" : "");
      };
      if (!records[i].is_object()) {
        return core::Error::Data(
            fmt::format("{}: expected an object, got {}", name(), Describe(records[i])));
      }
      auto event = mapper.Map(records[i]);
      if (!event) return event.error().Context(name());
      page.events.push_back(std::move(*event));
    }
  }
  if (next) {
    const json::value* n = next->Find(doc);
    if (n == nullptr || n->is_null() || (n->is_bool() && !n->get_bool()) ||
        (n->is_string() && n->get_string().empty())) {
      return page;
    }
    if (n->is_string()) {
      page.next = std::string(n->get_string());
    } else if (n->is_int64() || n->is_uint64()) {
      page.next = json::serialize(*n);
    } else {
      return core::Error::Data(
          fmt::format("next ({}): expected a URL or a token, got {}", next->text(), Describe(*n)));
    }
  }
  return page;
}

}  // namespace sellerwatch::sources::http_json
