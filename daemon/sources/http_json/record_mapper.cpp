#include "sources/http_json/record_mapper.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <charconv>
#include <cmath>

#include "config/field_checks.hpp"
#include "sources/shown_value.hpp"
#include "sources/time_format.hpp"

namespace sellerwatch::sources::http_json {
namespace json = boost::json;

namespace {

// A normalized value (checked at config time) as its JSON type.
json::value Typed(const core::EventField& info, const std::string& text) {
  switch (info.kind) {
    case core::FieldKind::kBool:
      return text == "true";
    case core::FieldKind::kRating:
      return std::stoi(text);
    case core::FieldKind::kNumber:
      return std::stod(text);
    default:
      return json::string(text);
  }
}

// A scalar as the text `values:` keys are written in: strings as they are, numbers in
// decimal, booleans as true/false.
std::optional<std::string> KeyText(const json::value& v) {
  if (v.is_string()) return std::string(v.get_string());
  if (v.is_int64()) return std::to_string(v.get_int64());
  if (v.is_uint64()) return std::to_string(v.get_uint64());
  if (v.is_bool()) return v.get_bool() ? "true" : "false";
  if (v.is_double()) return fmt::format("{}", v.get_double());  // 2.5, not 2.5E0
  return std::nullopt;
}

core::Error FieldError(const core::EventField& info, const FieldSpec& spec, std::string_view why) {
  return core::Error::Data(
      fmt::format("field '{}' ({}): {}", info.name, spec.pointer->text(), why));
}

// What `found` (neither absent nor null) becomes in field `info`.
core::Result<json::value> Convert(const core::EventField& info, const FieldSpec& spec,
                                  const json::value& found) {
  if (info.kind == core::FieldKind::kTime) {
    auto t = ReadTime(found, spec.format);
    if (!t) return FieldError(info, spec, t.error().message);
    return json::string(core::FormatRfc3339(*t));
  }
  if (!spec.values.empty()) {
    auto key = KeyText(found);
    if (!key)
      return FieldError(
          info, spec,
          fmt::format("expected a value to look up in 'values', got {}", ShownValue(found)));
    auto it = spec.values.find(*key);
    if (it == spec.values.end()) it = spec.values.find("*");
    if (it == spec.values.end()) {
      std::string known;
      for (const auto& [k, v] : spec.values) known += (known.empty() ? "'" : ", '") + k + "'";
      return FieldError(info, spec,
                        fmt::format("{} is not in its 'values' ({}); add it, or \"*\" for any "
                                    "other",
                                    ShownValue(found), known));
    }
    return Typed(info, it->second);
  }
  switch (info.kind) {
    case core::FieldKind::kText:
      if (found.is_string() || found.is_int64() || found.is_uint64()) return found;
      return FieldError(info, spec,
                        fmt::format("expected a string or an integer, got {}", ShownValue(found)));
    case core::FieldKind::kEnum:
      if (found.is_string()) {
        for (auto a : info.allowed)
          if (a == found.get_string()) return found;
      }
      return FieldError(info, spec,
                        fmt::format("{} is not one of {}; translate the API's values with "
                                    "'values:'",
                                    ShownValue(found), config::ListOf(info.allowed)));
    case core::FieldKind::kBool:
      if (found.is_bool()) return found;
      return FieldError(info, spec,
                        fmt::format("expected true or false, got {}; translate other "
                                    "values with 'values:'",
                                    ShownValue(found)));
    case core::FieldKind::kRating: {
      std::optional<std::int64_t> n;
      if (found.is_int64()) n = found.get_int64();
      if (found.is_uint64()) n = 0;  // out of range
      if (found.is_double() && std::floor(found.get_double()) == found.get_double() &&
          std::abs(found.get_double()) < 1e6)
        n = static_cast<std::int64_t>(found.get_double());
      if (found.is_string() && found.get_string().size() == 1) n = found.get_string()[0] - '0';
      if (n && *n >= 1 && *n <= 5) return *n;
      return FieldError(info, spec,
                        fmt::format("expected a rating from 1 to 5, got {}", ShownValue(found)));
    }
    case core::FieldKind::kNumber: {
      std::optional<double> d;
      if (found.is_number()) d = found.to_number<double>();
      if (found.is_string()) {
        std::string_view t = found.get_string();
        double v = 0;
        auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (!t.empty() && ec == std::errc() && end == t.data() + t.size()) d = v;
      }
      if (d && *d >= 0) return json::value(*d);
      return FieldError(info, spec,
                        fmt::format("expected a number >= 0, got {}", ShownValue(found)));
    }
    case core::FieldKind::kTime:
      break;
  }
  return core::Error::Internal("unreachable");
}

}  // namespace

RecordMapper::RecordMapper(const Settings& settings, std::string account)
    : account_(std::move(account)), type_(settings.event_type) {
  for (const auto& info : core::FieldsOf(type_)) {
    auto it = settings.fields.find(std::string(info.name));
    if (it != settings.fields.end()) fields_.emplace_back(&info, it->second);
  }
}

std::optional<std::string> RecordMapper::IdOf(const json::value& record) const {
  for (const auto& [info, spec] : fields_) {
    if (info->name != "id" || !spec.pointer) continue;
    const json::value* v = spec.pointer->Find(record);
    if (v == nullptr) return std::nullopt;
    auto text = KeyText(*v);
    if (text && text->size() > 60) text = text->substr(0, 60) + "…";
    return text;
  }
  return std::nullopt;
}

core::Result<core::ParsedEvent> RecordMapper::Map(const json::value& record) const {
  json::object o;
  o["type"] = core::Name(type_);
  o["account"] = account_;
  for (const auto& [info, spec] : fields_) {
    if (spec.constant) {
      o[info->name] = Typed(*info, *spec.constant);
      continue;
    }
    const json::value* found = spec.pointer->Find(record);
    if (found == nullptr || found->is_null()) {
      if (spec.fallback) {
        o[info->name] = Typed(*info, *spec.fallback);
      } else if (info->required) {
        return core::Error::Data(fmt::format(
            "field '{}': {} at {} (required for {} events)", info->name, found ? "null" : "nothing",
            spec.pointer->text().empty() ? "\"\"" : spec.pointer->text(), core::Name(type_)));
      }
      continue;
    }
    auto value = Convert(*info, spec, *found);
    if (!value) return value.error();
    o[info->name] = std::move(*value);
  }
  return core::ParseEventJson(json::serialize(o), account_);
}

}  // namespace sellerwatch::sources::http_json
