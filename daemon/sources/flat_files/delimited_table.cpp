#include "sources/flat_files/delimited_table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/utf8.hpp"

namespace sellerwatch::sources::flat_files {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";

std::string_view Trim(std::string_view s) {
  auto blank = [](char c) { return c == ' ' || c == '\r' || c == '\t'; };
  while (!s.empty() && blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  return s;
}

bool Blank(const std::vector<std::string>& cells) {
  return std::all_of(cells.begin(), cells.end(),
                     [](const std::string& c) { return Trim(c).empty(); });
}

bool SameName(std::string_view a, std::string_view b) {
  a = Trim(a);
  b = Trim(b);
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Splits the text into records of cells. `line` counts physical lines.
class Splitter {
 public:
  Splitter(std::string_view text, char delimiter, Quoting quoting)
      : text_(text), delimiter_(delimiter), quoting_(quoting) {}

  bool Done() const { return pos_ >= text_.size(); }
  int line() const { return line_; }

  core::Result<std::vector<std::string>> Next() {
    std::vector<std::string> cells(1);
    int started = line_;
    bool quoted = false;
    bool at_cell_start = true;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (quoted) {
        if (c == '"') {
          if (pos_ < text_.size() && text_[pos_] == '"') {
            cells.back() += '"';
            ++pos_;
          } else {
            quoted = false;
          }
        } else {
          if (c == '\n') ++line_;
          cells.back() += c;
        }
        continue;
      }
      if (c == '\n') {
        ++line_;
        return cells;
      }
      if (c == delimiter_) {
        cells.emplace_back();
        at_cell_start = true;
        continue;
      }
      if (c == '"' && at_cell_start && quoting_ == Quoting::kRfc4180 &&
          Trim(cells.back()).empty()) {
        cells.back().clear();
        quoted = true;
        at_cell_start = false;
        continue;
      }
      if (c != '\r' || (pos_ < text_.size() && text_[pos_] != '\n')) cells.back() += c;
      at_cell_start = false;
    }
    if (quoted) {
      return core::Error::Data(
          fmt::format("line {}: a quoted cell is never closed (a '\"' is missing)", started));
    }
    ++line_;
    return cells;
  }

 private:
  std::string_view text_;
  char delimiter_;
  Quoting quoting_;
  std::size_t pos_ = 0;
  int line_ = 1;
};

}  // namespace

std::optional<std::size_t> Table::Column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (SameName(header[i], name)) return i;
  return std::nullopt;
}

std::string_view Table::Cell(const Row& row, std::size_t column) const {
  return column < row.cells.size() ? Trim(row.cells[column]) : std::string_view();
}

core::Result<Table> ParseDelimited(std::string_view text, char delimiter, Quoting quoting) {
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  // A file saved in Latin-1 or Windows-1252 is not UTF-8: its stray bytes become U+FFFD, so
  // that the events made of its cells are the ones the store reads back.
  std::string valid;
  if (!core::IsValidUtf8(text)) {
    valid = core::ValidUtf8(text);
    text = valid;
  }
  Table table;
  Splitter split(text, delimiter, quoting);
  while (!split.Done()) {
    int line = split.line();
    auto cells = split.Next();
    if (!cells) return cells.error();
    if (Blank(*cells)) continue;
    if (table.header.empty()) {
      table.header_line = line;
      for (const auto& c : *cells) table.header.emplace_back(Trim(c));
      continue;
    }
    table.rows.push_back({line, std::move(*cells)});
  }
  return table;
}

std::string_view FirstLine(std::string_view text) {
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (!Trim(line).empty()) return Trim(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return {};
}

}  // namespace sellerwatch::sources::flat_files
