#include "config/field_checks.hpp"

#include <fmt/format.h>

#include <array>

#include "config/did_you_mean.hpp"
#include "config/time_zones.hpp"
#include "config/urls.hpp"
#include "i18n/languages.hpp"

namespace sellerwatch::config {

std::optional<std::string> ReadTimeZone(Reader& reader, const Field& f) {
  auto s = reader.ReadScalar(f);
  if (!s || s->unresolved) return std::nullopt;
  if (IsKnownTimeZone(s->value)) return std::move(s->value);
  std::string suggestion;
  if (!s->redact) {
    if (auto match = SuggestTimeZone(s->value)) suggestion = "; did you mean '" + *match + "'?";
  }
  reader.Error(f, fmt::format("unknown time zone {}{}", s->Quoted(), suggestion));
  return std::nullopt;
}

std::optional<i18n::Translator> ReadLanguage(Reader& reader, const Field& f) {
  auto s = reader.ReadScalar(f);
  if (!s || s->unresolved) return std::nullopt;
  if (auto language = i18n::FindLanguage(s->value)) return i18n::MakeTranslator(*language);
  reader.Error(f, fmt::format("no message catalog for language {}; available: {}", s->Quoted(),
                              fmt::join(i18n::AvailableLanguages(), ", ")));
  return std::nullopt;
}

bool CheckUrl(Reader& reader, const Field& f, const Scalar& url,
              std::initializer_list<std::string_view> schemes) {
  if (url.unresolved) return true;
  auto problem = CheckUrl(url.value, schemes);
  if (!problem) return true;
  reader.Error(f, fmt::format("invalid URL {}: {}", url.Quoted(), *problem));
  return false;
}

std::optional<Scalar> ReadUrl(MapReader& map, std::string_view key, bool secret,
                              std::initializer_list<std::string_view> schemes) {
  auto f = map.Get(key);
  if (!f) return std::nullopt;
  auto url = map.reader().ReadScalar(*f, secret);
  if (!url) return std::nullopt;
  if (!CheckUrl(map.reader(), *f, *url, schemes)) return std::nullopt;
  return url;
}

bool IsLabelName(std::string_view name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    bool digit = c >= '0' && c <= '9';
    if (!alpha && !(digit && i > 0)) return false;
  }
  return true;
}

bool IsReservedLabel(std::string_view name) {
  constexpr std::array<std::string_view, 5> kReserved = {"account", "marketplace", "rule", "metric",
                                                         "severity"};
  for (auto r : kReserved)
    if (r == name) return true;
  return false;
}

std::optional<std::string> ReadOneOf(Reader& reader, const Field& f, std::string_view what,
                                     std::span<const std::string_view> allowed) {
  auto s = reader.ReadScalar(f);
  if (!s || s->unresolved) return std::nullopt;
  for (auto a : allowed)
    if (a == s->value) return std::move(s->value);
  std::string suggestion = s->redact ? "" : DidYouMean(s->value, allowed);
  if (!suggestion.empty()) {
    reader.Error(f, fmt::format("unknown {} {}{}", what, s->Quoted(), suggestion));
  } else {
    reader.Error(f, fmt::format("unknown {} {}: expected {}", what, s->Quoted(), ListOf(allowed)));
  }
  return std::nullopt;
}

std::string ListOf(std::span<const std::string_view> names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

void ReadOneOf(MapReader& map, std::string_view key, std::span<const std::string_view> allowed,
               std::string_view what, std::string& out) {
  if (auto f = map.Get(key)) {
    if (auto v = ReadOneOf(map.reader(), *f, what, allowed)) out = *v;
  }
}

void ReadCredential(MapReader& map, std::string_view key, bool required, Secret& out) {
  if (required) map.Require(key);
  if (auto s = map.ReadScalar(key, true)) {
    if (required && !s->unresolved && s->value.empty())
      map.reader().Error(*map.Get(key), "must not be empty");
    out = Secret(s->value);
  }
}

}  // namespace sellerwatch::config
