#include "sources/file/settings.hpp"

#include <fmt/format.h>

#include <array>

#include "config/did_you_mean.hpp"
#include "config/field_checks.hpp"
#include "core/event_fields.hpp"
#include "sources/time_format.hpp"

namespace sellerwatch::sources::file {
namespace {

using config::Field;
using config::MapReader;
using config::Reader;

constexpr std::array<std::string_view, 4> kEventTypes = {"order", "feedback", "claim", "message"};
constexpr std::array<std::string_view, 4> kColumnKeys = {"column", "value", "format", "values"};
constexpr std::array<std::string_view, 4> kCsvKeys = {"event_type", "delimiter", "timezone",
                                                      "columns"};

std::optional<char> ReadDelimiter(Reader& reader, const Field& f) {
  auto s = reader.ReadScalar(f);
  if (!s) return std::nullopt;
  if (s->value == "tab" || s->value == "\t") return '\t';
  if (s->value == "," || s->value == ";" || s->value == "|") return s->value[0];
  reader.Error(
      f, fmt::format("invalid delimiter {}: expected \",\", \";\", \"|\" or tab", s->Quoted()));
  return std::nullopt;
}

// One `columns:` entry: "Header" or {column | value, format, values}.
void ReadColumn(Reader& reader, const Field& f, const core::EventField& field,
                const std::string& timezone, flat_files::ColumnMapping& out) {
  out.format = *ParseTimeFormat("auto", timezone);
  if (f.node.IsScalar()) {
    if (auto s = reader.ReadScalar(f)) out.column = s->value;
    if (out.column.empty()) reader.Error(f, "must name a column");
    return;
  }
  MapReader m(reader, f, kColumnKeys);
  if (!m.ok()) return;
  m.Read("column", out.column);
  m.Read("value", out.constant);
  if (m.Has("column") == m.Has("value") || (out.column.empty() && out.constant.empty())) {
    reader.Error(f, "needs either 'column' (a header name) or 'value' (the same for every row)");
  }
  if (auto format = m.Get("format")) {
    auto s = reader.ReadScalar(*format);
    if (field.kind != core::FieldKind::kTime) {
      reader.Error(*format, fmt::format("'{}' is not a time: 'format' does not apply", field.name));
    } else if (s) {
      if (auto parsed = ParseTimeFormat(s->value, timezone)) {
        out.format = *parsed;
      } else {
        reader.Error(*format, fmt::format("invalid time format {}: {}", s->Quoted(),
                                          parsed.error().message));
      }
    }
  }
  if (auto values = m.Get("values")) {
    if (field.kind != core::FieldKind::kEnum) {
      reader.Error(*values,
                   fmt::format("'{}' takes any text: 'values' applies to {} only", field.name,
                               "status, fulfillment, cancel_initiator and kind"));
      return;
    }
    MapReader v = MapReader::AnyKeys(reader, *values);
    for (const auto& entry : v.entries()) {
      if (auto target = config::ReadOneOf(reader, entry.value, fmt::format("{} value", field.name),
                                          field.allowed))
        out.values[entry.key] = *target;
    }
  }
}

void ReadColumns(Reader& reader, const Field& f, const std::string& timezone,
                 flat_files::CsvMapping& csv) {
  MapReader map = MapReader::AnyKeys(reader, f);
  if (!map.ok()) return;
  std::vector<std::string_view> names;
  for (const auto& field : core::FieldsOf(csv.event_type)) names.push_back(field.name);
  for (const auto& entry : map.entries()) {
    const core::EventField* field = core::FindField(csv.event_type, entry.key);
    if (field == nullptr) {
      std::string suggestion = config::DidYouMean(entry.key, names);
      reader.Error(
          entry.key_where, f.path,
          fmt::format("'{}' is not a field of {} events{}", entry.key, core::Name(csv.event_type),
                      suggestion.empty() ? ": expected " + config::ListOf(names) : suggestion));
      continue;
    }
    ReadColumn(reader, entry.value, *field, timezone, csv.columns[entry.key]);
  }
  std::vector<std::string_view> missing;
  for (const auto& field : core::FieldsOf(csv.event_type))
    if (field.required && !csv.columns.contains(std::string(field.name)))
      missing.push_back(field.name);
  if (!missing.empty()) {
    reader.Error(f, fmt::format("{} events need {} mapped (a column, or a fixed value)",
                                core::Name(csv.event_type), config::ListOf(missing)));
  }
}

}  // namespace

std::shared_ptr<const config::SourceSettings> ParseSettings(MapReader& map) {
  auto out = std::make_shared<Settings>();
  Reader& reader = map.reader();
  map.Require("path");
  if (map.Read("path", out->path) && out->path.empty())
    reader.Error(*map.Get("path"), "must not be empty");
  map.Read("poll", out->poll, config::Positive::kYes);

  auto columns = map.Get("columns");
  if (!columns) {
    for (auto key : kCsvKeys) {
      if (auto f = map.Get(key)) {
        reader.Error(*f, fmt::format("'{}' describes CSV exports: it needs a 'columns:' map", key));
      }
    }
    return out;
  }
  flat_files::CsvMapping csv;
  if (auto f = map.Get("event_type")) {
    if (auto v = config::ReadOneOf(reader, *f, "event type", kEventTypes))
      csv.event_type = *core::ParseEventType(*v);
  }
  if (auto f = map.Get("delimiter")) {
    if (auto d = ReadDelimiter(reader, *f)) csv.delimiter = *d;
  }
  std::string timezone = "UTC";
  if (auto f = map.Get("timezone")) {
    if (auto zone = config::ReadTimeZone(reader, *f)) timezone = *zone;
  }
  ReadColumns(reader, *columns, timezone, csv);
  out->csv = std::move(csv);
  return out;
}

}  // namespace sellerwatch::sources::file
