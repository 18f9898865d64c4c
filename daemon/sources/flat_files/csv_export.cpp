#include "sources/flat_files/csv_export.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>
#include <charconv>

#include "core/event_fields.hpp"
#include "sources/flat_files/delimited_table.hpp"

namespace sellerwatch::sources::flat_files {
namespace json = boost::json;
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// A cell as the JSON value of its normalized field; an error says why it does not fit.
core::Result<json::value> Convert(const core::EventField& field, const ColumnMapping& m,
                                  std::string_view cell) {
  if (cell.empty()) return json::value(nullptr);
  auto bad = [&](std::string why) {
    std::string from = m.column.empty() ? "value" : "column '" + m.column + "'";
    return core::Error::Data(fmt::format("field '{}' ({}): {}", field.name, from, why));
  };
  switch (field.kind) {
    case core::FieldKind::kText:
      return json::value(json::string(cell));
    case core::FieldKind::kEnum: {
      if (m.values.empty()) return json::value(json::string(Lower(cell)));
      for (const auto& [written, normalized] : m.values)
        if (Lower(written) == Lower(cell)) return json::value(json::string(normalized));
      return bad(fmt::format("'{}' is not one of the values mapped for it", cell));
    }
    case core::FieldKind::kTime: {
      auto t = ReadTime(json::value(json::string(cell)), m.format);
      if (!t) return bad(t.error().message);
      return json::value(json::string(core::FormatRfc3339(*t)));
    }
    case core::FieldKind::kBool: {
      std::string s = Lower(cell);
      if (s == "true" || s == "yes" || s == "y" || s == "1") return json::value(true);
      if (s == "false" || s == "no" || s == "n" || s == "0") return json::value(false);
      return bad(fmt::format("'{}' is not true or false", cell));
    }
    case core::FieldKind::kNumber: {
      double v = 0;
      auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
      if (ec == std::errc() && end == cell.data() + cell.size() && v >= 0) return json::value(v);
      return bad(fmt::format("'{}' is not a number >= 0", cell));
    }
    case core::FieldKind::kRating: {
      std::int64_t v = 0;
      auto [end, ec] = std::from_chars(cell.data(), cell.data() + cell.size(), v);
      if (ec == std::errc() && end == cell.data() + cell.size()) return json::value(v);
      return bad(fmt::format("'{}' is not a whole number", cell));
    }
  }
  return json::value(nullptr);
}

}  // namespace

core::Result<MappedReport> MapCsvExport(std::string_view text, const CsvMapping& mapping,
                                        const std::string& account) {
  auto table = ParseDelimited(text, mapping.delimiter, Quoting::kRfc4180);
  if (!table) return table.error();
  MappedReport out;
  if (table->header.empty()) return out;
  struct Source {
    const core::EventField* field;
    const ColumnMapping* mapping;
    std::optional<std::size_t> column;
  };
  std::vector<Source> sources;
  std::vector<std::string> missing;
  for (const auto& [name, m] : mapping.columns) {
    const core::EventField* field = core::FindField(mapping.event_type, name);
    if (field == nullptr) {
      return core::Error::Config(
          fmt::format("'{}' is not a field of {} events", name, core::Name(mapping.event_type)));
    }
    Source s{field, &m, std::nullopt};
    if (!m.column.empty()) {
      s.column = table->Column(m.column);
      if (!s.column) missing.push_back(fmt::format("'{}' (mapped to {})", m.column, name));
    }
    sources.push_back(s);
  }
  if (!missing.empty()) {
    std::string list;
    for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    return core::Error::Data(
        fmt::format("line {}: the header has no column {}", table->header_line, list));
  }
  for (const auto& row : table->rows) {
    json::object event;
    event["type"] = core::Name(mapping.event_type);
    std::optional<core::Error> bad;
    for (const auto& s : sources) {
      std::string_view cell = s.column ? table->Cell(row, *s.column) : s.mapping->constant;
      auto value = Convert(*s.field, *s.mapping, cell);
      if (!value) {
        bad = value.error();
        break;
      }
      if (!value->is_null()) event[s.field->name] = std::move(*value);
    }
    if (!bad) {
      auto parsed = core::ParseEventJson(json::serialize(event), account);
      if (parsed) {
        out.events.push_back(std::move(*parsed));
        continue;
      }
      bad = parsed.error();
    }
    out.rejected.push_back(fmt::format("line {}: {}", row.line, bad->message));
  }
  return out;
}

}  // namespace sellerwatch::sources::flat_files
