#pragma once

// Checks shared by several sections: time zones, URLs, label names, names from a fixed set.

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "config/yaml_reader.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::config {

// An IANA time zone; "unknown time zone 'Europe/Berln'; did you mean 'Europe/Berlin'?".
std::optional<std::string> ReadTimeZone(Reader& reader, const Field& f);

// A language there is a catalog for ("zh-CN"), with the list of those there are when not.
std::optional<i18n::Translator> ReadLanguage(Reader& reader, const Field& f);

// Checks a URL already read; reports "invalid URL 'x': why" (the URL redacted when it is a
// secret). An unresolved value (an unchecked credential) passes.
bool CheckUrl(Reader& reader, const Field& f, const Scalar& url,
              std::initializer_list<std::string_view> schemes);

// Reads and checks a URL field when present (whether it is required is the caller's business).
std::optional<Scalar> ReadUrl(MapReader& map, std::string_view key, bool secret,
                              std::initializer_list<std::string_view> schemes);

// [a-zA-Z_][a-zA-Z0-9_]*
bool IsLabelName(std::string_view name);
// Label names sellerwatch sets itself on every alert.
bool IsReservedLabel(std::string_view name);

// A value from a fixed set; "invalid <what> 'x': expected a, b or c" with a suggestion.
std::optional<std::string> ReadOneOf(Reader& reader, const Field& f, std::string_view what,
                                     std::span<const std::string_view> allowed);

// ReadOneOf for an optional key of `map`: assigns `out` when present and valid.
void ReadOneOf(MapReader& map, std::string_view key, std::span<const std::string_view> allowed,
               std::string_view what, std::string& out);

// A credential (secret) key. `required`: it must be present and, once resolved, not empty.
void ReadCredential(MapReader& map, std::string_view key, bool required, Secret& out);

// "a, b or c"
std::string ListOf(std::span<const std::string_view> names);

}  // namespace sellerwatch::config
