#pragma once

// The whole configuration of DESIGN.md §1.2 as immutable plain structs. Only config/ sees YAML;
// every other module reads these. Defaults live here, next to the field they belong to.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "config/secret.hpp"
#include "config/source_type.hpp"
#include "core/alert.hpp"
#include "core/event.hpp"
#include "core/metric_catalog.hpp"
#include "core/shard.hpp"
#include "core/time.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::config {

using core::Duration;
using core::Labels;
using namespace std::chrono_literals;

// Where an entry was written, so later errors (a source that cannot start) can point at it.
struct Location {
  std::string file;
  int line = 0;
  int column = 0;
};

// ---------------------------------------------------------------------------------- daemon
struct HeartbeatConfig {
  Secret url;  // a dead-man-switch URL is a credential of its own
  Duration every = 5min;
  bool operator==(const HeartbeatConfig&) const = default;
};

struct DaemonConfig {
  std::string state_dir = "/var/lib/sellerwatch";
  std::string listen = "127.0.0.1:9187";  // empty: HTTP endpoint off; port 0: any free port
  std::string timezone = "UTC";           // default for schedules and quiet hours
  std::string log_level = "info";         // trace | debug | info | warn | error
  Duration evaluation_interval = 1min;    // metrics + rules tick (also after every poll with news)
  Duration shutdown_timeout = 10s;        // bound for draining deliveries on SIGTERM
  std::optional<HeartbeatConfig> heartbeat;
  Secret listen_token;  // when set, every path but /healthz requires it as a bearer token
  // `language`: the default for receivers, and the status page's and `status`' language.
  i18n::Translator language;
};

// ---------------------------------------------------------------------------------- sources
// The keys every source type has. Compared as a whole (defaulted ==), so a key added here is
// part of "did this source change on reload" without anyone remembering to say so.
struct SourceCommon {
  std::string name;         // unique within the account; default "<type>" or "<type>-<n>"
  std::string type;         // a registered source type: "amazon-sp-api", "file", ...
  Duration stale_after{0};  // 0: three times the shortest poll interval
  Duration timeout = 30s;   // per poll
  std::string ca_file;      // URL-based sources
  bool tls_verify = true;   // URL-based sources; false is logged as a warning

  bool operator==(const SourceCommon&) const = default;
};

struct SourceConfig : SourceCommon {
  std::shared_ptr<const SourceSettings> settings;  // the type's own keys (sources/<type>/)
  Location where;                                  // where it was written: not part of its identity

  // The type's settings as its own struct; a mismatch is a bug (std::bad_cast).
  template <class T>
  const T& SettingsAs() const {
    return dynamic_cast<const T&>(*settings);
  }
  // Whether a running source must restart after a reload: its common keys or its type's.
  bool operator==(const SourceConfig& o) const {
    return static_cast<const SourceCommon&>(*this) == o && settings != nullptr &&
           o.settings != nullptr && settings->Equals(*o.settings);
  }
};
// A new key belongs in SourceCommon (compared) or in the type's settings (compared by Equals).
static_assert(sizeof(SourceConfig) == sizeof(SourceCommon) +
                                          sizeof(std::shared_ptr<const SourceSettings>) +
                                          sizeof(Location),
              "a field added to SourceConfig would not be compared on reload");

// ---------------------------------------------------------------------------------- rules
enum class RuleKind { kThreshold, kTrend, kForecast, kStatusChange, kAtRisk };

// Everything a preset rule, a `rules:` entry or an account `thresholds:` entry may set. All
// optional, so the three layers merge field by field (account over rule over preset).
// Threshold values are in the metric's unit: a fraction for rates, seconds for durations, a
// count for counts, a multiple of the baseline for trend rules.
struct RuleSettings {
  std::optional<double> warn;
  std::optional<double> critical;
  std::optional<double> clear;
  std::optional<core::Direction> direction;
  std::optional<Duration> for_;  // `for:`
  std::optional<Duration> clear_for;
  std::optional<int> min_sample;
  std::optional<int> allowance;  // bad events tolerated whatever the rate (eBay's counts)
  std::optional<bool> enabled;
  std::optional<Duration> baseline;   // trend
  std::optional<int> min_count;       // trend
  std::optional<Duration> within;     // forecast
  std::optional<double> probability;  // forecast: how likely the crossing must be
  std::optional<Duration> lead;       // at-risk
  std::optional<int> flap_max;
  std::optional<Duration> flap_window;
  std::vector<std::string> warn_values;      // status_change: values that warn
  std::vector<std::string> critical_values;  // status_change: values that are critical
};

struct RuleConfig {  // an entry of the top-level `rules:` list
  std::string name;
  std::string metric;
  RuleKind kind = RuleKind::kThreshold;
  std::vector<std::string> accounts;  // empty: every account
  RuleSettings settings;
  Location where;
};

// A rule as it applies to one account after presets, `rules:` and `thresholds:` merged and
// defaults filled in. This is what rules/ evaluates.
struct EffectiveRule {
  std::string name;
  std::string metric;
  RuleKind kind = RuleKind::kThreshold;
  core::Direction direction = core::Direction::kAbove;
  std::optional<double> warn;
  std::optional<double> critical;
  std::optional<double> clear;  // unset: the threshold with 10 % hysteresis
  Duration for_{0};
  Duration clear_for{0};
  int min_sample = 20;
  int allowance = 0;
  Duration baseline = 28 * 24h;
  int min_count = 3;
  Duration within = 7 * 24h;
  double probability = 0.8;
  Duration lead = 12h;
  int flap_max = 4;
  Duration flap_window = 6h;
  std::vector<std::string> warn_values;
  std::vector<std::string> critical_values;
};

