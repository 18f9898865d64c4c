#include "sources/http_json/settings.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>

#include "config/did_you_mean.hpp"
#include "config/field_checks.hpp"
#include "core/event_fields.hpp"
#include "sources/http_json/url_template.hpp"

namespace sellerwatch::sources::http_json {
namespace {

using config::Field;
using config::MapReader;
using config::Reader;

constexpr std::array<std::string_view, 4> kEventTypes = {"order", "feedback", "claim", "message"};
constexpr std::array<std::string_view, 6> kFieldKeys = {"pointer",  "value",  "format",
                                                        "timezone", "values", "default"};

std::optional<JsonPointer> ReadPointer(Reader& reader, const Field& f) {
  auto s = reader.ReadScalar(f);
  if (!s) return std::nullopt;
  auto p = JsonPointer::Parse(s->value);
  if (!p) {
    reader.Error(f, fmt::format("invalid JSON pointer {}: {}", s->Quoted(), p.error().message));
    return std::nullopt;
  }
  return *p;
}

// RFC 9110 token characters.
bool IsHeaderName(std::string_view name) {
  if (name.empty()) return false;
  for (unsigned char c : name) {
    bool ok = std::isalnum(c) || std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) !=
                                     std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

// Why `text` is not a normalized value of `info`, or nothing when it is one.
std::optional<std::string> CheckNormalized(const core::EventField& info, std::string_view text) {
  switch (info.kind) {
    case core::FieldKind::kEnum: {
      for (auto a : info.allowed)
        if (a == text) return std::nullopt;
      std::string hint = config::DidYouMean(text, info.allowed);
      return fmt::format("invalid {} '{}': expected {}{}", info.name, text,
                         config::ListOf(info.allowed), hint);
    }
    case core::FieldKind::kBool:
      if (text == "true" || text == "false") return std::nullopt;
      return fmt::format("invalid {} '{}': expected true or false", info.name, text);
    case core::FieldKind::kRating:
      if (text.size() == 1 && text[0] >= '1' && text[0] <= '5') return std::nullopt;
      return fmt::format("invalid {} '{}': expected an integer from 1 to 5", info.name, text);
    case core::FieldKind::kNumber: {
      double v = 0;
      auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      if (!text.empty() && ec == std::errc() && end == text.data() + text.size() && v >= 0)
        return std::nullopt;
      return fmt::format("invalid {} '{}': expected a number >= 0", info.name, text);
    }
    case core::FieldKind::kText:
      if (!text.empty()) return std::nullopt;
      return fmt::format("invalid {}: must not be empty", info.name);
    case core::FieldKind::kTime:
      break;
  }
  return "a time field takes no constant";
}

std::optional<std::string> ReadNormalized(Reader& reader, const Field& f,
                                          const core::EventField& info) {
  auto s = reader.ReadScalar(f);
  if (!s) return std::nullopt;
  if (auto why = CheckNormalized(info, s->value)) {
    reader.Error(f, *why);
    return std::nullopt;
  }
  return s->value;
}

struct FieldContext {
  core::EventType type;
  std::string timezone;  // the source's `timezone`
};

std::optional<TimeFormat> ReadFormat(Reader& reader, const Field& f, std::string timezone) {
  auto s = reader.ReadScalar(f);
  if (!s) return std::nullopt;
  auto format = ParseTimeFormat(s->value, std::move(timezone));
  if (!format) {
    reader.Error(f, fmt::format("invalid time format {}: {}", s->Quoted(), format.error().message));
    return std::nullopt;
  }
  return *format;
}

// One `fields.<name>` entry: a pointer, or a mapping of the keys in kFieldKeys.
std::optional<FieldSpec> ReadFieldSpec(Reader& reader, const Field& f, const core::EventField& info,
                                       const FieldContext& ctx) {
  FieldSpec spec;
  spec.format.timezone = ctx.timezone;
  const bool time = info.kind == core::FieldKind::kTime;
  if (f.node.IsScalar()) {
    auto p = ReadPointer(reader, f);
    if (!p) return std::nullopt;
    spec.pointer = std::move(*p);
    return spec;
  }
  if (!f.node.IsMap()) {
    reader.Error(f, fmt::format("expected a JSON pointer like /created or a mapping like "
                                "{{pointer: /created, ...}}, got {}",
                                config::Describe(f.node)));
    return std::nullopt;
  }
  MapReader m(reader, f, kFieldKeys);
  bool ok = true;
  auto refuse = [&](std::string_view key, std::string_view why) {
    if (auto k = m.Get(key)) {
      reader.Error(*k, why);
      ok = false;
    }
  };
  if (m.Has("pointer") == m.Has("value")) {
    reader.Error(f, m.Has("pointer")
                        ? "takes either 'pointer' (read from the record) or 'value' (a constant), "
                          "not both"
                        : "needs 'pointer' (where in the record) or 'value' (a constant)");
    ok = false;
  }
  if (auto p = m.Get("pointer")) {
    if (auto ptr = ReadPointer(reader, *p)) {
      spec.pointer = std::move(*ptr);
    } else {
      ok = false;
    }
  }
  if (time) {
    refuse("value", "a time field is read from the record: use 'pointer'");
    refuse("values", "'values' maps names and codes, not times: use 'format'");
    refuse("default", "a time field has no default: a record without it leaves it empty");
    std::string zone = ctx.timezone;
    bool own_zone = false;
    if (auto tz = m.Get("timezone")) {
      if (auto z = config::ReadTimeZone(reader, *tz)) {
        zone = *z;
        own_zone = true;
      } else {
        ok = false;
      }
    }
    if (auto fmt_field = m.Get("format")) {
      if (auto format = ReadFormat(reader, *fmt_field, zone)) {
        spec.format = std::move(*format);
      } else {
        ok = false;
      }
    } else {
      spec.format.timezone = zone;
    }
    if (own_zone &&
        (spec.format.kind != TimeFormat::Kind::kPattern || spec.format.PatternHasOffset())) {
      refuse("timezone",
             "'timezone' applies to a format pattern without %z; rfc3339 and unix times carry "
             "their own offset");
    }
    return ok ? std::optional(spec) : std::nullopt;
  }
  refuse("format", "'format' applies to time fields only");
  refuse("timezone", "'timezone' applies to time fields only");
  if (info.name == "id") {
    refuse("value", "every record needs its own id: use 'pointer'");
    refuse("default", "every record needs its own id: a record without one is an error");
  }
  if (!ok) return std::nullopt;
  if (auto v = m.Get("value")) {
    auto c = ReadNormalized(reader, *v, info);
    if (!c) return std::nullopt;
    spec.constant = std::move(*c);
  }
  if (auto d = m.Get("default")) {
    auto c = ReadNormalized(reader, *d, info);
    if (!c) return std::nullopt;
    spec.fallback = std::move(*c);
  }
  if (auto values = m.Get("values")) {
    if (spec.constant) {
      reader.Error(*values, "'values' maps what 'pointer' finds; a constant 'value' needs none");
      return std::nullopt;
    }
    MapReader vm = MapReader::AnyKeys(reader, *values);
    if (!vm.ok()) return std::nullopt;
    for (const auto& entry : vm.entries()) {
      auto c = ReadNormalized(reader, entry.value, info);
      if (!c) {
        ok = false;
        continue;
      }
      spec.values[entry.key] = std::move(*c);
    }
    if (vm.entries().empty()) {
      reader.Error(*values, "an empty 'values' mapping would refuse every record");
      ok = false;
    }
  }
  return ok ? std::optional(spec) : std::nullopt;
}

void ReadFields(MapReader& map, Settings& out, const FieldContext& ctx) {
  Reader& reader = map.reader();
  if (!map.Require("fields")) return;
  Field fields = *map.Get("fields");
  MapReader m = MapReader::AnyKeys(reader, fields);
  if (!m.ok()) return;
  const std::string type_name(core::Name(ctx.type));
  std::vector<std::string_view> names;
  for (const auto& f : core::FieldsOf(ctx.type)) names.push_back(f.name);
  bool complete = true;  // every entry read: only then is a missing field worth reporting
  for (const auto& entry : m.entries()) {
    const core::EventField* info = core::FindField(ctx.type, entry.key);
    if (info == nullptr) {
      std::string why;
      if (entry.key == "type" || entry.key == "account") {
        why = fmt::format("'{}' is not mapped: it comes from the config ({})", entry.key,
                          entry.key == "type" ? "event_type" : "the account's id");
      } else {
        std::string hint = config::DidYouMean(entry.key, names);
        for (std::string_view other : kEventTypes) {
          auto t = *core::ParseEventType(other);
          if (hint.empty() && t != ctx.type && core::FindField(t, entry.key) != nullptr)
            hint = fmt::format(" ({} events have it: is event_type right?)", other);
        }
        why = fmt::format("unknown field '{}' for {} events{}", entry.key, type_name,
                          hint.empty() ? "; fields: " + core::FieldNames(ctx.type) : hint);
      }
      reader.Error(entry.key_where, fields.path, why);
      complete = false;
      continue;
    }
    if (auto spec = ReadFieldSpec(reader, entry.value, *info, ctx)) {
      out.fields[entry.key] = std::move(*spec);
    } else {
      complete = false;
    }
  }
  if (!complete) return;
  std::string missing;
  for (const auto& f : core::FieldsOf(ctx.type)) {
    if (f.required && !out.fields.contains(std::string(f.name)))
      missing += (missing.empty() ? "" : ", ") + std::string(f.name);
  }
  if (!missing.empty()) {
    reader.Error(fields,
                 fmt::format("{} events need {} mapped (missing: {})", type_name,
                             missing.find(',') == std::string::npos ? "this field" : "these fields",
                             missing));
  }
}

}  // namespace

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map) {
  auto out = std::make_shared<Settings>();
  Reader& reader = map.reader();

  std::optional<UrlTemplate> url;
  if (map.Require("url")) {
    Field f = *map.Get("url");
    if (auto s = reader.ReadScalar(f, true); s && !s->unresolved) {
      auto parsed = UrlTemplate::Parse(s->value);
      if (!parsed) {
        reader.Error(f, parsed.error().message);
      } else {
        // Checked as it will be sent, placeholders filled in.
        config::Scalar sample = *s;
        sample.value = parsed->Render({"2026-11-01T10:00:00Z", 1, 0});
        if (config::CheckUrl(reader, f, sample, {"http", "https"})) url = std::move(*parsed);
      }
      out->url = config::Secret(s->value);
    }
  }
  if (auto headers = map.Get("headers")) {
    MapReader h = MapReader::AnyKeys(reader, *headers);
    for (const auto& entry : h.entries()) {
      if (!IsHeaderName(entry.key)) {
        reader.Error(entry.key_where, headers->path,
                     fmt::format("invalid header name '{}'", entry.key));
        continue;
      }
      auto value = reader.ReadScalar(entry.value, true);
      if (!value) continue;
      if (value->value.find_first_of("\r\n") != std::string::npos ||
          value->value.find('\0') != std::string::npos) {
        reader.Error(entry.value, "a header value must not contain a line break");
        continue;
      }
      out->headers[entry.key] = config::Secret(value->value);
    }
  }
  bool type_known = true;
  if (auto f = map.Get("event_type")) {
    auto v = config::ReadOneOf(reader, *f, "event type", kEventTypes);
    if (v) out->event_type = *core::ParseEventType(*v);
    type_known = v.has_value();
  }
  if (auto f = map.Get("timezone")) {
    if (auto z = config::ReadTimeZone(reader, *f)) out->timezone = *z;
  }
  out->since_format.timezone = out->timezone;
  if (auto f = map.Get("since_format")) {
    if (auto format = ReadFormat(reader, *f, out->timezone)) out->since_format = *format;
  }
  if (auto f = map.Get("items")) {
    if (auto p = ReadPointer(reader, *f)) out->items = *p;
  }
  if (auto f = map.Get("next")) {
    if (auto p = ReadPointer(reader, *f)) out->next = *p;
  }
  if (auto f = map.Get("next_param")) {
    if (!map.Has("next")) {
      reader.Error(*f,
                   "next_param says where the token found at 'next' goes, but there is no "
                   "'next'");
    } else if (map.Read("next_param", out->next_param) && out->next_param.empty()) {
      reader.Error(*f, "must not be empty");
    }
  }
  map.Read("overlap", out->overlap, config::Positive::kNo);
  map.Read("backfill", out->backfill, config::Positive::kYes);
  map.Read("first_page", out->first_page, 0, 1'000'000);
  map.Read("max_pages", out->max_pages, 1, 100'000);
  map.Read("poll", out->poll, config::Positive::kYes);
  // Fields are checked against the event type: with a misspelt one that would only add noise.
  if (type_known) ReadFields(map, *out, FieldContext{out->event_type, out->timezone});

  if (!url) return out;  // unresolved or invalid: the paging checks below need it
  using P = UrlTemplate::Placeholder;
  if (url->Uses(P::kPage) && url->Uses(P::kOffset)) {
    reader.Error(*map.Get("url"), "{page} and {offset} are two paging modes: use one");
  }
  if (auto f = map.Get("next"); f && (url->Uses(P::kPage) || url->Uses(P::kOffset))) {
    reader.Error(*f, "'next' and {page}/{offset} in url are two paging modes: use one");
  }
  if (auto f = map.Get("first_page"); f && !url->Uses(P::kPage)) {
    reader.Warning(*f, "has no effect: url has no {page}");
  }
  if (!url->Uses(P::kSince)) {
    for (const char* key : {"since_format", "overlap", "backfill"}) {
      if (auto f = map.Get(key)) reader.Warning(*f, "has no effect: url has no {since}");
    }
  } else if (auto f = map.Get("fields");
             f && !out->fields.empty() && !out->fields.contains("updated_at")) {
    reader.Warning(*f,
                   "updated_at is not mapped: {since} then follows the newest time the records "
                   "carry (purchased_at, shipped_at, ...), not when the API last changed them; "
                   "map updated_at to the record's modification time");
  }
  return out;
}

}  // namespace sellerwatch::sources::http_json
