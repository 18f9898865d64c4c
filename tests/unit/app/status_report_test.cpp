// `status` and the digest read an account as the daemon starts it: its engine snapshot, then the
// change feed after it; without a usable snapshot, its events. The snapshots here are made to
// differ from the events on purpose, so each test sees which one was read.

#include "app/status_report.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "app/prometheus_exposition.hpp"
#include "config/loader.hpp"
#include "core/clock.hpp"
#include "core/event_json.hpp"
#include "fakes/temp_dir.hpp"
#include "store/engine_snapshot_store.hpp"
#include "store/event_feed.hpp"
#include "store/event_store.hpp"
#include "store/migrations.hpp"

namespace sellerwatch::app {
namespace {

// Now: --at compares with the time the store learnt of each event.
const core::Timestamp kNow = std::chrono::floor<std::chrono::minutes>(core::SystemClock().Now());

std::shared_ptr<const config::Config> TestConfig() {
  auto loaded = config::ParseConfig(
      "accounts:\n  - {id: shop-a, marketplace: amazon}\n  - {id: shop-b, marketplace: amazon}\n",
      "status.yaml");
  EXPECT_TRUE(loaded.config) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].Format());
  return loaded.config;
}

// Orders [from, to) of the account, bought on the day before kNow, the first `cancelled` of
// them cancelled by the seller.
std::vector<core::ParsedEvent> Orders(const std::string& account, int from, int to,
                                      int cancelled = 0) {
  std::vector<core::ParsedEvent> out;
  for (int i = from; i < to; ++i) {
    std::string line =
        R"({"type":"order","account":")" + account + R"(","id":"o)" + std::to_string(i) +
        R"(","purchased_at":")" +
        core::FormatRfc3339(kNow - std::chrono::hours(20) + std::chrono::minutes(i)) +
        R"(","fulfillment":"merchant","status":")" +
        (i < cancelled ? R"(cancelled","cancel_initiator":"seller"})" : R"(shipped"})");
    auto e = core::DecodeEvent(line);
    EXPECT_TRUE(e) << e.error().message << "\n" << line;
    out.push_back({*e, core::EncodeEvent(*e)});
  }
  return out;
}

class StatusReportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = store::OpenStore(dir_.path().string());
    ASSERT_TRUE(opened) << opened.error().message;
    db_ = std::move(*opened);
  }

  void Store(const std::vector<core::ParsedEvent>& events) {
    auto r = store::EventStore(*db_).UpsertAtomically(events);
    ASSERT_TRUE(r) << r.error().message;
  }

  // A snapshot of the account holding `events` only, as of the store's current feed position.
  void Snapshot(const std::string& account, const std::vector<core::ParsedEvent>& events,
                std::uint32_t format = metrics::MetricsEngine::kSnapshotFormat) {
    metrics::MetricsEngine engine(
        [](const std::string&, const std::string&) { return std::optional<core::Timestamp>(); });
    std::vector<core::Event> plain;
    for (const auto& e : events) plain.push_back(e.event);
    engine.LoadAccount(account, plain);
    auto seq = store::LastEventSeq(*db_);
    ASSERT_TRUE(seq) << seq.error().message;
    auto r = store::EngineSnapshotStore(*db_).Put(account, *seq, format,
                                                  engine.SaveAccount(account), kNow);
    ASSERT_TRUE(r) << r.error().message;
  }

  // cancellation_rate's (numerator, denominator) for the account, as `status` reports it.
  std::pair<double, double> Cancellations(const std::string& account,
                                          std::optional<core::Timestamp> known_at = {}) {
    auto report = BuildStatusReport(*config_, *db_, kNow, known_at, account);
    EXPECT_TRUE(report) << report.error().message;
    if (!report) return {};
    for (const auto& m : report->accounts.at(0).metrics) {
      if (m.value.info.name == "cancellation_rate") {
        return {m.value.numerator.value_or(-1), m.value.denominator};
      }
    }
    ADD_FAILURE() << "no cancellation_rate";
    return {};
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Db> db_;
  std::shared_ptr<const config::Config> config_ = TestConfig();
};

TEST_F(StatusReportTest, WithoutSnapshotsReadsEveryEvent) {
  Store(Orders("shop-a", 0, 10, 2));
  EXPECT_EQ(Cancellations("shop-a"), std::make_pair(2.0, 10.0));
}

TEST_F(StatusReportTest, ReadsTheSnapshotThenTheChangesAfterIt) {
  auto first = Orders("shop-a", 0, 10, 2);
  Store(first);
  // The snapshot claims 4 orders, 1 cancelled (the store has 10): what status shows proves
  // which one it read.
  Snapshot("shop-a", Orders("shop-a", 0, 4, 1));
  EXPECT_EQ(Cancellations("shop-a"), std::make_pair(1.0, 4.0));

  // Written after the snapshot: applied from the feed on top of it.
  Store(Orders("shop-a", 10, 13));
  EXPECT_EQ(Cancellations("shop-a"), std::make_pair(1.0, 7.0));
  // Another account's snapshot and changes stay its own.
  Store(Orders("shop-b", 0, 5, 5));
  EXPECT_EQ(Cancellations("shop-b"), std::make_pair(5.0, 5.0));
  EXPECT_EQ(Cancellations("shop-a"), std::make_pair(1.0, 7.0));
}

