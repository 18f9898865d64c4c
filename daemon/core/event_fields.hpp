#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/event.hpp"

namespace sellerwatch::core {

// What a normalized field holds, so mappings from other formats (CSV columns, JSON pointers)
// can convert a cell to it and config can check a mapping before any data arrives.
enum class FieldKind {
  kText,    // a string (numbers are taken as their decimal text: numeric ids)
  kTime,    // stored as RFC 3339
  kBool,    // true / false
  kRating,  // an integer 1..5
  kNumber,  // a number >= 0 (an amount)
  kEnum,    // one of `allowed`
};

struct EventField {
  std::string_view name;
  FieldKind kind;
  bool required;  // without it the event is refused (DESIGN.md §1.3)
  std::span<const std::string_view> allowed = {};  // kEnum: the normalized values
};

// The fields of one event type as core/event_json.cpp reads them ("type" and "account" aside).
std::span<const EventField> FieldsOf(EventType type);
// The field `name` of `type`, or null.
const EventField* FindField(EventType type, std::string_view name);
// "id, purchased_at, status, ...": the fields of `type`, for messages.
std::string FieldNames(EventType type);

}  // namespace sellerwatch::core
