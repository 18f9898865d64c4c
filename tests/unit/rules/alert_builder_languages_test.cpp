// Alerts in the seller's language (issue 19): every rule kind on every marketplace, built for
// English and Chinese readers, keeps its English annotations as they are and carries each human
// annotation again in Chinese — written out, with no English word left but data (ids, reasons,
// time zones, the values a marketplace reports).

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <ostream>
#include <regex>
#include <string>
#include <vector>

#include "core/alert_json.hpp"
#include "core/metric_catalog.hpp"
#include "i18n/languages.hpp"
#include "rules/alert_builder.hpp"
#include "unit/i18n/chinese_checks.hpp"

namespace sellerwatch::rules {
namespace {

using namespace std::chrono_literals;
using config::RuleKind;
using core::AlertState;
using core::Direction;
using core::Severity;

// 2026-11-02, a Monday: Los Angeles keeps PST.
const core::Timestamp kT0 =
    core::Timestamp(std::chrono::sys_days(std::chrono::year(2026) / std::chrono::November / 2));

const std::vector<std::string> kMarketplaces = {"amazon", "ebay", "aliexpress", "shopify",
                                                "custom"};
// The annotations a person reads; value_raw, numerator and denominator are for machines.
const std::vector<std::string> kHuman = {"title",    "description", "value", "threshold",
                                         "headroom", "forecast",    "items", "window",
                                         "hint",     "summary"};

std::vector<i18n::Translator> EnglishAndChinese() {
  return {i18n::Translator(), testing_zh::Chinese()};
}

struct KindCase {
  std::string name;
  config::EffectiveRule rule;
  RuleEvaluation ev;  // its rule is set by the test
  store::AlertStateRecord record;
  std::vector<std::string> data;  // words in the text that are data, not language
};

void PrintTo(const KindCase& c, std::ostream* os) { *os << c.name; }

config::EffectiveRule Rule(std::string metric, RuleKind kind, std::optional<double> warn,
                           std::optional<double> critical) {
  config::EffectiveRule r;
  r.name = metric + "-rule";
  r.metric = std::move(metric);
  r.kind = kind;
  r.direction = core::FindMetric(r.metric)->direction;
  r.warn = warn;
  r.critical = critical;
  return r;
}

store::AlertStateRecord Record(AlertState state, Severity severity) {
  store::AlertStateRecord r = store::AlertStateRecord::Inactive("shop-1", "rule", kT0 - 1h);
  r.state = state;
  r.severity = severity;
  r.active_since = kT0 - 1h;
  return r;
}

RuleEvaluation Eval(const std::string& metric, std::optional<double> numerator, double denominator,
                    std::optional<double> value) {
  RuleEvaluation ev;
  ev.value = metrics::MetricValue{*core::FindMetric(metric), numerator, denominator, value};
  return ev;
}

const auto kFiringCritical = Record(AlertState::kFiring, Severity::kCritical);
const auto kFiringWarning = Record(AlertState::kFiring, Severity::kWarning);
const auto kResolved = Record(AlertState::kResolved, Severity::kWarning);

store::AlertStateRecord Flapping() {
  auto r = kFiringWarning;
  r.flapping = true;
  r.transitions = {kT0 - 3h, kT0 - 2h, kT0 - 1h, kT0};
  return r;
}

// Threshold alerts of every catalogue metric: past critical (good events needed), past warn
// with room for more bad events, one bad event from critical, and back to normal.
void AddThresholdCases(std::vector<KindCase>& out) {
  for (const core::MetricInfo& info : core::AllMetrics()) {
    const std::string metric(info.name);
    if (info.unit == core::MetricUnit::kRate) {
      bool above = info.direction == Direction::kAbove;
      auto rule = above ? Rule(metric, RuleKind::kThreshold, 0.0075, 0.01)
                        : Rule(metric, RuleKind::kThreshold, 0.97, 0.95);
      double over = above ? 12 : 900, warn = above ? 8 : 960, edge = above ? 9 : 951;
      double clear = above ? 4 : 990;
      out.push_back(
          {metric + "_critical", rule, Eval(metric, over, 1000, over / 1000), kFiringCritical, {}});
      out.push_back(
          {metric + "_warning", rule, Eval(metric, warn, 1000, warn / 1000), kFiringWarning, {}});
      out.push_back(
          {metric + "_edge", rule, Eval(metric, edge, 1000, edge / 1000), kFiringWarning, {}});
      out.push_back(
          {metric + "_resolved", rule, Eval(metric, clear, 1000, clear / 1000), kResolved, {}});
    } else if (info.unit == core::MetricUnit::kDuration) {
      auto rule = Rule(metric, RuleKind::kThreshold, 43200, 86400);
      out.push_back(
          {metric + "_critical", rule, Eval(metric, std::nullopt, 12, 90000), kFiringCritical, {}});
      out.push_back(
          {metric + "_resolved", rule, Eval(metric, std::nullopt, 12, 3600), kResolved, {}});
    } else if (info.window_days > 0) {
      auto rule = Rule(metric, RuleKind::kThreshold, 3, 5);
      out.push_back(
          {metric + "_warning", rule, Eval(metric, std::nullopt, 0, 4), kFiringWarning, {}});
    }
  }
  auto odr = Rule("order_defect_rate", RuleKind::kThreshold, 0.0075, 0.01);
  out.push_back({"threshold_no_value",
                 odr,
                 Eval("order_defect_rate", std::nullopt, 0, std::nullopt),
                 kFiringWarning,
                 {}});
  out.push_back(
      {"threshold_flapping", odr, Eval("order_defect_rate", 9, 1000, 0.009), Flapping(), {}});
}

void AddTrendCases(std::vector<KindCase>& out) {
  auto rule = Rule("negative_feedback_count_7d", RuleKind::kTrend, 2, 3);
  auto ev = Eval("negative_feedback_count_7d", std::nullopt, 0, 9);
  ev.trend = TrendInput{9, 12, 7 * 24h};
  out.push_back({"trend_firing", rule, ev, kFiringCritical, {}});
  out.push_back({"trend_resolved", rule, ev, kResolved, {}});
  out.push_back({"trend_flapping", rule, ev, Flapping(), {}});
  ev.trend = TrendInput{4, 0, 24h};
  out.push_back({"trend_from_nothing", rule, ev, kFiringWarning, {}});
}

void AddForecastCases(std::vector<KindCase>& out) {
  auto late = Rule("late_shipment_rate_10d", RuleKind::kForecast, 0.04, std::nullopt);
  auto ev = Eval("late_shipment_rate_10d", 5, 185, 5.0 / 185);
  metrics::Forecast f;
  f.warn_in_days = 5;
  f.warn_probability = 0.854;
  f.recent_bad_per_day = 2.1;
  f.baseline_bad_per_day = 0.6;
  f.denominator_per_day = 20;
  f.leaving_bad = 1;
  f.leaving_total = 140;
  f.maturing_bad = 2;
  ev.forecast = f;
  ev.warn = 0.04;
  ev.items = {{"111-222", kT0 + 14h}, {"111-333", kT0 + 16h}};
  out.push_back({"forecast_firing_with_orders", late, ev, kFiringWarning, {"111-222", "111-333"}});
  ev.items.clear();
  ev.forecast->warn_probability.reset();
  ev.forecast->warn_in_days = 1;
  out.push_back({"forecast_firing_one_day", late, ev, kFiringWarning, {}});
  out.push_back({"forecast_resolved", late, ev, kResolved, {}});

  auto tracking = Rule("valid_tracking_rate", RuleKind::kForecast, 0.97, 0.95);
  auto below = Eval("valid_tracking_rate", 96, 100, 0.96);
  below.forecast = f;
  below.forecast->critical_in_days = 3;
  below.forecast->critical_probability = 0.9;
  below.warn = 0.97;
  below.critical = 0.95;
  out.push_back({"forecast_falling", tracking, below, kFiringCritical, {}});
}

void AddAtRiskCases(std::vector<KindCase>& out) {
  auto ship = Rule("ship_deadline_at_risk", RuleKind::kAtRisk, 1, 5);
  auto ev = Eval("ship_deadline_at_risk", std::nullopt, 0, 12);
  std::vector<std::string> ids;
  for (int i = 0; i < 12; ++i) {
    ids.push_back(fmt::format("112-{:03}", i));
    ev.items.push_back({ids.back(), kT0 + std::chrono::hours(2 + i)});
  }
  out.push_back({"at_risk_ship_many", ship, ev, kFiringCritical, ids});
  ev.items.resize(1);
  out.push_back({"at_risk_ship_one", ship, ev, kFiringWarning, {ids.front()}});
  out.push_back({"at_risk_ship_resolved",
                 ship,
                 Eval("ship_deadline_at_risk", std::nullopt, 0, 0),
                 kResolved,
                 {}});

  auto dispute = Rule("dispute_deadline_at_risk", RuleKind::kAtRisk, 1, 3);
  auto disputes = Eval("dispute_deadline_at_risk", std::nullopt, 0, 2);
  disputes.items = {{"8001", kT0 + 5h, "item not received"}, {"8002", kT0 + 9h, ""}};
  out.push_back({"at_risk_dispute",
                 dispute,
                 disputes,
                 kFiringWarning,
                 {"8001", "8002", "item not received"}});
  disputes.items.resize(1);
  out.push_back(
      {"at_risk_dispute_one", dispute, disputes, kFiringWarning, {"8001", "item not received"}});
  out.push_back({"at_risk_dispute_resolved",
                 dispute,
                 Eval("dispute_deadline_at_risk", std::nullopt, 0, 0),
                 kResolved,
                 {}});

  auto reply = Rule("reply_deadline_at_risk", RuleKind::kAtRisk, 1, 3);
  auto messages = Eval("reply_deadline_at_risk", std::nullopt, 0, 1);
  messages.items = {{"msg-77", kT0 + 3h}};
  out.push_back({"at_risk_reply", reply, messages, kFiringWarning, {"msg-77"}});
  out.push_back({"at_risk_reply_resolved",
                 reply,
                 Eval("reply_deadline_at_risk", std::nullopt, 0, 0),
                 kResolved,
                 {}});
}

void AddStatusCases(std::vector<KindCase>& out) {
  struct Status {
    std::string metric, value, normal;
    std::vector<std::string> warn, critical;
  };
  for (const auto& s : std::vector<Status>{
           {"platform.account_status", "AT_RISK", "NORMAL", {"AT_RISK"}, {"DEACTIVATED"}},
           {"platform.ahr_status", "CRITICAL", "GOOD", {"BAD"}, {"CRITICAL"}},
           {"platform.standards_level", "BELOW_STANDARD", "ABOVE_STANDARD", {}, {"BELOW_STANDARD"}},
           {"platform.product_posting_forbidden", "true", "false", {"true"}, {}}}) {
    auto rule = Rule(s.metric, RuleKind::kStatusChange, std::nullopt, std::nullopt);
    rule.warn_values = s.warn;
    rule.critical_values = s.critical;
    auto ev = Eval(s.metric, std::nullopt, 0, std::nullopt);
    ev.status = s.value;
    std::vector<std::string> data = s.warn;
    data.insert(data.end(), s.critical.begin(), s.critical.end());
    data.push_back(s.value);
    data.push_back(s.normal);
    out.push_back({s.metric + "_firing", rule, ev, kFiringCritical, data});
    ev.status = s.normal;
    out.push_back({s.metric + "_resolved", rule, ev, kResolved, data});
  }
}

std::vector<KindCase> Cases() {
  std::vector<KindCase> out;
  AddThresholdCases(out);
  AddTrendCases(out);
  AddForecastCases(out);
  AddAtRiskCases(out);
  AddStatusCases(out);
  for (auto& c : out) {
    for (char& ch : c.name)
      if (ch == '.') ch = '_';
  }
  return out;
}

config::AccountConfig Account(const std::string& marketplace) {
  config::AccountConfig a;
  a.id = "shop-1";
  a.marketplace = marketplace;
  a.timezone = "America/Los_Angeles";
  a.labels = {{"team", "ops"}};
  return a;
}

bool HasLetters(const std::string& s) {
  return std::any_of(s.begin(), s.end(),
                     [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
}

using testing_zh::HasChinese;

std::string WithoutData(std::string text, const std::vector<std::string>& data) {
  std::vector<std::string> all = data;
  for (const char* common : {"shop-1", "PST", "PDT", "UTC", "eBay", "AliExpress", "Amazon"})
    all.push_back(common);
  // Longest first, so "AT_RISK" goes before a shorter value inside it.
  std::sort(all.begin(), all.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  for (const auto& word : all) {
    for (auto at = text.find(word); at != std::string::npos; at = text.find(word, at))
      text.replace(at, word.size(), " ");
  }
  return text;
}

class AlertLanguagesTest : public ::testing::TestWithParam<KindCase> {};

TEST_P(AlertLanguagesTest, EnglishAsBeforeAndEveryHumanAnnotationInChinese) {
  const KindCase& c = GetParam();
  const std::vector<i18n::Translator> languages = EnglishAndChinese();
  const std::regex english_word("[A-Za-z]{3,}");
  for (const std::string& marketplace : kMarketplaces) {
    SCOPED_TRACE(marketplace);
    config::AccountConfig account = Account(marketplace);
    RuleEvaluation ev = c.ev;
    ev.rule = &c.rule;
    core::Alert english = BuildAlert(account, ev, c.record);
    core::Alert both = BuildAlert(account, ev, c.record, languages);
    EXPECT_EQ(both.annotations, english.annotations);
    EXPECT_EQ(both.labels, english.labels);
    EXPECT_TRUE(english.localized.empty());
    ASSERT_EQ(both.localized.size(), 1u);
    const core::Labels& zh = both.localized.at("zh-CN");
    ASSERT_TRUE(zh.count("summary"));
    ASSERT_TRUE(zh.count("title"));
    for (const auto& [key, text] : zh) {
      SCOPED_TRACE(key + ": " + text);
      EXPECT_NE(std::find(kHuman.begin(), kHuman.end(), key), kHuman.end()) << "not a human key";
      EXPECT_FALSE(text.empty());
      std::smatch left;
      std::string words = WithoutData(text, c.data);
      EXPECT_FALSE(std::regex_search(words, left, english_word)) << "untranslated: " << left.str();
    }
    for (const std::string& key : kHuman) {
      auto it = english.annotations.find(key);
      if (it == english.annotations.end() || it->second.empty()) continue;
      SCOPED_TRACE(key + ": " + it->second);
      ASSERT_TRUE(zh.count(key)) << "no Chinese for it";
      if (!HasLetters(WithoutData(it->second, c.data))) continue;
      EXPECT_NE(zh.at(key), it->second);
      EXPECT_TRUE(HasChinese(zh.at(key))) << zh.at(key);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryKind, AlertLanguagesTest, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<KindCase>& info) {
                           return info.param.name;
                         });

TEST(AlertLanguagesTest, EnglishReadersOnlyGetNoTranslations) {
  auto rule = Rule("order_defect_rate", RuleKind::kThreshold, 0.0075, 0.01);
  RuleEvaluation ev = Eval("order_defect_rate", 12, 1000, 0.012);
  ev.rule = &rule;
  std::vector<i18n::Translator> english{i18n::Translator()};
  EXPECT_TRUE(BuildAlert(Account("amazon"), ev, kFiringCritical, english).localized.empty());
}

// What the outbox keeps: the Chinese words survive the alert's JSON (the English JSON that
// Alertmanager and webhooks get is built without them).
TEST(AlertLanguagesTest, LocalizedWordsSurviveTheAlertJson) {
  auto rule = Rule("late_shipment_rate_10d", RuleKind::kThreshold, 0.03, 0.04);
  RuleEvaluation ev = Eval("late_shipment_rate_10d", 9, 200, 0.045);
  ev.rule = &rule;
  core::Alert alert = BuildAlert(Account("aliexpress"), ev, kFiringCritical, EnglishAndChinese());
  ASSERT_FALSE(alert.localized.empty());
  auto back =
      core::AlertFromJson(boost::json::parse(boost::json::serialize(core::AlertToJson(alert))));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->localized, alert.localized);
  EXPECT_EQ(back->annotations, alert.annotations);
  EXPECT_EQ(back->Annotation("summary", "zh-CN"), alert.localized.at("zh-CN").at("summary"));
}

// One Chinese alert read in full, so the sentences are seen as a seller sees them.
TEST(AlertLanguagesTest, ChineseThresholdAlertReadsAsAWhole) {
  auto rule = Rule("order_defect_rate", RuleKind::kThreshold, 0.0075, 0.01);
  RuleEvaluation ev = Eval("order_defect_rate", 3, 300, 0.01);
  ev.rule = &rule;
  core::Alert a = BuildAlert(Account("amazon"), ev, kFiringCritical, EnglishAndChinese());
  const core::Labels& zh = a.localized.at("zh-CN");
  EXPECT_EQ(zh.at("title"), "订单缺陷率（60天）");
  EXPECT_EQ(zh.at("summary"), "shop-1：订单缺陷率（60天）为 1%（3/300），已达到或超过严重阈值 1%");
  EXPECT_EQ(zh.at("threshold"), "警告阈值 0.75%，严重阈值 1%");
  EXPECT_EQ(zh.at("headroom"), "已突破严重阈值 1%：还需要1个无缺陷订单才能恢复");
  EXPECT_EQ(zh.at("window"), "60天");
  EXPECT_EQ(zh.at("value"), "1%");
  EXPECT_EQ(a.Annotation("summary", "zh-CN"), zh.at("summary"));
  EXPECT_EQ(a.Annotation("value_raw", "zh-CN"), a.annotations.at("value_raw"));
}

TEST(AlertLanguagesTest, ChineseAtRiskAlertNamesTheOrdersAndTheirLocalTimes) {
  auto rule = Rule("ship_deadline_at_risk", RuleKind::kAtRisk, 1, 5);
  RuleEvaluation ev = Eval("ship_deadline_at_risk", std::nullopt, 0, 2);
  ev.items = {{"111-222", kT0 + 14h}, {"111-333", kT0 + 16h}};
  ev.rule = &rule;
  core::Alert a = BuildAlert(Account("amazon"), ev, kFiringWarning, EnglishAndChinese());
  EXPECT_EQ(a.annotations.at("summary"), "shop-1: 2 orders must ship before Mon 06:00 PST");
  EXPECT_EQ(a.annotations.at("items"), "111-222 (Mon 06:00 PST), 111-333 (Mon 08:00 PST)");
  const core::Labels& zh = a.localized.at("zh-CN");
  EXPECT_EQ(zh.at("summary"), "shop-1：2个订单须在周一 06:00 PST 前发货");
  EXPECT_EQ(zh.at("items"), "111-222（周一 06:00 PST）、111-333（周一 08:00 PST）");
}

}  // namespace
}  // namespace sellerwatch::rules