TEST_F(StatusReportTest, AnUnusableSnapshotFallsBackToTheEvents) {
  Store(Orders("shop-a", 0, 10, 2));
  Snapshot("shop-a", Orders("shop-a", 0, 4, 1), metrics::MetricsEngine::kSnapshotFormat + 1);
  EXPECT_EQ(Cancellations("shop-a"), std::make_pair(2.0, 10.0));
}

TEST_F(StatusReportTest, AsOfAnEarlierTimeReadsTheEventsKnownThen) {
  Store(Orders("shop-a", 0, 10, 2));
  Snapshot("shop-a", Orders("shop-a", 0, 4, 1));
  // --at reads the events known then; a snapshot is of now and has no place there.
  EXPECT_EQ(Cancellations("shop-a", core::SystemClock().Now() + std::chrono::minutes(1)),
            std::make_pair(2.0, 10.0));
}

// The forecast in `status` follows the metric's forecast rule: its `within` and `probability`.
TEST_F(StatusReportTest, TheForecastTakesWithinAndProbabilityFromTheForecastRule) {
  config_ = config::ParseConfig(R"(accounts:
  - {id: shop-a, marketplace: amazon}
rules:
  - {name: cancellation_forecast, metric: cancellation_rate, kind: forecast, warn: 2.5%, within: 3d, probability: 60%}
)",
                                "status.yaml")
                .config;
  ASSERT_TRUE(config_);
  Store(Orders("shop-a", 0, 40, 1));
  auto report = BuildStatusReport(*config_, *db_, kNow, std::nullopt, "shop-a");
  ASSERT_TRUE(report) << report.error().message;
  for (const auto& m : report->accounts.at(0).metrics) {
    if (m.value.info.name == "cancellation_rate") {
      EXPECT_EQ(m.forecast_model.within_days, 3);
      EXPECT_DOUBLE_EQ(m.forecast_model.probability, 0.6);
      ASSERT_TRUE(m.forecast.has_value());
      EXPECT_TRUE(m.forecast->critical_probability.has_value());
    } else if (m.value.info.name == "late_shipment_rate_10d") {
      EXPECT_EQ(m.forecast_model.within_days, 7);  // the preset's forecast rule
    }
  }
  const std::string json = StatusJson(*report);
  EXPECT_NE(json.find("seller cancellations of 0 leave the window within 3 days"),
            std::string::npos)
      << json;
}

// A platform event as `import` reads it.
core::ParsedEvent Platform(const std::string& account, const std::string& name,
                           const std::string& value, core::Timestamp reported_at) {
  auto e = core::DecodeEvent(R"({"type":"platform","account":")" + account + R"(","id":")" + name +
                             R"(","value":")" + value + R"(","reported_at":")" +
                             core::FormatRfc3339(reported_at) + R"("})");
  EXPECT_TRUE(e) << e.error().message;
  return {*e, core::EncodeEvent(*e)};
}

const boost::json::object* FindPlatform(const boost::json::value& doc, std::string_view account,
                                        std::string_view name) {
  for (const auto& a : doc.at("accounts").as_array()) {
    if (a.at("id").as_string() != account) continue;
    for (const auto& p : a.at("platform").as_array()) {
      if (p.at("name").as_string() == name) return &p.as_object();
    }
  }
  return nullptr;
}

