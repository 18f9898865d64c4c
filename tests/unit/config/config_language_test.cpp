// `language:` on receivers and daemon: a language there is a catalog for, or a clear error
// listing those there are.

#include <gtest/gtest.h>

#include "config/loader.hpp"

namespace sellerwatch::config {
namespace {

std::string Errors(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.Format() + "\n";
  return out;
}

LoadResult Load(const std::string& daemon_language, const std::string& receiver_language) {
  std::string text;
  if (!daemon_language.empty()) text += "daemon:\n  language: " + daemon_language + "\n";
  text += "receivers:\n  - name: seller\n    console: {}\n";
  if (!receiver_language.empty()) text += "    language: " + receiver_language + "\n";
  text += "  - name: agency\n    console: {}\n    language: en\n";
  return ParseConfig(text, "lang.yaml");
}

TEST(ConfigLanguageTest, ReceiversTakeTheirOwnLanguageOrTheDaemonsDefault) {
  auto plain = Load("", "");
  ASSERT_TRUE(plain.ok()) << Errors(plain);
  EXPECT_EQ(plain.config->daemon.language.Language(), "en");
  EXPECT_EQ(plain.config->receivers[0].language.Language(), "en");
  EXPECT_EQ(plain.config->Languages().size(), 1u);

  auto chinese_default = Load("zh-CN", "");
  ASSERT_TRUE(chinese_default.ok()) << Errors(chinese_default);
  EXPECT_EQ(chinese_default.config->receivers[0].language.Language(), "zh-CN");
  EXPECT_EQ(chinese_default.config->receivers[1].language.Language(), "en");

  auto own = Load("", "zh_cn");
  ASSERT_TRUE(own.ok()) << Errors(own);
  EXPECT_EQ(own.config->receivers[0].language.Language(), "zh-CN");
  auto languages = own.config->Languages();
  ASSERT_EQ(languages.size(), 2u);
  EXPECT_EQ(languages[0].Language(), "en");
  EXPECT_EQ(languages[1].Language(), "zh-CN");
}

TEST(ConfigLanguageTest, ALanguageWithoutACatalogIsRefusedWithTheListOfThoseThereAre) {
  auto bad = Load("", "de-DE");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(Errors(bad).find("lang.yaml:4:15"), std::string::npos) << Errors(bad);
  EXPECT_NE(Errors(bad).find("receivers[0].language: no message catalog for language 'de-DE'; "
                             "available: en, zh-CN"),
            std::string::npos)
      << Errors(bad);
  auto bad_default = Load("klingon", "");
  ASSERT_FALSE(bad_default.ok());
  EXPECT_NE(Errors(bad_default).find("daemon.language: no message catalog"), std::string::npos)
      << Errors(bad_default);
}

}  // namespace
}  // namespace sellerwatch::config
