#pragma once

#include <map>
#include <optional>
#include <string>

#include "config/secret.hpp"
#include "config/source_type.hpp"
#include "core/event.hpp"
#include "sources/http_json/json_pointer.hpp"
#include "sources/time_format.hpp"

namespace sellerwatch::sources::http_json {

using namespace std::chrono_literals;

// How one normalized field is filled from a record (`fields.<name>`): a pointer into the record
// or a constant `value`; for time fields the format; for the others an optional map from the
// API's values to normalized ones and a `default` for a record without the field.
struct FieldSpec {
  std::optional<JsonPointer> pointer;
  std::optional<std::string> constant;        // `value:`, already checked against the field's kind
  TimeFormat format;                          // time fields
  std::map<std::string, std::string> values;  // API value (as text) -> normalized; "*": any other
  std::optional<std::string> fallback;        // `default:`: when the pointer finds nothing or null

  bool operator==(const FieldSpec&) const = default;
};

// The keys of an `http-json` source (README, "Any JSON API", is the reference).
struct Settings : config::SourceSettingsOf<Settings> {
  config::Secret url;  // a template ({since}, {page}, {offset}); may carry a token
  std::map<std::string, config::Secret> headers;
  core::EventType event_type = core::EventType::kOrder;
  JsonPointer items;                          // the array of records ("" = the document)
  std::optional<JsonPointer> next;            // the next page's URL, or its token with next_param
  std::string next_param;                     // the query parameter a `next` token goes into
  std::map<std::string, FieldSpec> fields;    // normalized field -> how to read it
  std::string timezone;                       // of time patterns without an offset ("" = UTC)
  TimeFormat since_format;                    // {since}
  core::Duration overlap = 5min;              // {since} = newest updated_at stored - overlap
  core::Duration backfill = 60 * core::kDay;  // {since} of the first poll = now - backfill
  int first_page = 1;                         // {page} of the first page
  int max_pages = 100;                        // per poll; more is an error
  core::Duration poll = 5min;

  bool operator==(const Settings&) const = default;
  core::Duration ShortestPoll() const override { return poll; }
};

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map);

}  // namespace sellerwatch::sources::http_json