// The latest report of each name, per account: an older report stored after a newer one does not
// replace it; `value` is the marketplace's string, `number` the same as a JSON number when it is
// one (null otherwise); report times are RFC 3339.
TEST_F(StatusReportTest, PlatformValuesAreTheLatestOfEachNamePerAccount) {
  const core::Timestamp newer = kNow - std::chrono::hours(2);
  const core::Timestamp older = kNow - std::chrono::hours(30);
  Store({Platform("shop-a", "platform.account_status", "NORMAL", newer),
         Platform("shop-a", "platform.ahr_score", "1000", newer),
         Platform("shop-a", "platform.late_shipment_rate.rate", "0.012", newer),
         Platform("shop-b", "platform.account_status", "DEACTIVATED", older)});
  Store({Platform("shop-a", "platform.account_status", "AT_RISK", older),
         Platform("shop-a", "platform.ahr_score", "200", older)});
  for (std::optional<core::Timestamp> known_at :
       {std::optional<core::Timestamp>(),
        std::optional<core::Timestamp>(kNow + std::chrono::minutes(1))}) {
    auto report = BuildStatusReport(*config_, *db_, kNow, known_at, "");
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_EQ(report->accounts.size(), 2u);
    ASSERT_EQ(report->accounts[0].platform.size(), 3u);
    const auto doc = boost::json::parse(StatusJson(*report));
    const auto* status = FindPlatform(doc, "shop-a", "platform.account_status");
    ASSERT_NE(status, nullptr) << doc;
    EXPECT_EQ(status->at("value"), boost::json::value("NORMAL")) << doc;
    EXPECT_TRUE(status->at("number").is_null()) << doc;
    EXPECT_EQ(status->at("reported_at"), boost::json::value(core::FormatRfc3339(newer)));
    const auto* score = FindPlatform(doc, "shop-a", "platform.ahr_score");
    ASSERT_NE(score, nullptr) << doc;
    EXPECT_EQ(score->at("value"), boost::json::value("1000")) << doc;  // as first shipped
    EXPECT_TRUE(score->at("number").is_int64()) << doc;
    EXPECT_EQ(score->at("number"), boost::json::value(1000));
    const auto* rate = FindPlatform(doc, "shop-a", "platform.late_shipment_rate.rate");
    ASSERT_NE(rate, nullptr) << doc;
    EXPECT_EQ(rate->at("value"), boost::json::value("0.012")) << doc;
    EXPECT_NEAR(rate->at("number").as_double(), 0.012, 1e-15) << doc;
    const auto* b = FindPlatform(doc, "shop-b", "platform.account_status");
    ASSERT_NE(b, nullptr) << doc;
    EXPECT_EQ(b->at("value"), boost::json::value("DEACTIVATED"));
    EXPECT_EQ(FindPlatform(doc, "shop-b", "platform.ahr_score"), nullptr);
    EXPECT_EQ(doc.at("accounts").as_array()[1].at("platform").as_array().size(), 1u);
  }
}

// The daemon's engine learns of reports in any order: an older one arriving later stays older,
// and /metrics then shows one series per name, the latest value's.
TEST_F(StatusReportTest, TheLiveEngineKeepsTheNewerReportWhateverTheOrder) {
  metrics::MetricsEngine engine(
      [](const std::string&, const std::string&) { return std::optional<core::Timestamp>(); });
  const core::Timestamp newer = kNow - std::chrono::hours(1);
  const core::Timestamp older = kNow - std::chrono::hours(9);
  engine.Apply(std::nullopt, Platform("shop-a", "platform.account_status", "NORMAL", newer).event);
  engine.Apply(std::nullopt, Platform("shop-a", "platform.account_status", "AT_RISK", older).event);
  engine.Apply(std::nullopt, Platform("shop-b", "platform.account_status", "AT_RISK", older).event);
  engine.Apply(std::nullopt, Platform("shop-b", "platform.account_status", "NORMAL", newer).event);
  auto report = BuildLiveStatusReport(*config_, *db_, engine, kNow, "");
  ASSERT_TRUE(report) << report.error().message;
  for (const auto& a : report->accounts) {
    ASSERT_EQ(a.platform.size(), 1u) << a.account->id;
    EXPECT_EQ(a.platform[0].value, "NORMAL") << a.account->id;
    EXPECT_EQ(a.platform[0].reported_at, newer) << a.account->id;
  }
  const std::string metrics = PrometheusExposition(RuntimeSnapshot{}, *report);
  EXPECT_NE(metrics.find(R"(sellerwatch_platform_status{account="shop-a",marketplace="amazon",)"
                         R"(name="platform.account_status",value="NORMAL"} 1)"),
            std::string::npos)
      << metrics;
  EXPECT_EQ(metrics.find("AT_RISK"), std::string::npos) << metrics;
}

TEST_F(StatusReportTest, TheTextSaysWhatTheMarketplaceSays) {
  config_ = config::ParseConfig(R"(accounts:
  - {id: shop-a, marketplace: ebay, timezone: Europe/Berlin}
  - {id: shop-b, marketplace: amazon}
)",
                                "status.yaml")
                .config;
  ASSERT_TRUE(config_);
  const core::Timestamp at = *core::ParseRfc3339("2026-12-04T08:00:00Z");
  Store({Platform("shop-a", "platform.standards_level", "TOP_RATED", at),
         Platform("shop-a", "platform.standards_level_projected", "ABOVE_STANDARD", at),
         Platform("shop-a", "platform.defective_transaction_rate", "0.0014", at),
         Platform("shop-a", "platform.account_status", "NORMAL", at - std::chrono::hours(1))});
  auto report = BuildStatusReport(*config_, *db_, kNow, std::nullopt, "");
  ASSERT_TRUE(report) << report.error().message;
  const std::string text = StatusText(*report);
  EXPECT_NE(text.find("  Marketplace says:\n"
                      "    account status: NORMAL (reported 2026-12-04 08:00 CET)\n"
                      "    standards level: TOP_RATED, projected ABOVE_STANDARD (reported "
                      "2026-12-04 09:00 CET)\n"
                      "    defective_transaction_rate: 0.0014\n"),
            std::string::npos)
      << text;
  // An account the marketplace said nothing about has no block.
  EXPECT_EQ(text.find("Marketplace says"), text.rfind("Marketplace says")) << text;
  EXPECT_LT(text.find("Marketplace says"), text.find("shop-b (amazon)")) << text;
}

}  // namespace
}  // namespace sellerwatch::app
