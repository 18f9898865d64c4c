#pragma once

#include <map>
#include <string>

#include "config/secret.hpp"
#include "config/source_type.hpp"
#include "core/event.hpp"

namespace sellerwatch::sources::http_json {

using namespace std::chrono_literals;

// The keys of an `http-json` source.
struct Settings : config::SourceSettingsOf<Settings> {
  config::Secret url;  // may carry a token in its query
  std::map<std::string, config::Secret> headers;
  core::EventType event_type = core::EventType::kOrder;
  std::string items = "";  // JSON pointer to the array of records ("" = the document)
  std::string next = "";   // JSON pointer to the next page's URL (empty: single page)
  std::map<std::string, std::string> fields;  // normalized field -> JSON pointer in a record
  core::Duration poll = 5min;

  bool operator==(const Settings&) const = default;
  core::Duration ShortestPoll() const override { return poll; }
};

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map);

}  // namespace sellerwatch::sources::http_json
