#pragma once

// Lenient reading of marketplace JSON for the mappers: a field of the wrong type reads as
// absent, and whether absent is an error is the mapper's call (with the record named).

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/event_json.hpp"
#include "core/time.hpp"

namespace sellerwatch::sources {

const boost::json::object* ObjectAt(const boost::json::object& o, std::string_view key);
const boost::json::array* ArrayAt(const boost::json::object& o, std::string_view key);
// The string, or "" when absent or not a string.
std::string StringAt(const boost::json::object& o, std::string_view key);

// An optional RFC 3339 timestamp: absent or null is nullopt, anything else must parse.
// `record` names what it belongs to in the error ("order 12-34").
core::Result<std::optional<core::Timestamp>> TimeAt(const boost::json::object& o,
                                                    std::string_view key, std::string_view record);
// The same, and absent is an error too.
core::Result<core::Timestamp> RequiredTimeAt(const boost::json::object& o, std::string_view key,
                                             std::string_view record);

// A whole answer that must be a JSON object; `what` names it in the error ("getOrders").
core::Result<boost::json::object> ParseJsonObject(std::string_view body, std::string_view what);

// A mapped event with its normalized JSON payload, as the store keeps it.
core::ParsedEvent Encoded(core::Event event);

}  // namespace sellerwatch::sources