// ---------------------------------------------------------------------------------- accounts
struct AccountConfig {
  std::string id;           // [a-z0-9_-]+
  std::string marketplace;  // amazon | ebay | aliexpress | shopify | custom
  std::string timezone = "UTC";
  Labels labels;
  std::vector<SourceConfig> sources;
  std::map<std::string, RuleSettings> thresholds;  // as written: overrides by rule name
  std::vector<EffectiveRule> rules;                // resolved, enabled rules only
  Location where;
};

// ---------------------------------------------------------------------------------- routes
struct QuietHours {
  std::chrono::minutes from{0};  // local time of day
  std::chrono::minutes to{0};    // may be earlier than `from`: the range crosses midnight
  std::string timezone;          // IANA; default daemon.timezone
  std::vector<core::Severity> except;
  bool operator==(const QuietHours&) const = default;
};

struct RouteConfig {
  Labels match;  // every label must equal; empty matches everything
  std::vector<std::string> receivers;
  bool continue_matching = false;  // `continue:`
  std::vector<std::string> group_by;
  Duration group_wait = 30s;
  Duration group_interval = 5min;
  Duration repeat_interval = 24h;
  std::optional<QuietHours> quiet_hours;
  Location where;
};

// ---------------------------------------------------------------------------------- receivers
enum class ReceiverType {
  kEmail,
  kSlack,
  kMattermost,
  kDiscord,
  kGoogleChat,
  kTeams,
  kTelegram,
  kWebhook,
  kAlertmanager,
  kConsole,
  kFile
};

struct EmailReceiver {
  std::string smtp_url;   // smtp:// = STARTTLS required, smtps:// = implicit TLS
  bool tls_none = false;  // `tls: none`: explicit opt-out for a local relay
  std::string username;
  Secret password;
  std::string from;
  std::vector<std::string> to;
};

struct ChatReceiver {  // slack, mattermost, discord, google_chat, teams (Workflows)
  Secret webhook_url;  // the URL itself is the credential
};

struct TelegramReceiver {
  Secret bot_token;
  std::string chat_id;
  std::string api_url = "https://api.telegram.org";
};

struct WebhookReceiver {
  std::string url;
  Secret secret;  // Standard Webhooks: "whsec_" + base64 key; empty: unsigned
  std::map<std::string, Secret> headers;
};

struct AlertmanagerReceiver {
  // Base URLs of the peers of one Alertmanager cluster (`urls:`, or `url:` for one); every
  // notification and re-send is POSTed to each one's /api/v2/alerts.
  std::vector<std::string> urls;
  Duration resend_interval = 1min;  // firing alerts are re-sent this often
  // Derived from `daemon` when the config is read:
  // endsAt of a firing alert = send time + firing_validity = 4 × max(evaluation_interval,
  // resend_interval), so alerts of a sellerwatch that died expire.
  Duration firing_validity = 4min;
  // "http://host:port/api/v1/status" from daemon.listen (a wildcard host becomes this machine's
  // name); empty when the endpoint is off or on port 0: generatorURL is then left out.
  std::string status_url;
};

struct ConsoleReceiver {};

struct FileReceiver {
  std::string path;  // JSONL, one notification per line
};

using ReceiverSettings =
    std::variant<EmailReceiver, ChatReceiver, TelegramReceiver, WebhookReceiver,
                 AlertmanagerReceiver, ConsoleReceiver, FileReceiver>;

struct ReceiverConfig {
  std::string name;
  ReceiverType type = ReceiverType::kConsole;
  std::string fallback;          // receiver used when this one stays down past its horizon
  Duration timeout = 30s;        // URL-based and email: per send attempt
  std::string ca_file;           // URL-based and email
  Duration retry_horizon = 48h;  // give up (and fall back) after this long
  bool send_resolved = true;
  i18n::Translator language;  // default daemon.language
  ReceiverSettings settings;
  Location where;
};

// ---------------------------------------------------------------------------------- digest
struct WeeklyTime {
  std::chrono::weekday day;
  std::chrono::minutes time_of_day{0};
  bool operator==(const WeeklyTime&) const = default;
};

struct DigestConfig {
  std::vector<WeeklyTime> schedule;  // "Sat 09:00" or a list of such
  std::string timezone;              // default daemon.timezone
  std::vector<std::string> receivers;
  bool operator==(const DigestConfig&) const = default;
};

// ---------------------------------------------------------------------------------- all
struct Config {
  std::string path;  // the file it was loaded from
  DaemonConfig daemon;
  std::vector<AccountConfig> accounts;
  std::vector<RuleConfig> rules;
  std::vector<RouteConfig> routes;
  std::vector<ReceiverConfig> receivers;
  std::optional<DigestConfig> digest;
  // The slice of the accounts this instance owns (--shard / SELLERWATCH_SHARD). The whole file
  // is validated first; then `accounts` keeps only the owned ones, so everything downstream
  // sees its shard only. 0/1 (the default) owns every account.
  core::Shard shard;

  // Every language something is rendered in (daemon.language and each receiver's), English
  // first: the alert builder writes each alert's sentences in each of them.
  std::vector<i18n::Translator> Languages() const;

  const AccountConfig* FindAccount(std::string_view id) const;
  const ReceiverConfig* FindReceiver(std::string_view name) const;
};

std::string_view Name(RuleKind k);
std::string_view Name(ReceiverType t);
// The inverse of Name(): the spelling used in YAML ("at_risk", "google_chat").
std::optional<RuleKind> ParseRuleKind(std::string_view s);
std::optional<ReceiverType> ParseReceiverType(std::string_view s);

}  // namespace sellerwatch::config
