#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "core/event_json.hpp"
#include "sources/http_json/json_pointer.hpp"
#include "sources/http_json/record_mapper.hpp"

namespace sellerwatch::sources::http_json {

// What one answer holds: its records as events, and where the next page is.
struct Page {
  std::vector<core::ParsedEvent> events;
  std::size_t records = 0;
  // The value at `next` as text (a URL or a token), or nothing: this is the last page. Absent,
  // null, false and "" all mean "no more pages".
  std::optional<std::string> next;
};

// Parses one answer (pure): the records at `items` (null counts as none, absent is an error, as
// a mistyped pointer would otherwise read nothing for ever), each through `mapper`. All or
// nothing: the first bad record is the error, named by its pointer in the answer and its id
// ("record /data/orders/3 (id 'SO-1004'): field 'purchased_at': nothing at /created ...").
core::Result<Page> MapPage(std::string_view body, const JsonPointer& items,
                           const std::optional<JsonPointer>& next, const RecordMapper& mapper);

}  // namespace sellerwatch::sources::http_json
