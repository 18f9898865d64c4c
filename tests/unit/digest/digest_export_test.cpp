#include "digest/digest_export.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "digest_test_data.hpp"

namespace sellerwatch::digest {
namespace {

using namespace std::chrono_literals;
using testdata::kNow;

// Every field of the input set to something other than its default.
DigestExport Sample() {
  DigestExport e;
  e.shard = core::Shard{2, 3};
  e.config_sha256 = std::string(64, 'a');
  e.config_path = "/etc/sellerwatch/sellerwatch.yaml";
  e.sellerwatch_version = "1.2.3";
  e.built_at = kNow + 5min + 123ms;
  e.slot = kNow;
  e.accounts.push_back(testdata::Account("acme-us", true));
  e.accounts.push_back(testdata::Account("shop-1", false));
  auto& m = e.accounts[0].metrics[0];
  m.unit = core::MetricUnit::kDuration;
  m.direction = core::Direction::kBelow;
  m.insufficient_data = true;
  m.value = 0.1 + 0.2;  // not exactly representable in short decimal
  m.denominator = 1.0 / 3.0;
  m.bad_events_allowed = 7;
  m.critical_in_days = 3;
  m.critical_probability = 0.85;
  m.warn_probability = 1.0 / 3.0;
  m.forecast_within_days = 5;
  m.forecast_why = "2 late shipments a day lately";
  m.history.push_back({testdata::Today() - 40, std::nullopt});
  e.accounts[0].active_alerts.push_back({"order_defect_rate", core::Severity::kCritical, kNow});
  e.accounts[0].at_risk[0].note = "item not received";
  e.accounts[1].sources.push_back({"never", std::nullopt, 0ms});
  return e;
}

// Boost.JSON 1.81 reads doubles back to within one ulp: compare them at 12 significant digits.
double Round(double v) { return std::stod(fmt::format("{:.12g}", v)); }
void Round(std::optional<double>& v) {
  if (v) v = Round(*v);
}
DigestExport Rounded(DigestExport e) {
  for (auto& a : e.accounts) {
    for (auto& m : a.metrics) {
      Round(m.value);
      m.denominator = Round(m.denominator);
      Round(m.warn);
      Round(m.critical);
      Round(m.warn_probability);
      Round(m.critical_probability);
      for (auto& h : m.history) Round(h.value);
    }
  }
  return e;
}

TEST(DigestExport, RoundTripsEveryField) {
  const DigestExport e = Sample();
  auto decoded = DecodeExport(EncodeExport(e));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(Rounded(*decoded), Rounded(e));
  EXPECT_NEAR(*decoded->accounts[0].metrics[0].value, 0.1 + 0.2, 1e-16);
  EXPECT_NE(Rounded(*decoded), Rounded(DigestExport{}));  // the comparison can fail
}

TEST(DigestExport, RoundTripsWithoutSlotAndWithoutAccounts) {
  DigestExport e;
  e.built_at = kNow;
  auto decoded = DecodeExport(EncodeExport(e));
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(*decoded, e);
}

// Exports written before platform values were exported read as accounts without any.
TEST(DigestExport, AnExportWithoutPlatformValuesReadsAsNone) {
  DigestExport e;
  e.built_at = kNow;
  e.accounts.push_back(testdata::Account("shop-1", false));
  e.accounts[0].platform.clear();
  std::string text = EncodeExport(e);
  const std::string field = R"(,"platform":[])";
  auto at = text.find(field);
  ASSERT_NE(at, std::string::npos) << text;
  text.erase(at, field.size());
  auto decoded = DecodeExport(text);
  ASSERT_TRUE(decoded) << decoded.error().message;
  EXPECT_EQ(Rounded(*decoded), Rounded(e));
  EXPECT_FALSE(Sample().accounts[0].platform.empty());  // and RoundTripsEveryField has them
}

TEST(DigestExport, StampsAreReadableJson) {
  const std::string text = EncodeExport(Sample());
  EXPECT_NE(text.find(R"("format":1)"), std::string::npos) << text.substr(0, 200);
  EXPECT_NE(text.find(R"("shard":"2/3")"), std::string::npos);
  EXPECT_NE(text.find(R"("slot":"2026-11-28T08:00:00Z")"), std::string::npos);
  EXPECT_NE(text.find(R"("built_at":"2026-11-28T08:05:00.123Z")"), std::string::npos);
}

struct BadCase {
  const char* name;
  std::string from;  // replaced in a valid export
  std::string to;
  std::string error;  // expected in the message
};

class DigestExportRefuses : public ::testing::TestWithParam<BadCase> {};

TEST_P(DigestExportRefuses, NamingTheField) {
  std::string text = EncodeExport(Sample());
  const auto& c = GetParam();
  auto at = text.find(c.from);
  ASSERT_NE(at, std::string::npos) << c.from;
  text.replace(at, c.from.size(), c.to);
  auto decoded = DecodeExport(text);
  ASSERT_FALSE(decoded);
  EXPECT_EQ(decoded.error().kind, core::ErrorKind::kData);
  EXPECT_NE(decoded.error().message.find(c.error), std::string::npos) << decoded.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, DigestExportRefuses,
    ::testing::Values(
        BadCase{"not_json", "{", "[[", "not JSON"},
        BadCase{"newer_format", R"("format":1)", R"("format":2)",
                "export format 2; this sellerwatch reads format 1"},
        BadCase{"bad_shard", R"("shard":"2/3")", R"("shard":"3/3")", "shard: '3/3' has I >= N"},
        BadCase{"bad_time", R"("built_at":"2026)", R"("built_at":"x2026)",
                "built_at: 'x2026-11-28T08:05:00.123Z' is not an RFC 3339 time"},
        BadCase{"bad_unit", R"("unit":"duration")", R"("unit":"percent")",
                "accounts[0].metrics[0].unit: 'percent' is not a metric unit"},
        BadCase{"bad_history", R"("history":[[)", R"("history":["x",[)",
                "accounts[0].metrics[0].history[0]: not a [day, value|null] pair"},
        BadCase{"missing_id", R"("id":"acme-us")", R"("idx":"acme-us")",
                "accounts[0].id: missing or not a string"},
        BadCase{"bad_platform_time", R"("reported_at":"2026)", R"("reported_at":"x2026)",
                "accounts[0].platform[0].reported_at: 'x2026"},
        BadCase{"bad_platform_value", R"("value":"180")", R"("value":180)",
                "accounts[0].platform[1].value: missing or not a string"},
        BadCase{"bad_severity", R"("severity":"critical")", R"("severity":"fatal")",
                "is not a severity"}),
    [](const auto& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace sellerwatch::digest
