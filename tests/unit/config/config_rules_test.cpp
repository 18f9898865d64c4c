// Rules: preset -> `rules:` -> account `thresholds:`, merged field by field.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config/loader.hpp"
#include "sources/registry.hpp"

namespace sellerwatch::config {
namespace {

using namespace std::chrono_literals;

LoadResult Load(const std::string& text) {
  LoadOptions options;
  options.source_types = sources::SourceTypeSpecs();
  options.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  return ParseConfig(text, "r.yaml", options);
}

std::string All(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += "\n  " + d.Format();
  return out;
}

bool HasError(const LoadResult& r, const std::string& text) {
  for (const auto& d : r.diagnostics)
    if (!d.warning && d.Format().find(text) != std::string::npos) return true;
  return false;
}

const EffectiveRule* Find(const AccountConfig& a, const std::string& name) {
  for (const auto& r : a.rules)
    if (r.name == name) return &r;
  return nullptr;
}

TEST(ConfigRulesTest, ThresholdsOverridePresetFieldByField) {
  LoadResult r = Load(R"(accounts:
  - id: shop
    marketplace: amazon
    thresholds:
      late_shipment_rate_10d: {for: 2h, clear_for: 30m, min_sample: 50}
      order_defect_rate: {warn: 0.7%}
      response_time_p90: {critical: 1d}
)");
  ASSERT_TRUE(r.ok()) << All(r);
  const AccountConfig& a = r.config->accounts[0];
  const EffectiveRule* late = Find(a, "late_shipment_rate_10d");
  ASSERT_NE(late, nullptr);
  EXPECT_DOUBLE_EQ(*late->warn, 0.03);  // from the preset
  EXPECT_DOUBLE_EQ(*late->critical, 0.04);
  EXPECT_EQ(late->for_, 2h);
  EXPECT_EQ(late->clear_for, 30min);
  EXPECT_EQ(late->min_sample, 50);
  const EffectiveRule* odr = Find(a, "order_defect_rate");
  EXPECT_DOUBLE_EQ(*odr->warn, 0.007);
  EXPECT_DOUBLE_EQ(*odr->critical, 0.01);
  EXPECT_DOUBLE_EQ(*Find(a, "response_time_p90")->critical, 86400.0);  // seconds
  // `thresholds` keeps what was written, per rule name.
  ASSERT_EQ(a.thresholds.size(), 3u);
  EXPECT_EQ(a.thresholds.at("late_shipment_rate_10d").for_, 2h);
  EXPECT_FALSE(a.thresholds.at("late_shipment_rate_10d").warn.has_value());
}

TEST(ConfigRulesTest, RulesEntryOverridesPresetForItsAccountsAndThresholdsWin) {
  LoadResult r = Load(R"(accounts:
  - {id: us, marketplace: amazon}
  - {id: de, marketplace: amazon, thresholds: {order_defect_rate: {critical: 0.8%}}}
  - {id: uk, marketplace: amazon}
rules:
  - name: order_defect_rate
    warn: 0.5%
    for: 1h
    accounts: [us, de]
)");
  ASSERT_TRUE(r.ok()) << All(r);
  const Config& c = *r.config;
  const EffectiveRule* us = Find(*c.FindAccount("us"), "order_defect_rate");
  EXPECT_DOUBLE_EQ(*us->warn, 0.005);
  EXPECT_DOUBLE_EQ(*us->critical, 0.01);
  EXPECT_EQ(us->for_, 1h);
  const EffectiveRule* de = Find(*c.FindAccount("de"), "order_defect_rate");
  EXPECT_DOUBLE_EQ(*de->warn, 0.005);
  EXPECT_DOUBLE_EQ(*de->critical, 0.008);
  const EffectiveRule* uk = Find(*c.FindAccount("uk"), "order_defect_rate");
  EXPECT_DOUBLE_EQ(*uk->warn, 0.0075);
  EXPECT_EQ(uk->for_, 0s);
  // The override keeps the preset rule's position; the rule list is stored resolved.
  EXPECT_EQ(c.FindAccount("us")->rules[0].name, "order_defect_rate");
  ASSERT_EQ(c.rules.size(), 1u);
  EXPECT_EQ(c.rules[0].metric, "order_defect_rate");
  EXPECT_EQ(c.rules[0].kind, RuleKind::kThreshold);
  EXPECT_EQ(c.rules[0].accounts, (std::vector<std::string>{"us", "de"}));
  EXPECT_DOUBLE_EQ(*c.rules[0].settings.warn, 0.005);
}

TEST(ConfigRulesTest, OrderIsPresetThenRulesThenNewThresholdRules) {
  LoadResult r = Load(R"(accounts:
  - id: shop
    marketplace: shopify
    thresholds:
      dispute_rate: {warn: 1%, critical: 2%}
rules:
  - name: spike
    metric: negative_feedback_count_7d
    kind: trend
    warn: 1.5x
    critical: "3"
)");
  ASSERT_TRUE(r.ok()) << All(r);
  const auto& rules = r.config->accounts[0].rules;
  std::vector<std::string> names;
  for (const auto& rule : rules) names.push_back(rule.name);
  EXPECT_EQ(names, (std::vector<std::string>{"cancellation_rate", "late_shipment_rate_10d",
                                             "cancellation_forecast", "late_shipment_forecast",
                                             "negative_feedback_trend", "ship_deadline_at_risk",
                                             "reply_deadline_at_risk", "spike", "dispute_rate"}));
  const EffectiveRule* spike = Find(r.config->accounts[0], "spike");
  EXPECT_EQ(spike->kind, RuleKind::kTrend);
  EXPECT_DOUBLE_EQ(*spike->warn, 1.5);
  EXPECT_DOUBLE_EQ(*spike->critical, 3.0);
}

TEST(ConfigRulesTest, EnabledFalseDropsTheRule) {
  LoadResult r = Load(R"(accounts:
  - id: shop
    marketplace: amazon
    thresholds:
      on_time_delivery_rate: {enabled: false}
rules:
  - {name: account_status, enabled: false}
  - {name: extra, metric: dispute_rate, warn: 1%, enabled: false}
)");
  ASSERT_TRUE(r.ok()) << All(r);
  const AccountConfig& a = r.config->accounts[0];
  EXPECT_EQ(Find(a, "on_time_delivery_rate"), nullptr);
  EXPECT_EQ(Find(a, "account_status"), nullptr);
  EXPECT_EQ(Find(a, "extra"), nullptr);
  EXPECT_NE(Find(a, "order_defect_rate"), nullptr);
  // A rule disabled in `rules:` can be switched back on for one account.
  LoadResult back = Load(R"(accounts:
  - {id: shop, marketplace: amazon, thresholds: {account_status: {enabled: true}}}
rules:
  - {name: account_status, enabled: false}
)");
  ASSERT_TRUE(back.ok()) << All(back);
  EXPECT_NE(Find(back.config->accounts[0], "account_status"), nullptr);
}

TEST(ConfigRulesTest, CustomAccountGetsRulesFromCatalogueMetrics) {
  LoadResult r = Load(R"(accounts:
  - id: erp-shop
    marketplace: custom
    thresholds:
      late_shipment_rate_30d: {warn: 2%, critical: 3%, for: 1h}
      response_time_p90: {warn: 6h, critical: 1d}
      negative_feedback_count_7d: {warn: 3, critical: 5}
      ship_deadline_at_risk: {warn: 2, lead: 4h}
      platform.ahr_score: {warn: [AT_RISK]}
)");
  ASSERT_TRUE(r.ok()) << All(r);
  const AccountConfig& a = r.config->accounts[0];
  ASSERT_EQ(a.rules.size(), 5u);
  const EffectiveRule* late = Find(a, "late_shipment_rate_30d");
  EXPECT_EQ(late->metric, "late_shipment_rate_30d");
  EXPECT_EQ(late->kind, RuleKind::kThreshold);
  EXPECT_DOUBLE_EQ(*late->warn, 0.02);
  EXPECT_EQ(late->for_, 1h);
  const EffectiveRule* p90 = Find(a, "response_time_p90");
  EXPECT_DOUBLE_EQ(*p90->warn, 6 * 3600.0);
  EXPECT_DOUBLE_EQ(*p90->critical, 86400.0);
  const EffectiveRule* count = Find(a, "negative_feedback_count_7d");
  EXPECT_DOUBLE_EQ(*count->warn, 3.0);
  const EffectiveRule* ship = Find(a, "ship_deadline_at_risk");
  EXPECT_EQ(ship->kind, RuleKind::kAtRisk);
  EXPECT_EQ(ship->lead, 4h);
  const EffectiveRule* ahr = Find(a, "platform.ahr_score");
  EXPECT_EQ(ahr->kind, RuleKind::kStatusChange);
  EXPECT_EQ(ahr->warn_values, std::vector<std::string>{"AT_RISK"});
}

TEST(ConfigRulesTest, ValuesAreReadInTheMetricsUnit) {
  LoadResult r = Load(R"(accounts:
  - {id: shop, marketplace: custom}
rules:
  - {name: a, metric: order_defect_rate, warn: "0.007", critical: 0.9%, clear: 0.5%}
  - {name: b, metric: response_time_p90, warn: 1h30m, critical: 2h}
  - {name: c, metric: negative_feedback_count_7d, warn: 4}
  - {name: d, metric: negative_feedback_count_7d, kind: trend, warn: 2x, critical: 2.5}
  - {name: e, metric: platform.ahr_score, kind: threshold, direction: below, warn: 250, critical: 200.5}
  - {name: f, metric: platform.account_status, critical: DEACTIVATED}
  - {name: g, metric: dispute_rate, kind: forecast, within: 3d, probability: 90%, warn: 1%}
  - {name: h, metric: dispute_rate, kind: forecast, warn: 1%}
)");
  ASSERT_TRUE(r.ok()) << All(r);
  const AccountConfig& a = r.config->accounts[0];
  EXPECT_DOUBLE_EQ(*Find(a, "a")->warn, 0.007);
  EXPECT_DOUBLE_EQ(*Find(a, "a")->critical, 0.009);
  EXPECT_DOUBLE_EQ(*Find(a, "a")->clear, 0.005);
  EXPECT_DOUBLE_EQ(*Find(a, "b")->warn, 5400.0);
  EXPECT_DOUBLE_EQ(*Find(a, "c")->warn, 4.0);
  EXPECT_DOUBLE_EQ(*Find(a, "d")->warn, 2.0);
  EXPECT_DOUBLE_EQ(*Find(a, "d")->critical, 2.5);
  EXPECT_EQ(Find(a, "e")->direction, core::Direction::kBelow);
  EXPECT_DOUBLE_EQ(*Find(a, "e")->critical, 200.5);
  EXPECT_EQ(Find(a, "f")->kind, RuleKind::kStatusChange);
  EXPECT_EQ(Find(a, "f")->critical_values, std::vector<std::string>{"DEACTIVATED"});
  EXPECT_EQ(Find(a, "g")->kind, RuleKind::kForecast);
  EXPECT_EQ(Find(a, "g")->within, 3 * 24h);
  EXPECT_DOUBLE_EQ(Find(a, "g")->probability, 0.9);
  EXPECT_EQ(Find(a, "h")->within, 7 * 24h);
  EXPECT_DOUBLE_EQ(Find(a, "h")->probability, 0.8);
}

TEST(ConfigRulesTest, AForecastProbabilityIsNeitherCertainNorImpossible) {
  LoadResult r = Load(R"(accounts:
  - {id: shop, marketplace: custom}
rules:
  - {name: a, metric: dispute_rate, kind: forecast, probability: 100%, warn: 1%}
  - {name: b, metric: dispute_rate, kind: forecast, probability: 0, warn: 1%}
  - {name: c, metric: dispute_rate, kind: forecast, probability: likely, warn: 1%}
)");
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(HasError(r,
                       "r.yaml:4:66: rules[0].probability: probability must be above 0% and "
                       "below 100%, got 100%"))
      << All(r);
  EXPECT_TRUE(HasError(r,
                       "r.yaml:5:66: rules[1].probability: probability must be above 0% and "
                       "below 100%, got 0%"))
      << All(r);
  EXPECT_TRUE(HasError(r, "rules[2].probability: invalid rate 'likely'")) << All(r);
}

TEST(ConfigRulesTest, BadValuesPerUnit) {
  LoadResult r = Load(R"(accounts:
  - {id: shop, marketplace: custom}
rules:
  - {name: a, metric: negative_feedback_count_7d, warn: 2.5}
  - {name: b, metric: response_time_p90, warn: 12}
  - {name: c, metric: negative_feedback_count_7d, kind: trend, warn: double}
  - {name: d, metric: order_defect_rate, warn: 150%}
  - {name: e, metric: order_defect_rate, kind: sometimes, warn: 1%}
  - {name: f, metric: order_defect_rate, kind: at_risk, warn: 1%}
  - {name: g, metric: order_defect_rate, direction: sideways, warn: 1%}
)");
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(HasError(r, "r.yaml:4:57: rules[0].warn: expected an integer, got '2.5'")) << All(r);
  EXPECT_TRUE(HasError(r, "r.yaml:5:48: rules[1].warn: invalid duration '12'")) << All(r);
  EXPECT_TRUE(HasError(r,
                       "r.yaml:6:70: rules[2].warn: invalid multiplier 'double': expected a "
                       "multiple of the baseline like 2x or 1.5"))
      << All(r);
  EXPECT_TRUE(HasError(r, "r.yaml:7:48: rules[3].warn: invalid rate '150%'")) << All(r);
  EXPECT_TRUE(HasError(r, "r.yaml:8:48: rules[4].kind: unknown rule kind 'sometimes'")) << All(r);
  EXPECT_TRUE(HasError(r, "r.yaml:9:48: rules[5].kind: kind at_risk needs an at-risk metric"))
      << All(r);
  EXPECT_TRUE(HasError(r,
                       "r.yaml:10:53: rules[6].direction: invalid direction 'sideways': "
                       "expected above or below"))
      << All(r);
}

TEST(ConfigRulesTest, WarnAndCriticalMustBeOrderedByDirection) {
  LoadResult r = Load(R"(accounts:
  - id: shop
    marketplace: amazon
    thresholds:
      valid_tracking_rate: {warn: 94%}
      response_time_p90: {direction: below}
)");
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(HasError(r,
                       "r.yaml:5:35: accounts[0].thresholds.valid_tracking_rate: warn 94% must "
                       "not be below critical 95% for a 'below' metric"))
      << All(r);
  EXPECT_TRUE(HasError(r, "preset amazon.yaml")) << "reported where critical was written" << All(r);
}

TEST(ConfigRulesTest, UnknownNames) {
  LoadResult r = Load(R"(accounts:
  - id: shop
    marketplace: amazon
    thresholds:
      order_defect_rat: {warn: 1%}
      something_else: {warn: 1%}
      late_shipment_rate_10d: {warm: 1%}
rules:
  - {name: x, metric: late_shipment_rate, warn: 1%}
  - {name: y, metric: late_shipment_rate_10d, warn: 1%, accounts: [shpo]}
  - {name: not_a_metric, warn: 1%}
)");
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(HasError(r,
                       "r.yaml:5:7: accounts[0].thresholds: unknown rule 'order_defect_rat'; "
                       "did you mean 'order_defect_rate'?"))
      << All(r);
  EXPECT_TRUE(HasError(r,
                       "r.yaml:6:7: accounts[0].thresholds: unknown rule 'something_else' "
                       "(neither a rule of this account nor a metric)"))
      << All(r);
  EXPECT_TRUE(HasError(r, "r.yaml:7:32: unknown key 'warm'; did you mean 'warn'?")) << All(r);
  EXPECT_TRUE(HasError(r,
                       "r.yaml:9:23: rules[0].metric: unknown metric 'late_shipment_rate'; did "
                       "you mean"))
      << All(r);
  EXPECT_TRUE(HasError(r,
                       "r.yaml:10:68: rules[1].accounts: unknown account 'shpo'; did you mean "
                       "'shop'?"))
      << All(r);
  EXPECT_TRUE(HasError(r,
                       "r.yaml:11:5: rules[2]: missing required key 'metric' (rule "
                       "'not_a_metric' is neither a preset rule nor a metric)"))
      << All(r);
}

TEST(ConfigRulesTest, AThresholdsEntryForANewMetricNeedsValues) {
  // A thresholds entry without values is fine where it tunes a preset rule (the preset has
  // them) and an error where it would make a rule of its own.
  LoadResult tuned = Load(R"(accounts:
  - id: ali
    marketplace: aliexpress
    thresholds:
      dispute_rate: {for: 1h}
)");
  EXPECT_TRUE(tuned.ok()) << All(tuned);
  LoadResult r = Load(R"(accounts:
  - id: shop
    marketplace: shopify
    thresholds:
      dispute_rate: {for: 1h}
)");
  EXPECT_FALSE(r.ok());
  EXPECT_TRUE(HasError(r,
                       "r.yaml:5:7: accounts[0].thresholds.dispute_rate: rule 'dispute_rate' "
                       "has neither warn nor critical"))
      << All(r);
}

TEST(ConfigRulesTest, DuplicateRuleNamesForTheSameAccounts) {
  LoadResult r = Load(R"(accounts:
  - {id: a, marketplace: custom}
  - {id: b, marketplace: custom}
rules:
  - {name: odr, metric: order_defect_rate, warn: 1%, accounts: [a]}
  - {name: odr, metric: order_defect_rate, warn: 2%, accounts: [b]}
  - {name: odr, metric: order_defect_rate, warn: 3%}
)");
  EXPECT_FALSE(r.ok());
  std::vector<std::string> errors;
  for (const auto& d : r.diagnostics) errors.push_back(d.Format());
  ASSERT_EQ(errors.size(), 1u) << All(r);
  EXPECT_EQ(errors[0],
            "r.yaml:7:12: rules[2].name: duplicate rule 'odr' for the same accounts "
            "(first defined at r.yaml:5:12)");
}

TEST(ConfigRulesTest, DefaultsAreFilledIn) {
  LoadResult r = Load(R"(accounts:
  - id: shop
    marketplace: custom
    thresholds:
      valid_tracking_rate: {warn: 97%}
)");
  ASSERT_TRUE(r.ok()) << All(r);
  const EffectiveRule& rule = r.config->accounts[0].rules.at(0);
  EXPECT_EQ(rule.direction, core::Direction::kBelow);  // from the catalogue
  EXPECT_EQ(rule.for_, 0s);
  EXPECT_EQ(rule.clear_for, 0s);
  EXPECT_EQ(rule.min_sample, 20);
  EXPECT_FALSE(rule.clear.has_value());
  EXPECT_FALSE(rule.critical.has_value());
  EXPECT_EQ(rule.flap_max, 4);
  EXPECT_EQ(rule.flap_window, 6h);
}

TEST(ConfigRulesTest, OneWithoutPercentIsAWarning) {
  LoadResult r = Load(R"(accounts:
  - {id: shop, marketplace: custom, thresholds: {order_defect_rate: {critical: 1}}}
)");
  ASSERT_TRUE(r.ok()) << All(r);
  ASSERT_EQ(r.diagnostics.size(), 1u);
  EXPECT_TRUE(r.diagnostics[0].warning);
  EXPECT_NE(r.diagnostics[0].message.find("write 1% for one percent"), std::string::npos);
}

}  // namespace
}  // namespace sellerwatch::config
