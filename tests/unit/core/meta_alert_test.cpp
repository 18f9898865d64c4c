// sellerwatch's alerts about itself carry their title, summary and hint in each language a
// receiver reads, English in `annotations` as before.

#include <gtest/gtest.h>

#include "core/alert.hpp"
#include "i18n/languages.hpp"

namespace sellerwatch::core {
namespace {

const Timestamp kNow = Timestamp(std::chrono::sys_days(std::chrono::year(2026) / 11 / 2));

MetaAlertText Words(const i18n::Translator& tr) {
  return {tr.Tr("sellerwatch could not reload {}: {}. It keeps running with the previous config.",
                "/etc/sellerwatch.yaml", "line 3: bad indent"),
          tr.Tr("Run `sellerwatch check-config -c {}` to see every problem, fix them, and reload "
                "again.",
                "/etc/sellerwatch.yaml")};
}

TEST(MetaAlertTest, EnglishAnnotationsAndEachOtherLanguageLocalized) {
  std::vector<i18n::Translator> languages{i18n::Translator(),
                                          i18n::MakeTranslator(*i18n::FindLanguage("zh-CN"))};
  Alert a = MakeMetaAlert("config_reload_failed", Severity::kWarning,
                          {{"metric", "sellerwatch.config"}}, Words, languages, kNow);
  EXPECT_EQ(a.labels, (Labels{{"metric", "sellerwatch.config"},
                              {"rule", "config_reload_failed"},
                              {"severity", "warning"}}));
  EXPECT_EQ(a.annotations,
            (Labels{{"title", "Config reload failed"},
                    {"summary",
                     "sellerwatch could not reload /etc/sellerwatch.yaml: line 3: bad indent. It "
                     "keeps running with the previous config."},
                    {"hint",
                     "Run `sellerwatch check-config -c /etc/sellerwatch.yaml` to see every "
                     "problem, fix them, and reload again."}}));
  ASSERT_EQ(a.localized.size(), 1u);
  const Labels& zh = a.localized.at("zh-CN");
  EXPECT_EQ(zh.at("title"), "配置重新加载失败");
  EXPECT_EQ(zh.at("summary"),
            "sellerwatch 无法重新加载 /etc/sellerwatch.yaml：line 3: bad indent。它将继续使用之前的"
            "配置运行。");
  EXPECT_EQ(
      zh.at("hint"),
      "请运行 `sellerwatch check-config -c /etc/sellerwatch.yaml` 查看所有问题，修复后重新加载。");
  EXPECT_EQ(a.state, AlertState::kFiring);
  EXPECT_EQ(a.starts_at, kNow);
}

TEST(MetaAlertTest, EveryMetaAlertHasItsTitleInChineseAndNoHintWhenThereIsNone) {
  std::vector<i18n::Translator> languages{i18n::MakeTranslator(*i18n::FindLanguage("zh-CN"))};
  auto summary_only = [](const i18n::Translator& tr) {
    return MetaAlertText{tr.Tr("sellerwatch reads source '{}' again (it had failed since {}).",
                               "shop/orders", "2026-11-01T10:00:00Z"),
                         ""};
  };
  for (const char* rule : {"source_down", "delivery_failed", "config_reload_failed"}) {
    Alert a = MakeMetaAlert(rule, Severity::kCritical, {}, summary_only, languages, kNow);
    const Labels& zh = a.localized.at("zh-CN");
    EXPECT_NE(zh.at("title"), a.annotations.at("title")) << rule;
    EXPECT_EQ(
        zh.at("summary"),
        "sellerwatch 已恢复读取数据源“shop/orders”（此前自 2026-11-01T10:00:00Z 起一直失败）。");
    EXPECT_FALSE(zh.count("hint"));
    EXPECT_FALSE(a.annotations.count("hint"));
  }
}

}  // namespace
}  // namespace sellerwatch::core
