// /metrics as a pure function: escaping, value formatting, HELP/TYPE lines, and each family's
// samples from a hand-built snapshot and status report.

#include "app/prometheus_exposition.hpp"

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <set>
#include <sstream>

namespace sellerwatch::app {
namespace {

struct EscapeCase {
  std::string in;
  std::string label;  // as a label value
  std::string help;   // in a HELP line
};

TEST(PrometheusExpositionTest, EscapesLabelValuesAndHelpText) {
  const EscapeCase cases[] = {
      {"plain-id_1", "plain-id_1", "plain-id_1"},
      {R"(a\b)", R"(a\\b)", R"(a\\b)"},
      {R"(say "hi")", R"(say \"hi\")", R"(say "hi")"},
      {"two\nlines", R"(two\nlines)", R"(two\nlines)"},
      {"\\\"\n", R"(\\\"\n)", R"(\\"\n)"},
      {"Ümlaut ✓", "Ümlaut ✓", "Ümlaut ✓"},  // UTF-8 passes as is
      {"", "", ""},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(EscapeLabelValue(c.in), c.label) << c.in;
    EXPECT_EQ(EscapeHelp(c.in), c.help) << c.in;
  }
}

TEST(PrometheusExpositionTest, FormatsSampleValues) {
  const std::pair<double, std::string> cases[] = {
      {0, "0"},
      {1, "1"},
      {42, "42"},
      {0.5, "0.5"},
      {0.0289855, "0.0289855"},
      {-3, "-3"},
      {1763915250.174, "1763915250.174"},
      {1e-7, "1e-07"},
      {std::numeric_limits<double>::infinity(), "+Inf"},
      {-std::numeric_limits<double>::infinity(), "-Inf"},
      {std::numeric_limits<double>::quiet_NaN(), "NaN"},
  };
  for (const auto& [value, text] : cases) EXPECT_EQ(FormatSampleValue(value), text) << text;
}

// One account with two metrics (one with an empty window), a firing alert and a pending one
// whose rule name needs escaping, at-risk items; two sources, one down.
class ExpositionFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    account_.id = "shop-a";
    account_.marketplace = "amazon";
    rule_.name = "order_defect_rate";
    rule_.metric = "order_defect_rate";
    rule_.warn = 0.0075;
    rule_.critical = 0.01;

    AccountStatus a{&account_, {}, {}, {}};
    MetricStatus odr{{*core::FindMetric("order_defect_rate"), 3.0, 300.0, 0.01},
                     &rule_,
                     {},
                     metrics::Headroom{std::nullopt, 12},
                     metrics::Forecast{.warn_in_days = 2, .critical_in_days = 5},
                     {}};
    MetricStatus empty{{*core::FindMetric("valid_tracking_rate"), std::nullopt, 0, std::nullopt},
                       nullptr,
                       {},
                       {},
                       {},
                       {}};
    a.metrics = {odr, empty};
    a.at_risk = {{"ship_deadline_at_risk", {{"o-1", kNow}, {"o-2", kNow}}}};
    auto firing = store::AlertStateRecord::Inactive("shop-a", "order_defect_rate", kNow);
    firing.state = core::AlertState::kFiring;
    firing.severity = core::Severity::kCritical;
    auto pending = store::AlertStateRecord::Inactive("shop-a", "odd \"rule\"\\x", kNow);
    pending.state = core::AlertState::kPending;
    a.alerts = {firing, pending};
    const core::Timestamp reported = kNow - std::chrono::hours(1);
    a.platform = {{"shop-a", "platform.account_status", "AT_RISK", reported, reported},
                  {"shop-a", "platform.ahr_score", "1000", reported, reported},
                  {"shop-a", "platform.late_shipment_rate.rate", "0.012", kNow, kNow},
                  {"shop-a", "platform.warning.x", kHostile, reported, reported}};
    report_.generated_at = kNow;
    report_.accounts.push_back(std::move(a));

    self_.version = "1.2.3";
    self_.now = kNow;
    self_.sources = {{"shop-a/sim", "shop-a", "sim", 10, 2, kNow, false},
                     {"shop-a/files", "shop-a", "files", 4, 4, std::nullopt, true}};
    self_.counters = {.evaluations = 7, .reload_failures = 1, .reloads = 4, .tasks = 6};
    self_.delivery = {5, 3, 2};
    self_.outbox = store::OutboxCounts{1, 0, 5, 2};
  }

