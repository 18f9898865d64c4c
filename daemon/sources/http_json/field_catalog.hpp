#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/event.hpp"

namespace sellerwatch::sources::http_json {

// What a normalized field holds, which decides how a record's value is read into it.
enum class FieldKind {
  kText,    // a string (numbers are taken as their decimal text: numeric ids)
  kTime,    // read with the field's time format, stored as RFC 3339
  kBool,    // true / false
  kRating,  // an integer 1..5 (also "4" or 4.0)
  kEnum,    // one of `allowed`
};

// One normalized field of an event type (DESIGN.md §1.3).
struct FieldInfo {
  std::string_view name;
  FieldKind kind;
  bool required;
  std::span<const std::string_view> allowed;  // kEnum: the normalized values
};

// Every field an http-json source may map for `type` (order, feedback, claim, message), in
// the order of §1.3. `type` and `account` are not among them: they come from the config.
std::span<const FieldInfo> FieldsOf(core::EventType type);
const FieldInfo* FindField(core::EventType type, std::string_view name);
// "id, purchased_at, status, ..." for messages.
std::string FieldNames(core::EventType type);

}  // namespace sellerwatch::sources::http_json
