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
  options.generator_url = "http://sw.example:9187";
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
  // created_at 12:05 + the default 25h validity.
  EXPECT_EQ(a.at("endsAt").as_string(), "2026-11-02T13:05:00Z");
  EXPECT_EQ(a.at("generatorURL").as_string(), "http://sw.example:9187");
}

TEST(AlertmanagerPayloadTest, ResolvedAlertEndsAtItsEndTime) {
  auto n = testing::MakeNotification(
      {testing::MakeAlert("acme-us", core::Severity::kWarning, core::AlertState::kResolved)});
  auto doc = json::parse(AlertmanagerPayload(n, {"", std::chrono::hours(1)}));
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
  n.alerts[1].starts_at = testing::At("2026-11-09T00:00:00Z");  // after created_at + 25h
  auto doc = json::parse(AlertmanagerPayload(n));
  for (const auto& a : doc.as_array()) {
    EXPECT_GE(a.at("endsAt").as_string(), a.at("startsAt").as_string());
  }
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