  std::string Text() { return PrometheusExposition(self_, report_); }

  static bool Has(const std::string& text, const std::string& line) {
    return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
  }

  static inline const core::Timestamp kNow = core::FromUnixMillis(1763915250174);
  // A value anyone can import: it must stay one label value on one line.
  static inline const std::string kHostile = "bad\"} 1\nsellerwatch_injected 1\n\\";
  config::AccountConfig account_;
  config::AccountConfig account_b_;
  config::EffectiveRule rule_;
  StatusReport report_;
  RuntimeSnapshot self_;
};

TEST_F(ExpositionFixture, AccountMetricsThresholdsHeadroomForecastAndAlerts) {
  const std::string t = Text();
  EXPECT_TRUE(
      Has(t, R"(sellerwatch_account_metric{account="shop-a",metric="order_defect_rate"} 0.01)"))
      << t;
  // An empty window has no value: no sample rather than a made-up 0.
  EXPECT_EQ(t.find(R"(sellerwatch_account_metric{account="shop-a",metric="valid_tracking_rate"})"),
            std::string::npos)
      << t;
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_account_metric_denominator{account="shop-a",metric="valid_tracking_rate"} 0)"));
  EXPECT_TRUE(Has(
      t, R"(sellerwatch_account_metric_numerator{account="shop-a",metric="order_defect_rate"} 3)"));
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_account_metric_denominator{account="shop-a",metric="order_defect_rate"} 300)"));
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_account_metric_threshold{account="shop-a",metric="order_defect_rate",severity="warning"} 0.0075)"));
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_account_metric_threshold{account="shop-a",metric="order_defect_rate",severity="critical"} 0.01)"));
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_account_metric_recovery_events{account="shop-a",metric="order_defect_rate"} 12)"));
  EXPECT_EQ(t.find("sellerwatch_account_metric_headroom_events{"), std::string::npos)
      << "breached: no headroom sample\n"
      << t;
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_account_metric_forecast_seconds{account="shop-a",metric="order_defect_rate",severity="warning"} 172800)"));
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_account_metric_forecast_seconds{account="shop-a",metric="order_defect_rate",severity="critical"} 432000)"));
  EXPECT_TRUE(Has(
      t, R"(sellerwatch_account_at_risk_items{account="shop-a",kind="ship_deadline_at_risk"} 2)"));
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_alert_state{account="shop-a",rule="order_defect_rate",severity="critical"} 2)"))
      << t;
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_alert_state{account="shop-a",rule="odd \"rule\"\\x",severity="warning"} 1)"))
      << t;
}

TEST_F(ExpositionFixture, PlatformValuesNumbersAsGaugesStatusesAsInfo) {
  const std::string t = Text();
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_platform_value{account="shop-a",marketplace="amazon",name="platform.ahr_score"} 1000)"))
      << t;
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_platform_value{account="shop-a",marketplace="amazon",name="platform.late_shipment_rate.rate"} 0.012)"))
      << t;
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_platform_status{account="shop-a",marketplace="amazon",name="platform.account_status",value="AT_RISK"} 1)"))
      << t;
  // A number is not also a status, a status not also a number.
  EXPECT_EQ(
      t.find(
          R"(sellerwatch_platform_status{account="shop-a",marketplace="amazon",name="platform.ahr_score")"),
      std::string::npos)
      << t;
  EXPECT_EQ(
      t.find(
          R"(sellerwatch_platform_value{account="shop-a",marketplace="amazon",name="platform.account_status")"),
      std::string::npos)
      << t;
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_platform_reported_timestamp_seconds{account="shop-a",marketplace="amazon",name="platform.account_status"} 1763911650.174)"))
      << t;
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_platform_reported_timestamp_seconds{account="shop-a",marketplace="amazon",name="platform.late_shipment_rate.rate"} 1763915250.174)"))
      << t;
}

