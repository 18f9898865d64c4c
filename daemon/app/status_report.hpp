#pragma once

#include <optional>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "core/platform_display.hpp"
#include "metrics/headroom.hpp"
#include "metrics/metric_value.hpp"
#include "metrics/metrics_engine.hpp"
#include "rules/threshold_verdict.hpp"
#include "store/alert_state_store.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::app {

struct MetricStatus {
  metrics::MetricValue value;
  const config::EffectiveRule* rule = nullptr;  // the threshold rule on this metric, if any
  std::optional<rules::Verdict> verdict;
  std::optional<metrics::Headroom> headroom;
  std::optional<metrics::Forecast> forecast;     // towards the threshold rule's levels
  std::optional<store::AlertStateRecord> alert;  // its alert's state
  // The forecast's `within` and `probability`: the metric's forecast rule's, or the defaults.
  metrics::ForecastModel forecast_model = {};
};

struct AtRiskGroup {
  std::string kind;  // ship_deadline_at_risk | reply_deadline_at_risk
  std::vector<metrics::AtRiskItem> items;
};

struct AccountStatus {
  const config::AccountConfig* account = nullptr;
  std::vector<MetricStatus> metrics;
  std::vector<AtRiskGroup> at_risk;
  std::vector<store::AlertStateRecord> alerts;  // every alert not inactive
  std::vector<core::PlatformValue> platform{};  // what the marketplace reports, by name
};

struct StatusReport {
  core::Timestamp generated_at;
  std::optional<core::Timestamp> known_at;  // --at: only events updated up to then
  std::vector<AccountStatus> accounts;
  // daemon.language: what the status page and `status`' table are written in (JSON: English).
  i18n::Translator language = {};
};

// What `status` shows: each account's metrics now (or as of --at) with thresholds, headroom,
// forecast, items at risk and alert state. With `known_at`, alert states are what the rules say
// at that time (as if `for` were 0), since past states are not kept.
core::Result<StatusReport> BuildStatusReport(const config::Config& config, store::Db& db,
                                             core::Timestamp now,
                                             std::optional<core::Timestamp> known_at,
                                             const std::string& only_account);

// The same from the daemon's live metrics engine (which holds every account's events), with
// no rescan of the store: what the HTTP endpoint serves.
core::Result<StatusReport> BuildLiveStatusReport(const config::Config& config, store::Db& db,
                                                 const metrics::MetricsEngine& engine,
                                                 core::Timestamp now,
                                                 const std::string& only_account);

// The account's platform values as a "Marketplace says" block shows them (status, the page).
std::vector<core::PlatformLine> PlatformLinesOf(const AccountStatus& account);

// The `status --json` document (DESIGN.md §1.1; fields may be added, none renamed).
std::string StatusJson(const StatusReport& report);
// A table a seller reads at a glance, in the report's language: value against target,
// headroom, state.
std::string StatusText(const StatusReport& report);

}  // namespace sellerwatch::app
