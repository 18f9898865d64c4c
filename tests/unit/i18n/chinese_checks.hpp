#pragma once

// What Chinese text must be — alerts, messages, the digest, the page (issue 19): in Chinese, with
// no English word left outside the data it quotes (ids, buyer comments, time zones, brand names),
// valid UTF-8.

#include <algorithm>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.hpp"
#include "i18n/languages.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::testing_zh {

using core::IsValidUtf8;

inline i18n::Translator Chinese() { return i18n::MakeTranslator(*i18n::FindLanguage("zh-CN")); }

// Any CJK ideograph.
inline bool HasChinese(std::string_view s) {
  // U+4E00..U+9FFF are E4 B8 80 .. E9 BF BF in UTF-8.
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0xE4 && c <= 0xE9 && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80) {
      return true;
    }
  }
  return false;
}

// The English words (3+ letters) left once tags, entities and `data` are taken out.
inline std::vector<std::string> EnglishWords(std::string text, const std::vector<std::string>& data,
                                             bool html = false) {
  // The data first (as it is, or escaped in HTML), longest first so "warning.x" goes before a
  // shorter piece of it; then the markup.
  std::vector<std::string> sorted = data;
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const auto& d : sorted) {
    for (auto at = text.find(d); !d.empty() && at != std::string::npos; at = text.find(d, at)) {
      text.replace(at, d.size(), " ");
    }
  }
  if (html) {
    text = std::regex_replace(text, std::regex("<[^>]*>"), " ");
    text = std::regex_replace(text, std::regex("&[a-z]+;|&#[0-9]+;"), " ");
  }
  std::vector<std::string> words;
  const std::regex word("[A-Za-z]{3,}");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), word); it != std::sregex_iterator();
       ++it) {
    words.push_back(it->str());
  }
  return words;
}

// What is data, never translated, on every marketplace: brand names, the product's own name,
// Amazon's AHR (its Chinese name keeps the abbreviation), time zone names.
inline std::vector<std::string> CommonData() {
  return {
      "AliExpress", "Amazon", "eBay", "Shopify",       "sellerwatch",        "AHR", "UTC", "CET",
      "CEST",       "PST",    "PDT",  "Europe/Berlin", "America/Los_Angeles"};
}

}  // namespace sellerwatch::testing_zh
