#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "config/diagnostics.hpp"
#include "config/embedded_presets.hpp"
#include "config/loader.hpp"
#include "config/presets.hpp"
#include "sources/registry.hpp"

namespace sellerwatch::config {
namespace {

using namespace std::chrono_literals;

LoadOptions Options() {
  LoadOptions options;
  options.source_types = sources::SourceTypeSpecs();
  options.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  return options;
}

std::string All(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const auto& d : diagnostics) out += "\n  " + d.Format();
  return out;
}

// The effective rules of one account of `marketplace` with nothing else configured.
std::vector<EffectiveRule> RulesOf(const std::string& marketplace,
                                   const std::string& thresholds = "") {
  std::string text = "accounts:\n  - id: shop\n    marketplace: " + marketplace + "\n";
  if (!thresholds.empty()) text += "    thresholds:\n" + thresholds;
  LoadResult r = ParseConfig(text, "p.yaml", Options());
  EXPECT_TRUE(r.ok()) << All(r.diagnostics);
  EXPECT_TRUE(r.diagnostics.empty()) << All(r.diagnostics);
  if (!r.ok()) return {};
  return r.config->accounts[0].rules;
}

const EffectiveRule* Find(const std::vector<EffectiveRule>& rules, const std::string& name) {
  for (const auto& r : rules)
    if (r.name == name) return &r;
  return nullptr;
}

std::vector<std::string> Names(const std::vector<EffectiveRule>& rules) {
  std::vector<std::string> out;
  for (const auto& r : rules) out.push_back(r.name);
  return out;
}

TEST(ConfigPresetTest, AllFourPresetsAreEmbeddedAndLoadCleanly) {
  DiagnosticSink sink("unused.yaml");
  std::vector<Preset> presets = LoadPresets(EmbeddedPresets(), sink);
  auto diagnostics = std::move(sink).Finish();
  EXPECT_TRUE(diagnostics.empty()) << All(diagnostics);
  for (const char* name : {"amazon", "ebay", "aliexpress", "shopify"}) {
    const Preset* p = FindPreset(presets, name);
    ASSERT_NE(p, nullptr) << name;
    EXPECT_FALSE(p->rules.empty()) << name;
  }
  EXPECT_EQ(FindPreset(presets, "custom"), nullptr);
}

// Each marketplace's forecast rules warn, 7 days ahead at 80 %, of the line its threshold rule
// for the same metric calls critical, on the metrics that decide suspensions.
TEST(ConfigPresetTest, ForecastRulesWarnOfTheCriticalLineOfTheirMetric) {
  const std::map<std::string, std::vector<std::string>> forecast_metrics = {
      {"amazon",
       {"order_defect_rate", "cancellation_rate", "late_shipment_rate_10d", "valid_tracking_rate"}},
      {"ebay", {"order_defect_rate", "cancellation_rate", "late_shipment_rate_30d"}},
      {"aliexpress",
       {"dispute_rate", "seller_responsible_dispute_rate", "cancellation_rate",
        "late_shipment_rate_30d"}},
      {"shopify", {"cancellation_rate", "late_shipment_rate_10d"}},
  };
  for (const auto& [marketplace, metrics] : forecast_metrics) {
    SCOPED_TRACE(marketplace);
    auto rules = RulesOf(marketplace);
    std::vector<std::string> forecast;
    for (const EffectiveRule& r : rules) {
      if (r.kind != RuleKind::kForecast) continue;
      forecast.push_back(r.metric);
      SCOPED_TRACE(r.name);
      const EffectiveRule* threshold = Find(rules, r.metric);
      ASSERT_NE(threshold, nullptr);
      ASSERT_TRUE(r.warn && threshold->critical);
      EXPECT_FALSE(r.critical.has_value());
      EXPECT_DOUBLE_EQ(*r.warn, *threshold->critical);
      EXPECT_EQ(r.direction, threshold->direction);
      EXPECT_EQ(r.min_sample, threshold->min_sample);
      EXPECT_EQ(r.within, 7 * 24h);
      EXPECT_DOUBLE_EQ(r.probability, 0.8);
    }
    EXPECT_EQ(forecast, metrics);
  }
}

TEST(ConfigPresetTest, AmazonMatchesTheDesignTable) {
  auto rules = RulesOf("amazon");
  EXPECT_EQ(Names(rules),
            (std::vector<std::string>{
                "order_defect_rate", "negative_feedback_rate", "cancellation_rate",
                "late_shipment_rate_10d", "late_shipment_rate_30d", "valid_tracking_rate",
                "on_time_delivery_rate", "response_within_24h_rate", "response_time_p90",
                "order_defect_forecast", "cancellation_forecast", "late_shipment_forecast",
                "valid_tracking_forecast", "negative_feedback_trend", "ship_deadline_at_risk",
                "reply_deadline_at_risk", "account_status"}));
  struct Row {
    const char* name;
    double warn;
    double critical;
    core::Direction direction;
  };
  const Row rows[] = {
      {"order_defect_rate", 0.0075, 0.01, core::Direction::kAbove},
      {"negative_feedback_rate", 0.005, 0.01, core::Direction::kAbove},
      {"cancellation_rate", 0.015, 0.025, core::Direction::kAbove},
      {"late_shipment_rate_10d", 0.03, 0.04, core::Direction::kAbove},
      {"late_shipment_rate_30d", 0.03, 0.04, core::Direction::kAbove},
      {"valid_tracking_rate", 0.97, 0.95, core::Direction::kBelow},
      {"on_time_delivery_rate", 0.95, 0.90, core::Direction::kBelow},
      {"response_within_24h_rate", 0.95, 0.90, core::Direction::kBelow},
      {"response_time_p90", 12 * 3600.0, 24 * 3600.0, core::Direction::kAbove},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    const EffectiveRule* r = Find(rules, row.name);
    ASSERT_NE(r, nullptr);
    EXPECT_EQ(r->kind, RuleKind::kThreshold);
    EXPECT_EQ(r->metric, row.name);
    ASSERT_TRUE(r->warn && r->critical);
    EXPECT_DOUBLE_EQ(*r->warn, row.warn);
    EXPECT_DOUBLE_EQ(*r->critical, row.critical);
    EXPECT_EQ(r->direction, row.direction);
    EXPECT_EQ(r->min_sample, 20);
    EXPECT_EQ(r->for_, 0s);
  }
  const EffectiveRule* trend = Find(rules, "negative_feedback_trend");
  ASSERT_NE(trend, nullptr);
  EXPECT_EQ(trend->kind, RuleKind::kTrend);
  EXPECT_EQ(trend->metric, "negative_feedback_count_7d");
  EXPECT_DOUBLE_EQ(trend->warn.value_or(0), 2.0);
  EXPECT_FALSE(trend->critical);
  EXPECT_EQ(trend->baseline, 28 * 24h);
  EXPECT_EQ(trend->min_count, 3);
  for (const char* name : {"ship_deadline_at_risk", "reply_deadline_at_risk"}) {
    const EffectiveRule* r = Find(rules, name);
    ASSERT_NE(r, nullptr) << name;
    EXPECT_EQ(r->kind, RuleKind::kAtRisk);
    EXPECT_EQ(r->lead, 12h);
    EXPECT_DOUBLE_EQ(r->warn.value_or(0), 1.0);
  }
  const EffectiveRule* status = Find(rules, "account_status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->kind, RuleKind::kStatusChange);
  EXPECT_EQ(status->metric, "platform.account_status");
  EXPECT_EQ(status->critical_values, (std::vector<std::string>{"AT_RISK", "DEACTIVATED"}));
  EXPECT_TRUE(status->warn_values.empty());
}

TEST(ConfigPresetTest, Ebay) {
  auto rules = RulesOf("ebay");
  const EffectiveRule* cancel = Find(rules, "cancellation_rate");
  ASSERT_NE(cancel, nullptr);
  EXPECT_DOUBLE_EQ(*cancel->warn, 0.015);
  EXPECT_DOUBLE_EQ(*cancel->critical, 0.02);
  const EffectiveRule* late = Find(rules, "late_shipment_rate_30d");
  ASSERT_NE(late, nullptr);
  EXPECT_DOUBLE_EQ(*late->warn, 0.05);
  EXPECT_DOUBLE_EQ(*late->critical, 0.07);
  EXPECT_EQ(late->allowance, 7);
  const EffectiveRule* top_defects = Find(rules, "top_rated_defect_rate");
  ASSERT_NE(top_defects, nullptr);
  EXPECT_EQ(top_defects->metric, "order_defect_rate");
  EXPECT_DOUBLE_EQ(*top_defects->warn, 0.005);
  EXPECT_EQ(top_defects->allowance, 3);
  EXPECT_EQ(Find(rules, "top_rated_late_shipment_rate")->allowance, 5);
  EXPECT_DOUBLE_EQ(*Find(rules, "valid_tracking_rate")->critical, 0.95);
  EXPECT_DOUBLE_EQ(*Find(rules, "order_defect_rate")->critical, 0.02);
  ASSERT_NE(Find(rules, "negative_feedback_trend"), nullptr);
  ASSERT_NE(Find(rules, "ship_deadline_at_risk"), nullptr);
  const EffectiveRule* level = Find(rules, "standards_level");
  ASSERT_NE(level, nullptr);
  EXPECT_EQ(level->metric, "platform.standards_level");
  EXPECT_EQ(level->critical_values, std::vector<std::string>{"BELOW_STANDARD"});
}

TEST(ConfigPresetTest, AliExpressHasConservativeDefaultsForEveryIndicator) {
  auto rules = RulesOf("aliexpress");
  EXPECT_DOUBLE_EQ(*Find(rules, "dispute_rate")->warn, 0.015);
  EXPECT_DOUBLE_EQ(*Find(rules, "dispute_escalation_rate")->critical, 0.015);
  EXPECT_DOUBLE_EQ(*Find(rules, "seller_responsible_dispute_rate")->warn, 0.003);
  const EffectiveRule* closes = Find(rules, "seller_fault_cancel_count");
  ASSERT_NE(closes, nullptr);
  EXPECT_DOUBLE_EQ(*closes->warn, 1);  // any "no sale after transaction" warns
  EXPECT_DOUBLE_EQ(*closes->critical, 3);
  const EffectiveRule* disputes = Find(rules, "dispute_deadline_at_risk");
  ASSERT_NE(disputes, nullptr);
  EXPECT_EQ(disputes->kind, RuleKind::kAtRisk);
  EXPECT_EQ(disputes->lead, std::chrono::hours(24));
  EXPECT_DOUBLE_EQ(*disputes->critical, 1);
  const EffectiveRule* posting = Find(rules, "product_posting_forbidden");
  ASSERT_NE(posting, nullptr);
  EXPECT_EQ(posting->metric, "platform.product_posting_forbidden");
  EXPECT_EQ(posting->critical_values, std::vector<std::string>{"true"});
  EXPECT_NE(Find(rules, "response_within_24h_rate"), nullptr);
  EXPECT_NE(Find(rules, "negative_feedback_trend"), nullptr);

  auto set = RulesOf("aliexpress", "      dispute_rate: {warn: 3%, critical: 6%}\n");
  const EffectiveRule* dispute = Find(set, "dispute_rate");
  ASSERT_NE(dispute, nullptr);
  EXPECT_DOUBLE_EQ(*dispute->warn, 0.03);
  EXPECT_EQ(Names(set)[0], "dispute_rate") << "keeps its preset position";
}

TEST(ConfigPresetTest, ADisputeDeadlineRuleWarnsADayAheadUnlessToldOtherwise) {
  auto rules = RulesOf("amazon", "      dispute_deadline_at_risk: {warn: 1}\n");
  ASSERT_NE(Find(rules, "dispute_deadline_at_risk"), nullptr);
  EXPECT_EQ(Find(rules, "dispute_deadline_at_risk")->lead, std::chrono::hours(24));
  auto set = RulesOf("aliexpress", "      dispute_deadline_at_risk: {lead: 36h}\n");
  EXPECT_EQ(Find(set, "dispute_deadline_at_risk")->lead, std::chrono::hours(36));
}

TEST(ConfigPresetTest, Shopify) {
  auto rules = RulesOf("shopify");
  EXPECT_DOUBLE_EQ(*Find(rules, "cancellation_rate")->warn, 0.01);
  EXPECT_DOUBLE_EQ(*Find(rules, "cancellation_rate")->critical, 0.025);
  EXPECT_DOUBLE_EQ(*Find(rules, "late_shipment_rate_10d")->warn, 0.03);
  EXPECT_DOUBLE_EQ(*Find(rules, "late_shipment_rate_10d")->critical, 0.05);
  EXPECT_NE(Find(rules, "negative_feedback_trend"), nullptr);
  EXPECT_NE(Find(rules, "ship_deadline_at_risk"), nullptr);
}

TEST(ConfigPresetTest, CustomHasNoPresetRules) { EXPECT_TRUE(RulesOf("custom").empty()); }

TEST(ConfigPresetTest, ProblemsInAPresetAreNamedAfterIt) {
  const EmbeddedFile files[] = {
      {"broken.yaml",
       "rules:\n  odr: {warn: 1%}\n  order_defect_rate: {warn: lots, critcal: 2%}\n"},
      {"syntax.yaml", "rules: [\n"},
  };
  DiagnosticSink sink("main.yaml");
  auto presets = LoadPresets(files, sink);
  auto diagnostics = std::move(sink).Finish();
  std::string all = All(diagnostics);
  EXPECT_NE(all.find("preset broken.yaml:2:3: rules.odr: unknown metric 'odr'"), std::string::npos)
      << all;
  EXPECT_NE(all.find("preset broken.yaml:3:29: rules.order_defect_rate.warn: invalid rate 'lots'"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("preset broken.yaml:3:35: unknown key 'critcal'; did you mean 'critical'?"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("preset syntax.yaml:2:1: YAML syntax error"), std::string::npos) << all;
}

}  // namespace
}  // namespace sellerwatch::config