TEST_F(ExpositionFixture, AHostilePlatformValueStaysOneEscapedLabel) {
  const std::string t = Text();
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_platform_status{account="shop-a",marketplace="amazon",name="platform.warning.x",value="bad\"} 1\nsellerwatch_injected 1\n\\"} 1)"))
      << t;
  // Nothing it carries became a line of its own.
  EXPECT_EQ(("\n" + t).find("\nsellerwatch_injected"), std::string::npos) << t;
}

// One series per account and name in each family, whatever the values.
TEST_F(ExpositionFixture, OnePlatformSeriesPerAccountAndName) {
  account_b_.id = "shop-b";
  account_b_.marketplace = "ebay";
  AccountStatus b{&account_b_, {}, {}, {}};
  b.platform = {{"shop-b", "platform.standards_level", "TOP_RATED", kNow, kNow},
                {"shop-b", "platform.standards_level_projected", "ABOVE_STANDARD", kNow, kNow}};
  report_.accounts.push_back(b);
  const std::string t = Text();
  std::map<std::string, int> series;  // family + account + name → samples
  std::istringstream lines(t);
  const std::regex sample(
      R"re((sellerwatch_platform_[a-z_]+)\{account="([^"]*)",marketplace="[^"]*",name="((?:[^"\\]|\\.)*)".*)re");
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, sample))
      ++series[m[1].str() + " " + m[2].str() + " " + m[3].str()];
  }
  // shop-a: 4 values or statuses and their 4 times; shop-b: 2 statuses and their 2 times.
  EXPECT_EQ(series.size(), 12u) << t;
  for (const auto& [key, n] : series) EXPECT_EQ(n, 1) << key << "\n" << t;
  EXPECT_EQ(series.count("sellerwatch_platform_status shop-b platform.standards_level_projected"),
            1u)
      << t;
}

TEST_F(ExpositionFixture, HeadroomWhileNotBreached) {
  report_.accounts[0].metrics[0].headroom = metrics::Headroom{0, std::nullopt};
  const std::string t = Text();
  EXPECT_TRUE(Has(
      t,
      R"(sellerwatch_account_metric_headroom_events{account="shop-a",metric="order_defect_rate"} 0)"));
  EXPECT_EQ(t.find("sellerwatch_account_metric_recovery_events{"), std::string::npos) << t;
}

TEST_F(ExpositionFixture, OwnCountersSourcesOutboxAndBuildInfo) {
  const std::string t = Text();
  for (
      const char* line : {
          R"(sellerwatch_build_info{version="1.2.3"} 1)",
          R"(sellerwatch_shard_info{shard="0",shards="1"} 1)",
          R"(sellerwatch_ready 0)",
          R"(sellerwatch_source_polls_total{account="shop-a",source="sim"} 10)",
          R"(sellerwatch_source_polls_total{account="shop-a",source="files"} 4)",
          R"(sellerwatch_source_poll_errors_total{account="shop-a",source="sim"} 2)",
          R"(sellerwatch_source_last_success_timestamp_seconds{account="shop-a",source="sim"} 1763915250.174)",
          R"(sellerwatch_source_up{account="shop-a",source="sim"} 1)",
          R"(sellerwatch_source_up{account="shop-a",source="files"} 0)",
          R"(sellerwatch_evaluations_total 7)",
          R"(sellerwatch_config_reload_failures_total 1)",
          R"(sellerwatch_config_reloads_total 4)",
          R"(sellerwatch_tasks 6)",
          R"(sellerwatch_notifications_sent_total 5)",
          R"(sellerwatch_notification_retries_total 3)",
          R"(sellerwatch_notifications_failed_total 2)",
          R"(sellerwatch_outbox_legs{status="pending"} 1)",
          R"(sellerwatch_outbox_legs{status="sending"} 0)",
          R"(sellerwatch_outbox_legs{status="delivered"} 5)",
          R"(sellerwatch_outbox_legs{status="failed"} 2)",
      }) {
    EXPECT_TRUE(Has(t, line)) << line << "\n" << t;
  }
  // Never polled successfully: no timestamp sample.
  EXPECT_EQ(t.find(R"(last_success_timestamp_seconds{account="shop-a",source="files"})"),
            std::string::npos);
  self_.sources[1].down = false;
  EXPECT_TRUE(Has(Text(), "sellerwatch_ready 1"));
}

TEST_F(ExpositionFixture, ShardInfoNamesTheShardAndTheShardCount) {
  self_.shard = core::Shard{2, 7};
  const std::string t = Text();
  EXPECT_TRUE(Has(t, R"(sellerwatch_shard_info{shard="2",shards="7"} 1)")) << t;
  EXPECT_EQ(t.find(R"(sellerwatch_shard_info{shard="0")"), std::string::npos) << t;
}

// The document's shape: every sample belongs to the family announced just before it, with
// HELP then TYPE once per family; counters and only counters end in _total; samples parse.
TEST_F(ExpositionFixture, EveryFamilyHasHelpAndTypeBeforeItsSamples) {
  const std::string t = Text();
  ASSERT_FALSE(t.empty());
  EXPECT_EQ(t.back(), '\n');
  const std::regex help(R"(# HELP ([a-z_]+) \S.*)");
  const std::regex type(R"(# TYPE ([a-z_]+) (gauge|counter))");
  const std::regex sample(
      R"(([a-z_]+)(\{[a-z_]+="(?:[^"\\]|\\.)*"(?:,[a-z_]+="(?:[^"\\]|\\.)*")*\})? (\S+))");
  std::set<std::string> families;
  std::string current, current_type, expecting_type;
  std::istringstream lines(t);
  int samples = 0;
  for (std::string line; std::getline(lines, line);) {
    std::smatch m;
    if (std::regex_match(line, m, help)) {
      ASSERT_TRUE(expecting_type.empty()) << line;
      ASSERT_TRUE(families.insert(m[1]).second) << "family twice: " << line;
      expecting_type = m[1];
    } else if (std::regex_match(line, m, type)) {
      ASSERT_EQ(m[1], expecting_type) << line;
      current = m[1];
      current_type = m[2];
      expecting_type.clear();
      EXPECT_EQ(current_type == "counter", current.ends_with("_total")) << line;
    } else {
      ASSERT_TRUE(std::regex_match(line, m, sample)) << "not a sample line: " << line;
      EXPECT_EQ(m[1], current) << line;
      EXPECT_NO_THROW((void)std::stod(m[3].str())) << line;
      ++samples;
    }
  }
  EXPECT_GT(samples, 20);
  for (const char* f : {"sellerwatch_account_metric",
                        "sellerwatch_account_metric_numerator",
                        "sellerwatch_account_metric_denominator",
                        "sellerwatch_account_metric_threshold",
                        "sellerwatch_account_metric_headroom_events",
                        "sellerwatch_account_metric_recovery_events",
                        "sellerwatch_account_metric_forecast_seconds",
                        "sellerwatch_account_at_risk_items",
                        "sellerwatch_alert_state",
                        "sellerwatch_platform_value",
                        "sellerwatch_platform_status",
                        "sellerwatch_platform_reported_timestamp_seconds",
                        "sellerwatch_build_info",
                        "sellerwatch_shard_info",
                        "sellerwatch_ready",
                        "sellerwatch_store_writable",
                        "sellerwatch_store_write_refusals_total",
                        "sellerwatch_source_polls_total",
                        "sellerwatch_source_poll_errors_total",
                        "sellerwatch_source_last_success_timestamp_seconds",
                        "sellerwatch_source_up",
                        "sellerwatch_evaluations_total",
                        "sellerwatch_notifications_sent_total",
                        "sellerwatch_notifications_failed_total",
                        "sellerwatch_notification_retries_total",
                        "sellerwatch_config_reload_failures_total",
                        "sellerwatch_config_reloads_total",
                        "sellerwatch_tasks",
                        "sellerwatch_outbox_legs"}) {
    EXPECT_TRUE(families.count(f)) << f;
  }
}

TEST_F(ExpositionFixture, NoAccountsStillGivesTheOwnFamilies) {
  report_.accounts.clear();
  self_.sources.clear();
  self_.outbox.reset();
  const std::string t = Text();
  EXPECT_TRUE(Has(t, "# TYPE sellerwatch_account_metric gauge")) << t;
  EXPECT_TRUE(Has(t, "sellerwatch_evaluations_total 7")) << t;
  EXPECT_EQ(t.find("sellerwatch_outbox_legs{"), std::string::npos) << t;
}

}  // namespace
}  // namespace sellerwatch::app
