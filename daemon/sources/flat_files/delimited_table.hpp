#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sellerwatch::sources::flat_files {

// A delimited text file (a report download, a spreadsheet export): a header row naming the
// columns, then rows. Columns are found by name, never by position, because marketplaces add
// and reorder columns between regions and years.
struct Table {
  struct Row {
    int line = 0;  // 1-based, where the row starts in the file
    std::vector<std::string> cells;
  };

  int header_line = 0;
  std::vector<std::string> header;  // trimmed, as written
  std::vector<Row> rows;

  // The index of a column, its name compared trimmed and case-insensitively.
  std::optional<std::size_t> Column(std::string_view name) const;
  // A row's cell in `column`, trimmed; "" when the row is shorter.
  std::string_view Cell(const Row& row, std::size_t column) const;
};

enum class Quoting {
  kNone,     // Amazon's flat files: tabs separate, quotes are text (buyer comments quote freely)
  kRfc4180,  // CSV: "a, b" and "" for a quote inside quotes; a quoted cell may span lines
};

// The first non-blank line is the header; blank lines are skipped; a UTF-8 byte-order mark and
// CR before LF are dropped. An unterminated quote is an error naming the line it started on.
core::Result<Table> ParseDelimited(std::string_view text, char delimiter, Quoting quoting);

// The first non-blank line, without BOM or CR, for telling formats apart by their header.
std::string_view FirstLine(std::string_view text);

}  // namespace sellerwatch::sources::flat_files
