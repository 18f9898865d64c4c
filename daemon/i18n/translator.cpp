#include "i18n/translator.hpp"

#include <boost/locale/format.hpp>
#include <boost/locale/formatting.hpp>
#include <boost/locale/message.hpp>
#include <cmath>
#include <iomanip>
#include <locale>
#include <sstream>

namespace sellerwatch::i18n {

struct Translator::Catalog {
  std::locale locale;
};

Translator::Translator() = default;

Translator::Translator(std::string language, const std::locale& locale)
    : language_(std::move(language)), catalog_(std::make_shared<const Catalog>(Catalog{locale})) {}

std::string Translator::Lookup(std::string_view context, std::string_view msgid) const {
  if (!catalog_) return std::string(msgid);
  std::string id(msgid);
  if (context.empty()) return boost::locale::translate(id).str(catalog_->locale);
  return boost::locale::translate(std::string(context), id).str(catalog_->locale);
}

std::string Translator::LookupPlural(std::string_view singular, std::string_view plural,
                                     long long n) const {
  if (!catalog_) return std::string(n == 1 ? singular : plural);
  return boost::locale::translate(std::string(singular), std::string(plural), n)
      .str(catalog_->locale);
}

std::string Translator::Format(const std::string& pattern, std::string_view english,
                               fmt::format_args args) {
  try {
    return fmt::vformat(pattern, args);
  } catch (const fmt::format_error&) {
    // A translation whose placeholders do not fit: the English text says it right.
  }
  try {
    return fmt::vformat(english, args);
  } catch (const fmt::format_error&) {
    return std::string(english);  // a message id that is not a pattern: a bug, shown as is
  }
}

namespace {

// English grouping without a locale: "1,234,567.5".
std::string GroupEnglish(std::string digits) {
  std::size_t start = digits.starts_with('-') ? 1 : 0;
  std::size_t point = digits.find('.');
  std::size_t end = point == std::string::npos ? digits.size() : point;
  for (std::ptrdiff_t i = static_cast<std::ptrdiff_t>(end) - 3;
       i > static_cast<std::ptrdiff_t>(start); i -= 3) {
    digits.insert(static_cast<std::size_t>(i), 1, ',');
  }
  return digits;
}

}  // namespace

std::string Translator::Number(double value, int decimals) const {
  if (!std::isfinite(value)) return fmt::format("{}", value);
  // Rounded here, half away from zero, so every language shows the same digits.
  double scale = std::pow(10.0, decimals);
  double rounded = std::round(value * scale) / scale;
  if (rounded == 0) rounded = 0;  // no "-0"
  if (!catalog_) return GroupEnglish(fmt::format("{:.{}f}", rounded, decimals));
  std::ostringstream out;
  out.imbue(catalog_->locale);
  out << boost::locale::as::number << std::fixed << std::setprecision(decimals) << rounded;
  return out.str();
}

std::string Translator::Decimal(double value, int max_decimals) const {
  int decimals = max_decimals;
  double scale = std::pow(10.0, max_decimals);
  long long scaled = std::llround(std::abs(value) * scale);
  while (decimals > 0 && scaled % 10 == 0) {
    scaled /= 10;
    --decimals;
  }
  return Number(value, decimals);
}

}  // namespace sellerwatch::i18n
