#pragma once

#include <string>
#include <vector>

#include "core/event_json.hpp"

namespace sellerwatch::sources::flat_files {

// What a report or export gave: its events, and the rows refused, each naming its line and why.
// Whether a refused row spoils the rest is the caller's call: the API stream keeps the good
// rows of a report it cannot ask again, a dropped file is refused whole (it can be fixed and
// dropped again).
struct MappedReport {
  std::vector<core::ParsedEvent> events;
  std::vector<std::string> rejected;
};

}  // namespace sellerwatch::sources::flat_files
