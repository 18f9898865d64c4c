// The values a marketplace reports, named in the reader's language: an alert's title on
// `platform.*` says in English what core::DisplayName says, and in Chinese the known names.

#include <gtest/gtest.h>

#include <ostream>

#include "core/metric_words.hpp"
#include "core/platform_display.hpp"
#include "i18n/languages.hpp"

namespace sellerwatch::core {
namespace {

i18n::Translator Chinese() { return i18n::MakeTranslator(*i18n::FindLanguage("zh-CN")); }

TEST(PlatformNameTest, EnglishIsWhatDisplayNameSays) {
  for (std::string_view name :
       {"platform.account_status", "platform.ahr_score", "platform.ahr_status",
        "platform.policy_violation_warnings.count", "platform.standards_level",
        "platform.standards_projection", "platform.product_posting_forbidden",
        "platform.account_status.A1PA6795UKMFR9", "platform.standards_level.projected",
        "platform.late_shipment_rate.status"}) {
    EXPECT_EQ(PlatformName(i18n::Translator(), name), DisplayName(name, "amazon")) << name;
  }
}

struct Case {
  std::string_view name, label, title;
};

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class PlatformNameChineseTest : public ::testing::TestWithParam<Case> {};

TEST_P(PlatformNameChineseTest, KnownNamesInChineseOthersAsReported) {
  EXPECT_EQ(PlatformLabel(Chinese(), GetParam().name), GetParam().label);
  EXPECT_EQ(PlatformName(Chinese(), GetParam().name), GetParam().title);
}

INSTANTIATE_TEST_SUITE_P(
    Names, PlatformNameChineseTest,
    ::testing::Values(Case{"platform.account_status", "账户状态", "账户状态"},
                      Case{"platform.ahr_score", "账户状况评级分数", "账户状况评级分数"},
                      Case{"platform.standards_level", "卖家表现等级", "卖家表现等级"},
                      Case{"platform.product_posting_forbidden", "商品发布限制", "商品发布限制"},
                      Case{"platform.account_status.A1PA6795UKMFR9", "账户状态（A1PA6795UKMFR9）",
                           "账户状态（A1PA6795UKMFR9）"},
                      Case{"platform.late_shipment_rate.status", "late_shipment_rate.status",
                           "Late shipment rate status"}));

}  // namespace
}  // namespace sellerwatch::core
