#include "i18n/languages.hpp"

#include <algorithm>
#include <boost/locale/generator.hpp>
#include <boost/locale/gnu_gettext.hpp>
#include <cctype>

namespace sellerwatch::i18n {
namespace {

// "zh_CN" → "zh-CN": the catalog's file name as a language tag.
std::string TagOf(std::string_view catalog_name) {
  std::string tag(catalog_name);
  std::replace(tag.begin(), tag.end(), '_', '-');
  return tag;
}

bool SameTag(std::string_view a, std::string_view b) {
  auto norm = [](char c) {
    return c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [&](char x, char y) { return norm(x) == norm(y); });
}

const EmbeddedCatalog* FindCatalog(std::string_view language) {
  for (const auto& c : EmbeddedCatalogs()) {
    if (TagOf(c.name) == language) return &c;
  }
  return nullptr;
}

}  // namespace

std::vector<std::string> AvailableLanguages() {
  std::vector<std::string> out{"en"};
  for (const auto& c : EmbeddedCatalogs()) out.push_back(TagOf(c.name));
  std::sort(out.begin() + 1, out.end());
  return out;
}

std::optional<std::string> FindLanguage(std::string_view tag) {
  for (const auto& language : AvailableLanguages()) {
    if (SameTag(tag, language)) return language;
  }
  if (tag.size() > 3 && SameTag(tag.substr(0, 3), "en-")) return "en";
  return std::nullopt;
}

Translator MakeTranslator(std::string_view language) {
  const EmbeddedCatalog* catalog = FindCatalog(language);
  if (!catalog) return Translator();
  const std::string name(catalog->name);  // "zh_CN"
  boost::locale::generator generator;
  generator.categories(boost::locale::category_t::formatting |
                       boost::locale::category_t::information);
  std::locale base = generator(name + ".UTF-8");

  boost::locale::gnu_gettext::messages_info info;
  auto split = name.find('_');
  info.language = name.substr(0, split);
  if (split != std::string::npos) info.country = name.substr(split + 1);
  info.encoding = "UTF-8";
  info.domains.emplace_back("sellerwatch");
  info.paths.emplace_back("embedded");
  const std::string wanted = "embedded/" + name + "/" + info.locale_category + "/sellerwatch.mo";
  info.callback = [catalog, wanted](const std::string& file, const std::string&) {
    if (file != wanted) return std::vector<char>();
    return std::vector<char>(catalog->mo.begin(), catalog->mo.end());
  };
  std::locale with_messages(base, boost::locale::gnu_gettext::create_messages_facet<char>(info));
  return Translator(TagOf(name), with_messages);
}

}  // namespace sellerwatch::i18n
