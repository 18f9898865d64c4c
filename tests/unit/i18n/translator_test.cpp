// The translation mechanism: catalogs built into the binary, English fallback, plurals,
// placeholders a translation may reorder or get wrong, and numbers per language.

#include "i18n/translator.hpp"

#include <date/date.h>
#include <gtest/gtest.h>

#include "core/human_format.hpp"
#include "i18n/languages.hpp"
#include "unit/i18n/chinese_checks.hpp"

namespace sellerwatch::i18n {
namespace {

using namespace std::chrono_literals;

using testing_zh::Chinese;

TEST(LanguagesTest, EnglishAndChineseAreShippedAndTagsAreFoundInAnySpelling) {
  auto available = AvailableLanguages();
  ASSERT_GE(available.size(), 2u);
  EXPECT_EQ(available.front(), "en");
  EXPECT_NE(std::find(available.begin(), available.end(), "zh-CN"), available.end());
  for (const char* tag : {"zh-CN", "zh_CN", "ZH-cn"}) EXPECT_EQ(FindLanguage(tag), "zh-CN") << tag;
  for (const char* tag : {"en", "EN", "en-US", "en-GB"}) EXPECT_EQ(FindLanguage(tag), "en") << tag;
  for (const char* tag : {"", "zh", "de-DE", "klingon", "en-"}) {
    EXPECT_EQ(FindLanguage(tag), std::nullopt) << tag;
  }
}

TEST(TranslatorTest, EnglishIsTheMessageIdWithEnglishPlurals) {
  Translator en;
  EXPECT_TRUE(en.IsEnglish());
  EXPECT_EQ(en.Language(), "en");
  EXPECT_EQ(en.Tr("Mon"), "Mon");
  EXPECT_EQ(en.TrN("{} day", "{} days", 1), "1 day");
  EXPECT_EQ(en.TrN("{} day", "{} days", 0), "0 days");
  EXPECT_EQ(en.TrN("{} day", "{} days", 7), "7 days");
  EXPECT_EQ(en.TrN("{1} ({0} day)", "{1} ({0} days)", 10, "Late shipment rate"),
            "Late shipment rate (10 days)");
}

TEST(TranslatorTest, ChineseComesFromTheBuiltInCatalogWithItsSinglePluralForm) {
  Translator zh = Chinese();
  EXPECT_FALSE(zh.IsEnglish());
  EXPECT_EQ(zh.Language(), "zh-CN");
  EXPECT_EQ(zh.Tr("Mon"), "周一");
  for (long long n : {0, 1, 2, 21}) {
    EXPECT_EQ(zh.TrN("{} day", "{} days", n), std::to_string(n) + "天") << n;
  }
  EXPECT_EQ(zh.TrC("duration", "{} {}", "2小时", "30分钟"), "2小时30分钟");
}

TEST(TranslatorTest, AMessageWithoutTranslationFallsBackToEnglishNeverToNothing) {
  Translator zh = Chinese();
  EXPECT_EQ(zh.Tr("No such message {} here", 3), "No such message 3 here");
  EXPECT_EQ(zh.TrN("{} unknown thing", "{} unknown things", 2), "2 unknown things");
  EXPECT_EQ(zh.TrC("nowhere", "Mon"), "Mon");  // a context the catalog lacks
}

TEST(TranslatorTest, APatternThatDoesNotFitItsArgumentsIsShownAsWellAsItCanBe) {
  Translator en;
  // Too few arguments for the placeholders: the text, not an exception or an empty string.
  EXPECT_EQ(en.Tr("{} and {}", 1), "{} and {}");
  EXPECT_EQ(en.Tr("braces {{kept}} {}", 1), "braces {kept} 1");
}

TEST(TranslatorTest, NumbersAreGroupedAndRoundedTheSameWayInEveryLanguage) {
  Translator en, zh = Chinese();
  struct Case {
    double value;
    int decimals;
    std::string english;
  };
  for (const Case& c : std::vector<Case>{{0, 0, "0"},
                                         {999, 0, "999"},
                                         {1234, 0, "1,234"},
                                         {1234567.25, 1, "1,234,567.3"},
                                         {-1234.5, 0, "-1,235"},
                                         {-0.004, 2, "0.00"},
                                         {0.125, 2, "0.13"}}) {
    EXPECT_EQ(en.Number(c.value, c.decimals), c.english) << c.value;
    EXPECT_EQ(zh.Number(c.value, c.decimals), c.english) << c.value;  // Chinese groups like English
  }
  EXPECT_EQ(en.Decimal(0.8300, 2), "0.83");
  EXPECT_EQ(en.Decimal(3.0, 2), "3");
  EXPECT_EQ(en.Decimal(12500.5, 2), "12,500.5");
}

TEST(HumanFormatTest, ValuesDurationsAndTimesPerLanguage) {
  Translator en, zh = Chinese();
  using core::MetricUnit;
  EXPECT_EQ(core::FormatValue(en, MetricUnit::kRate, 0.0083), "0.83%");
  EXPECT_EQ(core::FormatValue(zh, MetricUnit::kRate, 0.0083), "0.83%");
  EXPECT_EQ(core::FormatValue(en, MetricUnit::kDuration, 14 * 3600 + 5 * 60), "14h 5m");
  EXPECT_EQ(core::FormatValue(zh, MetricUnit::kDuration, 14 * 3600 + 5 * 60), "14小时5分钟");
  EXPECT_EQ(core::FormatValue(en, MetricUnit::kCount, 1234), "1,234");
  EXPECT_EQ(core::FormatLikelihood(en, 0.999), "99%");
  EXPECT_EQ(core::FormatLikelihood(zh, 0.001), "1%");

  EXPECT_EQ(core::FormatDuration(en, 7 * 24h), "7 days");
  EXPECT_EQ(core::FormatDuration(en, 24h + 1h), "1 day 1 hour");
  EXPECT_EQ(core::FormatDuration(en, 2h + 30min + 10s), "2 hours 30 minutes");
  EXPECT_EQ(core::FormatDuration(en, 45s), "45 seconds");
  EXPECT_EQ(core::FormatDuration(en, 0s), "0 seconds");
  EXPECT_EQ(core::FormatDuration(zh, 7 * 24h), "7天");
  EXPECT_EQ(core::FormatDuration(zh, 2h + 30min), "2小时30分钟");

  // Monday 2026-11-30 18:00 in Los Angeles is 02:00 UTC on Tuesday.
  auto t = core::Timestamp(date::sys_days(date::year{2026} / 12 / 1) + 2h);
  EXPECT_EQ(core::FormatLocal(en, t, "America/Los_Angeles"), "Mon 18:00 PST");
  EXPECT_EQ(core::FormatLocal(zh, t, "America/Los_Angeles"), "周一 18:00 PST");
  EXPECT_EQ(core::FormatLocal(zh, t, "Asia/Shanghai"), "周二 10:00 CST");
  EXPECT_EQ(core::FormatDateTime(en, t), "2026-12-01 02:00 UTC");
  EXPECT_EQ(core::FormatDateTime(zh, t, "Asia/Shanghai"), "2026年12月01日 10:00 CST");
}

}  // namespace
}  // namespace sellerwatch::i18n
