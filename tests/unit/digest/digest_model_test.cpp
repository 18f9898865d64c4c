#include "digest/digest_model.hpp"

#include <gtest/gtest.h>

#include "digest_test_data.hpp"

namespace sellerwatch::digest {
namespace {

using namespace testdata;

TEST(DigestModelTest, MetricRowHasNowWeekAgoChangeTargetStatusAndFourWeeks) {
  DigestInput in{"ops", "Europe/Berlin", {Account("shop", true)}};
  Digest d = BuildDigest(in, kNow);
  ASSERT_EQ(d.accounts.size(), 1u);
  const MetricRow& odr = d.accounts[0].metrics[0];
  EXPECT_EQ(odr.name, "order_defect_rate");
  EXPECT_DOUBLE_EQ(*odr.now, 0.012);
  EXPECT_DOUBLE_EQ(*odr.week_ago, 0.012 - 7 * 0.0002);
  EXPECT_NEAR(*odr.change, 7 * 0.0002, 1e-12);
  EXPECT_EQ(odr.warn, 0.007);
  EXPECT_EQ(odr.critical, 0.01);
  EXPECT_EQ(odr.status, Status::kCritical);
  ASSERT_EQ(odr.daily.size(), static_cast<std::size_t>(kChartDays));
  EXPECT_DOUBLE_EQ(*odr.daily.front(), 0.012 - 27 * 0.0002);
  EXPECT_DOUBLE_EQ(*odr.daily.back(), 0.012);
  EXPECT_EQ(d.accounts[0].status, Status::kCritical);
}

TEST(DigestModelTest, MissingHistoryLeavesGapsAndNoWeekAgo) {
  auto a = Account("shop", false);
  a.metrics[0].history.clear();
  Digest d = BuildDigest({"ops", "", {a}}, kNow);
  const MetricRow& row = d.accounts[0].metrics[0];
  EXPECT_FALSE(row.week_ago);
  EXPECT_FALSE(row.change);
  EXPECT_FALSE(row.daily.front());
  EXPECT_TRUE(row.daily.back());  // today is the value now
  EXPECT_EQ(d.timezone, "UTC");
}

TEST(DigestModelTest, AlertsOfTheWeekWithTimeInAlert) {
  auto a = Account("shop", true);
  // Fired before the week began and still firing: counted from the week's start.
  a.active_alerts.push_back(
      {"valid_tracking_rate", core::Severity::kWarning, kNow - 20 * core::kDay});
  // Resolved before the week: not shown.
  a.alert_events.push_back(
      {"old", "old", core::AlertState::kFiring, core::Severity::kWarning, kNow - 20 * core::kDay});
  a.alert_events.push_back({"old", "old", core::AlertState::kResolved, core::Severity::kWarning,
                            kNow - 10 * core::kDay});
  Digest d = BuildDigest({"ops", "", {a}}, kNow);
  const auto& alerts = d.accounts[0].alerts;
  ASSERT_EQ(alerts.size(), 3u);
  // Still firing first, critical before warning; then the resolved one.
  EXPECT_EQ(alerts[0].rule, "order_defect_rate");
  EXPECT_FALSE(alerts[0].resolved_at);
  EXPECT_EQ(alerts[0].time_in_alert, 2 * core::kDay);
  EXPECT_EQ(alerts[1].rule, "valid_tracking_rate");
  EXPECT_FALSE(alerts[1].fired_at);
  EXPECT_EQ(alerts[1].time_in_alert, 7 * core::kDay);
  EXPECT_EQ(alerts[2].rule, "cancellation_rate");
  EXPECT_EQ(alerts[2].resolved_at, kNow - 4 * core::kDay);
  EXPECT_EQ(alerts[2].time_in_alert, core::kDay);
}

TEST(DigestModelTest, NegativeFeedbackOfTheWeekCleanedAndShortened) {
  auto a = Account("shop", true);
  a.feedback.push_back({"f2", "o-2", 2, kNow - 2 * core::kDay, std::string(500, 'x')});
  a.feedback.push_back({"f3", "o-3", 5, kNow - 2 * core::kDay, "great"});  // not negative
  Digest d = BuildDigest({"ops", "", {a}}, kNow);
  const auto& fb = d.accounts[0].feedback;
  ASSERT_EQ(fb.size(), 2u);  // last week's and the positive one are left out
  EXPECT_EQ(d.accounts[0].negative_feedback_count, 2u);
  EXPECT_EQ(fb[0].order_id, "o-1");  // newest first
  EXPECT_EQ(fb[0].comment.find('\r'), std::string::npos);
  EXPECT_EQ(fb[0].comment.find('\n'), std::string::npos);
  EXPECT_LE(core::TextLength(fb[1].comment), kCommentLength);
  EXPECT_TRUE(fb[1].comment.ends_with("\u2026"));
}

TEST(DigestModelTest, AccountsWorstFirstAndVerdict) {
  auto stale = Account("c-stale", false);
  stale.sources[0].last_update = kNow - 3h;  // stale_after 1h
  DigestInput in{
      "ops",
      "",
      {Account("a-fine", false), Account("b-bad", true), stale, Account("d-fine", false)}};
  Digest d = BuildDigest(in, kNow);
  ASSERT_EQ(d.accounts.size(), 4u);
  EXPECT_EQ(d.accounts[0].id, "b-bad");
  EXPECT_EQ(d.accounts[1].id, "c-stale");
  EXPECT_TRUE(d.accounts[1].sources[0].stale);
  EXPECT_EQ(d.accounts[2].id, "a-fine");
  EXPECT_EQ(d.accounts[3].id, "d-fine");
  EXPECT_EQ(d.verdict, "2 of 4 accounts need attention");
}

TEST(DigestModelTest, VerdictTable) {
  AccountDigest ok;
  ok.status = Status::kOk;
  AccountDigest bad;
  bad.status = Status::kWarning;
  EXPECT_EQ(Verdict({}), "no accounts to report");
  EXPECT_EQ(Verdict({ok}), "the account is within its limits");
  EXPECT_EQ(Verdict({bad}), "the account needs attention");
  EXPECT_EQ(Verdict({ok, ok}), "all 2 accounts are within their limits");
  EXPECT_EQ(Verdict({ok, bad, ok}), "1 of 3 accounts needs attention");
  EXPECT_EQ(Verdict({bad, bad, ok}), "2 of 3 accounts need attention");
}

struct OutlookCase {
  const char* name;
  MetricInput metric;
  const char* expected;
};

MetricInput With(MetricInput m, std::function<void(MetricInput&)> f) {
  f(m);
  return m;
}

class OutlookTest : public ::testing::TestWithParam<OutlookCase> {};

TEST_P(OutlookTest, Sentence) { EXPECT_EQ(Outlook(GetParam().metric), GetParam().expected); }

const MetricInput kOdr = Rate("order_defect_rate", 0.004, 0.007, 0.01);

INSTANTIATE_TEST_SUITE_P(
    Table, OutlookTest,
    ::testing::Values(
        OutlookCase{"Nothing", kOdr, ""},
        OutlookCase{"WarnForecast", With(kOdr, [](auto& m) { m.warn_in_days = 9; }),
                    "at this pace it reaches 0.7% in ~9 days"},
        OutlookCase{"CriticalForecastWhenWarning",
                    With(kOdr,
                         [](auto& m) {
                           m.breached = core::Severity::kWarning;
                           m.critical_in_days = 3;
                         }),
                    "at this pace it reaches the critical 1% in ~3 days"},
        OutlookCase{"ForecastWithItsChanceAndWhy",
                    With(kOdr,
                         [](auto& m) {
                           m.breached = core::Severity::kWarning;
                           m.critical_in_days = 4;
                           m.critical_probability = 0.854;
                           m.forecast_why = "0.4 order defects a day lately (usually 0.2)";
                         }),
                    "at this pace it reaches the critical 1% in ~4 days (85% "
                    "likely within 7 days); why: 0.4 order defects a day lately (usually 0.2)"},
        OutlookCase{"NoForecastNoWhy",
                    With(kOdr, [](auto& m) { m.forecast_why = "0 order defects a day"; }), ""},
        OutlookCase{"Headroom", With(kOdr, [](auto& m) { m.bad_events_allowed = 2; }),
                    "3 more late shipments breach the critical 1%"},
        OutlookCase{"NoHeadroomLeft", With(kOdr, [](auto& m) { m.bad_events_allowed = 0; }),
                    "one more of the late shipments breaches the critical 1%"},
        OutlookCase{"Recovery",
                    With(kOdr,
                         [](auto& m) {
                           m.breached = core::Severity::kCritical;
                           m.good_events_needed = 40;
                           m.critical_in_days = 1;
                         }),
                    "40 more orders shipped on time needed to get back past the critical 1%"},
        OutlookCase{"ForecastAndHeadroom",
                    With(kOdr,
                         [](auto& m) {
                           m.warn_in_days = 9;
                           m.bad_events_allowed = 4;
                         }),
                    "at this pace it reaches 0.7% in ~9 days; 5 more late "
                    "shipments breach the critical 1%"}),
    [](const auto& info) { return std::string(info.param.name); });

// What the marketplace says: headline values first, buyer-reachable text one clean line.
TEST(DigestModelTest, PlatformRowsHeadlineFirstCleanedToOneLine) {
  auto a = Account("shop", true);
  a.platform.push_back({"platform.standards_level_projected", "BELOW_STANDARD", kNow - 1h});
  a.platform.push_back({"platform.standards_level", "TOP_RATED", kNow - 5h});
  a.platform.push_back({"platform.long", std::string(300, 'x'), kNow - 5h});
  Digest d = BuildDigest({"ops", "", {a}}, kNow);
  const auto& rows = d.accounts[0].platform;
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].label, "account status");
  EXPECT_EQ(rows[0].value, "AT_RISK");
  EXPECT_EQ(rows[0].reported_at, kNow - 3h);
  EXPECT_EQ(rows[1].label, "AHR score");
  EXPECT_EQ(rows[2].label, "standards level");
  EXPECT_EQ(rows[2].projected, "BELOW_STANDARD");
  EXPECT_EQ(rows[2].reported_at, kNow - 1h);
  EXPECT_TRUE(rows[2].headline);
  EXPECT_EQ(rows[3].label, "long");
  EXPECT_FALSE(rows[3].headline);
  EXPECT_EQ(rows[3].value, std::string(79, 'x') + "\u2026");
  EXPECT_EQ(rows[4].label, "warning.x");
  EXPECT_EQ(rows[4].value.find('\n'), std::string::npos);
  EXPECT_EQ(rows[4].value.find('\r'), std::string::npos);
  EXPECT_NE(rows[4].value.find("never arrived Bcc: victim@example.com"), std::string::npos);
}

}  // namespace
}  // namespace sellerwatch::digest
