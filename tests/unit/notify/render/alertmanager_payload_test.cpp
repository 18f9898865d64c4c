// The Alertmanager POST /api/v2/alerts body (alerting.md §1, "Alert input").

#include "notify/render/alertmanager_payload.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "unit/notify/render/render_fixtures.hpp"

namespace sellerwatch::notify {
namespace {

namespace json = boost::json;
using testing::At;

TEST(AlertmanagerPayloadTest, FiringAlertCarriesLabelsAnnotationsAndAFutureEnd) {
  AlertmanagerOptions options;
  options.status_url = "http://sw.example:9187/api/v1/status";
  auto doc = json::parse(AlertmanagerPayload(testing::OneAlert(), options));
  const auto& alerts = doc.as_array();
  ASSERT_EQ(alerts.size(), 1u);
  const auto& a = alerts[0];
  EXPECT_EQ(a.at("labels").at("alertname").as_string(), "order_defect_rate");
  EXPECT_EQ(a.at("labels").at("account").as_string(), "acme-us");
  EXPECT_EQ(a.at("labels").at("team").as_string(), "us");
  EXPECT_EQ(a.at("labels").at("severity").as_string(), "critical");
  EXPECT_EQ(a.at("annotations").at("value").as_string(), "1.20%");
  EXPECT_EQ(a.at("startsAt").as_string(), "2026-11-01T10:42:00Z");
  // Sent at created_at 12:05 + the default validity, 4 × the default 1m intervals.
  EXPECT_EQ(a.at("endsAt").as_string(), "2026-11-01T12:09:00Z");
  EXPECT_EQ(a.at("generatorURL").as_string(),
            "http://sw.example:9187/api/v1/status?account=acme-us");
}

TEST(AlertmanagerPayloadTest, ResolvedAlertEndsAtItsEndTime) {
  auto n = testing::MakeNotification(
      {testing::MakeAlert("acme-us", core::Severity::kWarning, core::AlertState::kResolved)});
  auto doc = json::parse(AlertmanagerPayload(n, {"", std::nullopt, std::chrono::hours(1)}));
  const auto& a = doc.at(0);
  EXPECT_EQ(a.at("endsAt").as_string(), "2026-11-01T12:00:00Z");
  EXPECT_FALSE(a.as_object().contains("generatorURL"));
}

// Alertmanager 0.25 answers "start time must be before end time" (400) for the whole batch.
TEST(AlertmanagerPayloadTest, NeverEndsBeforeItStarts) {
  auto n = testing::MakeNotification(
      {testing::MakeAlert("acme-us", core::Severity::kWarning, core::AlertState::kResolved),
       testing::MakeAlert("acme-eu")});
  n.alerts[0].ends_at = testing::At("2026-11-01T09:00:00Z");    // before starts_at 10:42
  n.alerts[1].starts_at = testing::At("2026-11-09T00:00:00Z");  // after created_at + 4m
  auto doc = json::parse(AlertmanagerPayload(n));
  for (const auto& a : doc.as_array()) {
    EXPECT_GE(a.at("endsAt").as_string(), a.at("startsAt").as_string());
  }
}

// A firing alert's endsAt counts from when it is sent (a retry, a re-send), not from when the
// notification was made: Prometheus' now + 4 × interval.
TEST(AlertmanagerPayloadTest, FiringEndsAtSendTimePlusValidity) {
  AlertmanagerOptions options;
  options.now = testing::At("2026-11-01T13:00:00Z");
  options.firing_validity = std::chrono::seconds(8);
  auto doc = json::parse(AlertmanagerPayload(testing::OneAlert(), options));
  EXPECT_EQ(doc.at(0).at("endsAt").as_string(), "2026-11-01T13:00:08Z");
  EXPECT_EQ(doc.at(0).at("startsAt").as_string(), "2026-11-01T10:42:00Z");
}

// Replicas and shards send the same alert with the same labels: nothing names the instance.
TEST(AlertmanagerPayloadTest, LabelsAreTheAlertsOwnPlusAlertnameAndSeverity) {
  auto a = testing::MakeAlert();
  auto labels = AlertmanagerLabels(a);
  core::Labels expected = a.labels;
  expected["alertname"] = "order_defect_rate";
  EXPECT_EQ(labels, expected);
  auto doc = json::parse(AlertmanagerPayload(testing::MakeNotification({a}), {"http://h:1/s"}));
  EXPECT_EQ(doc.at(0).at("labels").as_object().size(), expected.size());
}

TEST(AlertmanagerPayloadTest, HostileTextIsCleanedAndLabelNamesAreValid) {
  auto n = testing::HostileAlert();
  n.alerts[0].labels["team name!"] = "x";
  auto doc = json::parse(AlertmanagerPayload(n));
  const auto& a = doc.at(0);
  EXPECT_EQ(a.at("labels").at("team_name_").as_string(), "x");
  std::string comment(a.at("annotations").at("comment").as_string());
  EXPECT_LE(comment.size(), 4096u * 4);
  EXPECT_EQ(comment.find('\r'), std::string::npos);
  EXPECT_EQ(comment.find('\x01'), std::string::npos);
  for (const auto& kv : a.at("labels").as_object()) {
    std::string key(kv.key());
    EXPECT_TRUE(std::all_of(key.begin(), key.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    })) << key;
  }
}

TEST(AlertmanagerPayloadTest, ManyAlertsAllSent) {
  auto doc = json::parse(AlertmanagerPayload(testing::ManyAlerts(120)));
  EXPECT_EQ(doc.as_array().size(), 120u);
}

}  // namespace
}  // namespace sellerwatch::notify
