#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/event.hpp"

namespace sellerwatch::core {

// An event read from its JSON form (DESIGN.md §1.3) together with the canonical JSON the store
// keeps: known fields in a fixed order, unknown ones preserved under "extra".
struct ParsedEvent {
  Event event;
  std::string payload;
};

// Parses one JSONL line. `default_account` fills a missing "account". Errors are kData and say
// which field is wrong and why ("field 'rating': expected an integer from 1 to 5"); a syntax
// error names the column. Where a field is absent, updated_at defaults to the latest time the
// event carries, so a correction without a timestamp still replaces an identical-time version.
Result<ParsedEvent> ParseEventJson(std::string_view text, std::string_view default_account = {});

// Only the event of a canonical payload, as the store reads its own rows back: the same checks,
// without rebuilding the payload (several times faster; start-up loads every event).
Result<Event> DecodeEvent(std::string_view text);

// The canonical JSON of an event that came from elsewhere (simulator, API adapters).
std::string EncodeEvent(const Event& event);

}  // namespace sellerwatch::core
