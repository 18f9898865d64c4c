// The one-line explanation of a forecast, as alerts, `status` and the digest show it.

#include "metrics/forecast_text.hpp"

#include <gtest/gtest.h>

#include "core/value_format.hpp"
#include "i18n/languages.hpp"

namespace sellerwatch::metrics {
namespace {

core::MetricInfo Late() { return *core::FindMetric("late_shipment_rate_10d"); }

TEST(FormatLikelihoodTest, RoundsButNeverToCertainOrImpossible) {
  EXPECT_EQ(core::FormatLikelihood(0.854), "85%");
  EXPECT_EQ(core::FormatLikelihood(0.996), "99%");
  EXPECT_EQ(core::FormatLikelihood(1.0), "100%");
  EXPECT_EQ(core::FormatLikelihood(0.003), "1%");
  EXPECT_EQ(core::FormatLikelihood(0.0), "0%");
}

TEST(ExplainForecastTest, PaceExitsAndLikelihoodInOneLine) {
  Forecast f;
  f.recent_bad_per_day = 2.14;
  f.baseline_bad_per_day = 0.6;
  f.denominator_per_day = 20;
  f.leaving_bad = 3;
  f.leaving_total = 140;
  EXPECT_EQ(ExplainForecast(f, Late(), 0.04, 0.854, 7),
            "2.1 late shipments a day lately (usually 0.6) of 20 a day; 3 late shipments of 140 "
            "leave the window within 7 days; reaching 4% within 7 days: 85% likely");
}

TEST(ExplainForecastTest, WithoutALevelOnlyThePaceAndTheExits) {
  Forecast f;
  f.recent_bad_per_day = 1;
  f.baseline_bad_per_day = 1;
  f.denominator_per_day = 5.26;
  EXPECT_EQ(ExplainForecast(f, Late(), std::nullopt, std::nullopt, 1),
            "1 late shipment a day lately (usually 1) of 5.3 a day; 0 late shipments of 0 "
            "leave the window within 1 day");
}

TEST(ExplainForecastTest, DefectsStillToComeAreNamed) {
  Forecast f;
  f.recent_bad_per_day = 0.42;
  f.baseline_bad_per_day = 0.4;
  f.denominator_per_day = 40;
  f.leaving_bad = 2;
  f.leaving_total = 280;
  f.maturing_bad = 2.6;
  EXPECT_EQ(ExplainForecast(f, *core::FindMetric("order_defect_rate"), 0.01, 0.31, 7),
            "0.4 order defects a day lately (usually 0.4) of 40 a day; 2 order defects of 280 "
            "leave the window within 7 days; about 3 order defects still to be reported for "
            "orders already in it; reaching 1% within 7 days: 31% likely");
}

TEST(ExplainForecastTest, InChineseTheSameLineWithTheMarketplacesWords) {
  Forecast f;
  f.recent_bad_per_day = 2.14;
  f.baseline_bad_per_day = 0.6;
  f.denominator_per_day = 20;
  f.leaving_bad = 1;
  f.leaving_total = 140;
  f.maturing_bad = 2.6;
  i18n::Translator zh = i18n::MakeTranslator(*i18n::FindLanguage("zh-CN"));
  EXPECT_EQ(ExplainForecast(zh, f, Late(), 0.04, 0.854, 7),
            "最近每天2.1次迟发（平时为0.6次），每天总量约20；7天内将有140个移出统计窗口，其中1次"
            "迟发；窗口内已有的订单预计还会新增约3次迟发；7天内达到 4% 的可能性：85%");
  EXPECT_EQ(ExplainForecast(i18n::Translator(), f, Late(), 0.04, 0.854, 7),
            ExplainForecast(f, Late(), 0.04, 0.854, 7));
}

}  // namespace
}  // namespace sellerwatch::metrics
