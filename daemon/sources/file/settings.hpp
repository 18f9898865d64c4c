#pragma once

#include <optional>
#include <string>

#include "config/source_type.hpp"
#include "sources/flat_files/csv_export.hpp"

namespace sellerwatch::sources::file {

using namespace std::chrono_literals;

// The keys of a `file` source.
struct Settings : config::SourceSettingsOf<Settings> {
  std::string path;  // the directory exports are dropped into
  core::Duration poll = 1min;
  // `columns:` (with `event_type`, `delimiter`, `timezone`): how *.csv exports map to events.
  std::optional<flat_files::CsvMapping> csv;

  bool operator==(const Settings&) const = default;
  core::Duration ShortestPoll() const override { return poll; }
};

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map);

}  // namespace sellerwatch::sources::file
