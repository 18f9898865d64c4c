#pragma once

// Human-facing text in the reader's language (issue 19). Every sentence a seller reads goes
// through a Translator: the English source text is the message id, GNU gettext catalogs
// (daemon/i18n/po/<lang>.po, compiled by msgfmt and built into the binary) hold the
// translations, and Boost.Locale reads them and knows each language's plural rule. A sentence's
// variable parts are fmt placeholders, so a translation may reorder them ("{1} … {0}"); one
// whose placeholders do not fit its arguments falls back to English rather than to nothing.
// Machine-facing text (JSON keys, labels, /metrics, logs, config errors) is never translated.

#include <fmt/format.h>

#include <locale>
#include <memory>
#include <string>
#include <string_view>

namespace sellerwatch::i18n {

// Marks a message id in a table for extraction (xgettext --keyword=N_); translated where used.
constexpr std::string_view N_(std::string_view msgid) { return msgid; }

class Translator {
 public:
  // English: the message ids as they are, English plurals and number formats.
  Translator();

  // "en", "zh-CN": the language tag as config writes it.
  const std::string& Language() const { return language_; }
  bool IsEnglish() const { return catalog_ == nullptr; }

  // The translation of `msgid` with `args` put in its placeholders.
  template <typename... Args>
  std::string Tr(std::string_view msgid, const Args&... args) const {
    return Format(Lookup({}, msgid), msgid, fmt::make_format_args(args...));
  }
  // The same, told apart from an equal English text by `context` ("state", "weekday").
  template <typename... Args>
  std::string TrC(std::string_view context, std::string_view msgid, const Args&... args) const {
    return Format(Lookup(context, msgid), msgid, fmt::make_format_args(args...));
  }
  // The plural form for `n` (which is also the first argument: "{} order" / "{} orders").
  template <typename... Args>
  std::string TrN(std::string_view singular, std::string_view plural, long long n,
                  const Args&... args) const {
    std::string_view english = n == 1 ? singular : plural;
    return Format(LookupPlural(singular, plural, n), english, fmt::make_format_args(n, args...));
  }

  // A number with `decimals` digits after the point, grouped as the language writes it
  // ("1,234.5"; "1 234,5" in Norwegian).
  std::string Number(double value, int decimals) const;
  // The same with trailing zeros (and a bare point) dropped: "0.83", "3".
  std::string Decimal(double value, int max_decimals) const;

  bool operator==(const Translator& other) const { return language_ == other.language_; }

 private:
  friend Translator MakeTranslator(std::string_view language);
  // `locale`: ICU's formats for the language with its catalog's messages facet.
  Translator(std::string language, const std::locale& locale);
  struct Catalog;

  std::string Lookup(std::string_view context, std::string_view msgid) const;
  std::string LookupPlural(std::string_view singular, std::string_view plural, long long n) const;
  static std::string Format(const std::string& pattern, std::string_view english,
                            fmt::format_args args);

  std::string language_ = "en";
  std::shared_ptr<const Catalog> catalog_;
};

}  // namespace sellerwatch::i18n
