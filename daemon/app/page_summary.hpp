#pragma once

// The status page's view of an account (issue 18): what it needs at a glance — a status, the
// single most urgent sentence, each metric against its target — built from the status report
// and the sources' health, in the reader's language (daemon.language). Pure: the page
// renderers only lay it out, and the tables in status_page_test pin down what a seller is told
// first.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "app/runtime_snapshot.hpp"
#include "app/status_report.hpp"
#include "core/platform_display.hpp"
#include "digest/digest_model.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::app {

using PageStatus = digest::Status;  // no data < ok < warning < critical: worse is greater

struct MetricLine {
  std::string code;  // late_shipment_rate_10d: to find its history, never shown
  std::string name;  // "Late shipment rate (10 days)"
  std::string description;
  PageStatus status = PageStatus::kNoData;
  std::string state;   // in words: "critical", "warning", "ok", "too few orders to judge", ...
  std::string value;   // "3.2%"; "—" without one
  std::string target;  // "warn 2.5% · critical 4%"; empty when no rule watches it
  // The bar: the value and the critical (else warn) level on one scale, 0..1. Empty when
  // there is nothing to draw (no value, or a value the marketplace reports as text).
  std::optional<double> fill;
  std::optional<double> mark;
  std::string headroom;  // "3 more late shipments allowed" / "needs 40 more orders shipped on time"
  std::string forecast;  // "critical in ~6 days at this pace (70% likely within 7 days)"
};

struct AlertLine {
  std::string title;  // "Late shipment rate (10 days), forecast"
  core::Severity severity = core::Severity::kWarning;
  std::string state;  // in words: firing, pending, flapping
  core::Timestamp since;
  core::AlertState visible = core::AlertState::kFiring;  // what `state` says
};

struct SourceLine {
  std::string name;
  bool down = false;
  std::optional<core::Timestamp> last_success;
  std::string last_error;  // cleaned to one line; the last failure's, kept after a success
  std::optional<core::Timestamp> last_error_at;
};

struct AtRiskLine {
  std::string kind;  // ship_deadline_at_risk | reply_deadline_at_risk | dispute_deadline_at_risk
  std::string
      what;  // "2 orders must ship", "1 buyer message needs a reply", "3 disputes need an answer"
  std::size_t count = 0;
  core::Timestamp first_deadline;
};

struct AccountSummary {
  std::string id;
  std::string marketplace;
  std::string timezone;
  config::Labels labels;
  PageStatus status = PageStatus::kNoData;
  std::string urgent;  // the most urgent sentence, or what is right
  std::vector<MetricLine> metrics;
  std::vector<AtRiskLine> at_risk;  // soonest deadline first
  std::vector<AlertLine> alerts;    // firing, pending and flapping ones, worst first
  std::vector<SourceLine> sources;
  std::vector<core::PlatformLine> platform;
  bool AnySourceDown() const;
};

// "14:00 PST" today in the account's zone, "Tue 14:00 PST" within the week, "12 Dec 14:00 PST"
// further away.
std::string DeadlineText(core::Timestamp deadline, core::Timestamp now, const std::string& zone,
                         const i18n::Translator& tr = {});

// One account, in `tr`'s language. `sources` may hold other accounts' sources: only this
// account's are taken.
AccountSummary Summarize(const AccountStatus& account, const std::vector<SourceSnapshot>& sources,
                         core::Timestamp now, const i18n::Translator& tr = {});

// Every account of the report, worst first (status, then firing alerts, then the nearest
// deadline, then id), in the report's language.
std::vector<AccountSummary> SummarizeWorstFirst(const StatusReport& report,
                                                const std::vector<SourceSnapshot>& sources);

// ------------------------------------------------------------------------------ the overview
struct OverviewQuery {
  std::string marketplace;  // exact, or empty for every one
  std::string label;        // "key=value", or empty
  std::string status;       // "critical", "warning", "ok", "no data", "attention", or empty
  std::string search;       // a part of the account id, case-insensitive
  std::size_t page = 1;     // 1-based
  bool Filtered() const;
};

inline constexpr std::size_t kAccountsPerPage = 50;

struct OverviewSelection {
  std::vector<const AccountSummary*> accounts;  // this page's, worst first
  std::size_t matched = 0;                      // accounts the filter lets through
  std::size_t page = 1;
  std::size_t pages = 1;
  std::size_t by_status[4] = {0, 0, 0, 0};  // every account's, indexed by PageStatus
  std::vector<std::string> marketplaces;    // to filter by: every one present, sorted
  std::vector<std::string> labels;          // "key=value" of every account, sorted
};

// The accounts the query selects, one page of them (a page past the end is the last).
OverviewSelection SelectAccounts(const std::vector<AccountSummary>& worst_first,
                                 const OverviewQuery& query,
                                 std::size_t per_page = kAccountsPerPage);

// "2 of 14 accounts need attention" / "All 14 accounts are within their limits".
std::string OverviewVerdict(const OverviewSelection& selection, const i18n::Translator& tr = {});

}  // namespace sellerwatch::app
