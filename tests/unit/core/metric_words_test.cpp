#include "core/metric_words.hpp"

#include <gtest/gtest.h>

#include "core/metric_catalog.hpp"

namespace sellerwatch::core {
namespace {

TEST(MetricWordsTest, EveryCatalogueMetricHasWordsOnEveryMarketplace) {
  for (const MetricInfo& info : AllMetrics()) {
    for (std::string_view marketplace : {"amazon", "ebay", "aliexpress", "shopify", "custom"}) {
      SCOPED_TRACE(std::string(info.name) + " on " + std::string(marketplace));
      MetricWords words = WordsFor(info.name, marketplace);
      EXPECT_NE(words.name, info.name);
      EXPECT_EQ(words.name.find('_'), std::string::npos) << words.name;
      EXPECT_FALSE(words.description.empty());
      EXPECT_EQ(words.description.find('_'), std::string::npos) << words.description;
      if (info.window_days > 0) {
        EXPECT_NE(words.name.find("(" + std::to_string(info.window_days) + " days)"),
                  std::string::npos)
            << words.name;
      }
    }
  }
}

struct Case {
  std::string_view metric, marketplace, name;
};

class MetricWordsCaseTest : public ::testing::TestWithParam<Case> {};

TEST_P(MetricWordsCaseTest, Name) {
  EXPECT_EQ(DisplayName(GetParam().metric, GetParam().marketplace), GetParam().name);
}

INSTANTIATE_TEST_SUITE_P(
    Words, MetricWordsCaseTest,
    ::testing::Values(
        Case{"late_shipment_rate_10d", "shopify", "Late shipment rate (10 days)"},
        Case{"late_shipment_rate_30d", "amazon", "Late shipment rate (30 days)"},
        Case{"cancellation_rate", "amazon", "Pre-fulfilment cancel rate (7 days)"},
        Case{"cancellation_rate", "ebay", "Seller cancellation rate (7 days)"},
        Case{"seller_fault_cancel_count", "aliexpress", "No sale after transaction (30 days)"},
        Case{"seller_fault_cancel_count", "amazon", "Orders closed for not shipping (30 days)"},
        Case{"seller_responsible_dispute_rate", "ebay",
             "Cases closed without seller resolution (30 days)"},
        Case{"ship_deadline_at_risk", "amazon", "Orders at risk of shipping late"},
        Case{"platform.account_status", "amazon", "Account status"},
        Case{"platform.ahr_score", "amazon", "AHR score"},
        Case{"platform.standards_level.projected", "ebay", "Standards level projected"},
        Case{"no_such_metric", "amazon", "no_such_metric"}));

}  // namespace
}  // namespace sellerwatch::core
