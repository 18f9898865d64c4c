#pragma once

#include <boost/json/fwd.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"
#include "core/event_fields.hpp"
#include "core/event_json.hpp"
#include "sources/http_json/settings.hpp"

namespace sellerwatch::sources::http_json {

// One API record -> one normalized event, by the source's `fields` (pure: no I/O, no clock).
// Each field is read and converted here (pointer, constant, default, value map, time format);
// the event is then checked by the same parser as JSONL imports (core::ParseEventJson), so a
// mapped record meets exactly the rules of §1.3. Fields that are not mapped are not stored.
class RecordMapper {
 public:
  RecordMapper(const Settings& settings, std::string account);

  // Errors name the normalized field and the pointer ("field 'purchased_at' (/created):
  // expected a time like '%d.%m.%Y %H:%M', got \"gestern\"").
  core::Result<core::ParsedEvent> Map(const boost::json::value& record) const;

  // The record's id as text, for naming a record in an error; nothing when not found.
  std::optional<std::string> IdOf(const boost::json::value& record) const;

 private:
  std::string account_;
  core::EventType type_;
  std::vector<std::pair<const core::EventField*, FieldSpec>> fields_;  // in §1.3 order
};

}  // namespace sellerwatch::sources::http_json
