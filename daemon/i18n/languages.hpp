#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "i18n/translator.hpp"

namespace sellerwatch::i18n {

// One compiled catalog (daemon/i18n/po/<name>.po → .mo), built into the binary by
// cmake/embed_catalogs.cmake so the daemon needs nothing from disk to speak it.
struct EmbeddedCatalog {
  std::string_view name;  // the .po file's name: "zh_CN"
  std::span<const unsigned char> mo;
};
std::span<const EmbeddedCatalog> EmbeddedCatalogs();

// The languages there is a catalog for, as config writes them: "en" first, then "zh-CN", ...
std::vector<std::string> AvailableLanguages();

// A language tag as written ("zh-CN", "zh_cn", "EN") → its form in AvailableLanguages();
// empty when there is no catalog for it. "en-US", "en-GB" are English.
std::optional<std::string> FindLanguage(std::string_view tag);

// The translator for a language FindLanguage returned (anything else is a bug: English).
Translator MakeTranslator(std::string_view language);

}  // namespace sellerwatch::i18n
