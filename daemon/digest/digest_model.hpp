#pragma once

// The weekly digest's content (DESIGN.md §1.6) as plain data: what the app reads from the store
// (DigestInput) and what the renderers show (Digest). BuildDigest is a pure function of
// (input, now); the renderers are pure functions of the Digest.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/alert.hpp"
#include "core/metric_catalog.hpp"
#include "core/platform_display.hpp"
#include "core/time.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::digest {

// Days in the daily charts.
inline constexpr int kChartDays = 28;
// At most this many negative feedback comments per account, newest first.
inline constexpr std::size_t kMaxFeedback = 5;
// Buyer comments are shortened to this many characters.
inline constexpr std::size_t kCommentLength = 160;
// At most this many at-risk items per account are listed (the count is always shown).
inline constexpr std::size_t kMaxAtRisk = 5;

// ------------------------------------------------------------------------------------ input
struct DailyValue {
  std::int64_t day = 0;  // days since the Unix epoch, UTC
  std::optional<double> value;
  bool operator==(const DailyValue&) const = default;
};

struct MetricInput {
  std::string name;
  core::MetricUnit unit = core::MetricUnit::kRate;
  core::Direction direction = core::Direction::kAbove;
  int window_days = 0;
  std::optional<double> value;  // now
  double denominator = 0;
  bool insufficient_data = false;
  std::optional<double> warn;  // the threshold rule's levels, if a rule watches the metric
  std::optional<double> critical;
  std::optional<core::Severity> breached;  // the rule's verdict now
  std::optional<long> bad_events_allowed;  // headroom to the critical level
  std::optional<long> good_events_needed;  // to get back out of breach
  std::optional<int> warn_in_days;         // forecast
  std::optional<int> critical_in_days;
  std::optional<double> warn_probability;  // of crossing within forecast_within_days
  std::optional<double> critical_probability;
  int forecast_within_days = 7;
  std::string forecast_why;         // the forecast's one-line explanation, in DigestInput::language
  std::string bad_events;           // "late shipments"
  std::string good_events;          // "orders shipped on time"
  std::vector<DailyValue> history;  // metric_history snapshots, any order
  bool operator==(const MetricInput&) const = default;
};

struct AlertEventInput {
  std::string rule;
  std::string metric;
  core::AlertState state = core::AlertState::kFiring;  // kFiring or kResolved
  core::Severity severity = core::Severity::kWarning;
  core::Timestamp at;
  bool operator==(const AlertEventInput&) const = default;
};

struct ActiveAlertInput {  // an alert firing now (alert_state)
  std::string rule;
  core::Severity severity = core::Severity::kWarning;
  core::Timestamp since;
  bool operator==(const ActiveAlertInput&) const = default;
};

struct FeedbackInput {
  std::string id;
  std::string order_id;
  int rating = 0;
  core::Timestamp received_at;
  std::string comment;  // buyer-written: untrusted
  bool operator==(const FeedbackInput&) const = default;
};

struct AtRiskInput {
  std::string kind;  // ship_deadline_at_risk | reply_deadline_at_risk | dispute_deadline_at_risk
  std::string id;
  core::Timestamp deadline;
  std::string note = {};  // a dispute's reason (buyer-influenced text: cleaned like ids)
  bool operator==(const AtRiskInput&) const = default;
};

struct SourceInput {
  std::string name;
  std::optional<core::Timestamp> last_update;  // the cursor's last write
  core::Duration stale_after{0};               // 0: not judged
  bool operator==(const SourceInput&) const = default;
};

struct AccountInput {
  std::string id;
  std::string marketplace;
  std::vector<MetricInput> metrics;
  std::vector<AlertEventInput> alert_events;  // any time; the week's are picked
  std::vector<ActiveAlertInput> active_alerts;
  std::vector<AtRiskInput> at_risk;
  std::vector<FeedbackInput> feedback;  // any; the week's negative ones (rating <= 2) are shown
  std::vector<SourceInput> sources;
  std::vector<core::PlatformReport> platform = {};  // the latest value of each platform.* name
  bool operator==(const AccountInput&) const = default;
};

struct DigestInput {
  std::string receiver;
  std::string timezone;  // for dates shown; empty: UTC
  std::vector<AccountInput> accounts;
  // The language the forecasts' explanations (forecast_why) are written in: a digest in another
  // language leaves them out rather than mix languages (shard exports carry English ones).
  std::string language = "en";
  bool operator==(const DigestInput&) const = default;
};

