#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/event.hpp"
#include "sources/flat_files/mapped_report.hpp"
#include "sources/time_format.hpp"

namespace sellerwatch::sources::flat_files {

// Where one normalized field comes from in a CSV export.
struct ColumnMapping {
  std::string column;    // the header naming it; empty when `constant` is used instead
  std::string constant;  // the same value for every row (e.g. fulfillment: merchant)
  TimeFormat format{TimeFormat::Kind::kAuto, {}, {}};  // time fields, zone of local readings
  std::map<std::string, std::string> values;  // enum fields: cell as written → normalized value

  bool operator==(const ColumnMapping&) const = default;
};

// A `file` source's `columns:` map and its companions: how any spreadsheet export becomes
// normalized events of one type.
struct CsvMapping {
  core::EventType event_type = core::EventType::kOrder;
  char delimiter = ',';
  std::map<std::string, ColumnMapping> columns;  // normalized field → where it comes from

  bool operator==(const CsvMapping&) const = default;
};

// Each row becomes one event, checked exactly like a normalized JSONL line (so a CSV and the
// equivalent JSONL give the same events). Cells: times by their field's format (config's
// default: auto), booleans as true/false/yes/no/1/0, enum fields through `values` (else
// lower-cased), empty cells as absent. A mapped column missing
// from the header is an error naming it; a bad row is refused naming its line and field.
core::Result<MappedReport> MapCsvExport(std::string_view text, const CsvMapping& mapping,
                                        const std::string& account);

}  // namespace sellerwatch::sources::flat_files
