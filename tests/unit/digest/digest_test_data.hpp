#pragma once

// Digest inputs for the model and renderer tests.

#include <string>

#include "core/text.hpp"
#include "digest/digest_model.hpp"

namespace sellerwatch::digest::testdata {

using namespace std::chrono_literals;

inline const core::Timestamp kNow = *core::ParseRfc3339("2026-11-28T08:00:00Z");  // a Saturday
inline constexpr const char* kHostileComment =
    "<script>alert(1)</script> never arrived\r\nBcc: victim@example.com <img src=\"http://x/y\">";

inline std::int64_t Today() { return core::ToUnixMillis(kNow) / (24 * 3600 * 1000); }

inline MetricInput Rate(std::string name, std::optional<double> now, std::optional<double> warn,
                        std::optional<double> critical) {
  MetricInput m;
  m.name = std::move(name);
  m.unit = core::MetricUnit::kRate;
  m.window_days = 30;
  m.value = now;
  m.denominator = 200;
  m.warn = warn;
  m.critical = critical;
  m.bad_events = "late shipments";
  m.good_events = "orders shipped on time";
  return m;
}

// `troubled`: a breached critical metric, an alert fired this week, hostile feedback.
inline AccountInput Account(std::string id, bool troubled) {
  AccountInput a;
  a.id = std::move(id);
  a.marketplace = "amazon";
  auto odr = Rate("order_defect_rate", troubled ? 0.012 : 0.002, 0.007, 0.01);
  for (int d = 0; d < kChartDays; ++d) {
    odr.history.push_back({Today() - d, (troubled ? 0.012 : 0.002) - d * 0.0002});
  }
  if (troubled) odr.breached = core::Severity::kCritical;
  odr.good_events_needed = 40;
  a.metrics.push_back(odr);
  auto late = Rate("late_shipment_rate", 0.01, 0.03, 0.04);
  late.bad_events_allowed = 3;
  late.warn_in_days = 9;
  a.metrics.push_back(late);
  if (troubled) {
    a.alert_events.push_back({"order_defect_rate", "order_defect_rate", core::AlertState::kFiring,
                              core::Severity::kCritical, kNow - 2 * core::kDay});
    a.alert_events.push_back({"cancellation_rate", "cancellation_rate", core::AlertState::kFiring,
                              core::Severity::kWarning, kNow - 5 * core::kDay});
    a.alert_events.push_back({"cancellation_rate", "cancellation_rate", core::AlertState::kResolved,
                              core::Severity::kWarning, kNow - 4 * core::kDay});
    a.feedback.push_back({"f1", "o-1", 1, kNow - 1 * core::kDay, kHostileComment});
    a.feedback.push_back({"f0", "o-0", 1, kNow - 9 * core::kDay, "last week's"});
    a.at_risk.push_back({"ship_deadline_at_risk", "o-9", kNow + 5h});
  }
  a.sources.push_back({"simulator", kNow - 10min, 1h});
  if (troubled) {  // what the marketplace says, with a value anyone could have imported
    a.platform.push_back({"platform.warning.x", kHostileComment, kNow - 3h});
    a.platform.push_back({"platform.ahr_score", "180", kNow - 3h});
    a.platform.push_back({"platform.account_status", "AT_RISK", kNow - 3h});
  } else {
    a.platform.push_back({"platform.account_status", "NORMAL", kNow - 2h});
  }
  return a;
}

}  // namespace sellerwatch::digest::testdata