// ----------------------------------------------------------------------------------- output
enum class Status { kNoData, kOk, kWarning, kCritical };  // ordered: worse is greater
// The code ("no data", "ok", "warning", "critical"): CSS classes, the page's filter. In words:
// StatusWord (digest_format.hpp).
std::string_view Name(Status s);

struct MetricRow {
  std::string name;
  core::MetricUnit unit = core::MetricUnit::kRate;
  core::Direction direction = core::Direction::kAbove;
  std::optional<double> now;
  std::optional<double> week_ago;
  std::optional<double> change;  // now - week_ago
  std::optional<double> warn;
  std::optional<double> critical;
  Status status = Status::kNoData;
  std::vector<std::optional<double>> daily;  // kChartDays values, oldest first, today last
  std::string
      outlook;  // headroom and forecast, one sentence in the digest's language; may be empty
};

struct AlertRow {
  std::string rule;
  std::string metric;
  core::Severity severity = core::Severity::kWarning;
  std::optional<core::Timestamp> fired_at;     // empty: fired before the week began
  std::optional<core::Timestamp> resolved_at;  // empty: still firing
  core::Duration time_in_alert{0};             // within the week
};

struct FeedbackRow {
  int rating = 0;
  core::Timestamp received_at;
  std::string order_id;  // cleaned
  std::string comment;   // cleaned to one line and shortened; not escaped
};

struct SourceRow {
  std::string name;
  std::optional<core::Timestamp> last_update;
  bool stale = false;
};

struct PlatformRow {      // what the marketplace says: cleaned to one line, not escaped
  std::string label;      // "account status" (English: core::PlatformLabel(tr, name) translates)
  std::string value;      // "NORMAL"
  std::string projected;  // eBay's projected value on the same line; may be empty
  core::Timestamp reported_at;
  bool headline = false;
  std::string name = {};  // "platform.account_status"
};

struct AccountDigest {
  std::string id;
  std::string marketplace;
  Status status = Status::kNoData;
  std::vector<MetricRow> metrics;
  std::vector<AlertRow> alerts;
  std::size_t at_risk_count = 0;
  std::vector<AtRiskInput> at_risk;  // the first kMaxAtRisk by deadline, ids cleaned
  std::size_t negative_feedback_count = 0;
  std::vector<FeedbackRow> feedback;  // newest first, at most kMaxFeedback
  std::vector<SourceRow> sources;
  std::vector<PlatformRow> platform;  // headline values first (core::PlatformLines)
  bool NeedsAttention() const;
};

struct Digest {
  i18n::Translator language;  // what every sentence is written in
  std::string receiver;
  std::string timezone;
  core::Timestamp now;
  core::Timestamp week_start;           // now - 7 days
  std::string verdict;                  // "2 of 14 accounts need attention", in `language`
  std::vector<AccountDigest> accounts;  // worst first
};

// What one account's report covers: the digest's week, or the status page's month.
struct Span {
  core::Duration period = 7 * core::kDay;  // alerts and negative feedback of this long ago
  std::size_t max_at_risk = kMaxAtRisk;
  std::size_t max_feedback = kMaxFeedback;
};

// One account's part of the report over `span` (BuildDigest's, for the week), its outlook
// sentences in `tr`'s language.
AccountDigest BuildAccount(const AccountInput& a, core::Timestamp now, const Span& span = {},
                           const i18n::Translator& tr = {});

// Per account: metric rows (value now and a week ago, change, target, status, 28 daily
// values, outlook), the week's alerts with time in alert, at-risk items, the week's negative
// feedback, source health, what the marketplace says; accounts worst first; the verdict line.
// Its sentences are in `tr`'s language (the receiver's).
Digest BuildDigest(const DigestInput& input, core::Timestamp now, const i18n::Translator& tr = {});

// "at this pace odr reaches 1% in ~9 days; 3 more late shipments breach the critical 4%".
std::string Outlook(const MetricInput& metric, const i18n::Translator& tr = {});
// "2 of 14 accounts need attention" / "all 14 accounts are within their limits".
std::string Verdict(const std::vector<AccountDigest>& accounts, const i18n::Translator& tr = {});

}  // namespace sellerwatch::digest
