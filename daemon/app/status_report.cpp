#include "app/status_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <boost/json.hpp>

#include "core/value_format.hpp"
#include "metrics/account_events.hpp"
#include "metrics/window_metrics.hpp"
#include "store/event_store.hpp"

namespace sellerwatch::app {
namespace json = boost::json;
namespace {

const config::EffectiveRule* ThresholdRuleFor(const config::AccountConfig& account,
                                              std::string_view metric) {
  for (const auto& r : account.rules)
    if (r.kind == config::RuleKind::kThreshold && r.metric == metric) return &r;
  return nullptr;
}

// With --at there is no stored history of alert states: judge by the thresholds alone.
store::AlertStateRecord StateFromVerdict(const std::string& account, const std::string& rule,
                                         const rules::Verdict& v, core::Timestamp at) {
  auto r = store::AlertStateRecord::Inactive(account, rule, at);
  if (v.breached) {
    r.state = core::AlertState::kFiring;
    r.severity = *v.breached;
  }
  return r;
}

json::value Number(const std::optional<double>& v) {
  if (!v) return nullptr;
  return *v;
}

}  // namespace

core::Result<StatusReport> BuildStatusReport(const config::Config& config, store::Db& db,
                                             core::Timestamp now,
                                             std::optional<core::Timestamp> known_at,
                                             const std::string& only_account) {
  StatusReport report{now, known_at, {}};
  core::Timestamp at = known_at.value_or(now);
  store::EventStore events(db);
  store::AlertStateStore states(db);
  for (const auto& account : config.accounts) {
    if (!only_account.empty() && account.id != only_account) continue;
    auto loaded = events.Load(account.id, known_at);
    if (!loaded) return loaded.error();
    auto stored_alerts = states.Load(account.id);
    if (!stored_alerts) return stored_alerts.error();

    AccountStatus status{&account, {}, {}};
    for (auto& value : metrics::ComputeAllMetrics(metrics::AccountEvents::From(*loaded), at)) {
      const config::EffectiveRule* rule = ThresholdRuleFor(account, value.info.name);
      MetricStatus m{std::move(value), rule, {}, {}, {}};
      if (m.rule) {
        m.verdict = rules::EvaluateThreshold(*m.rule, m.value);
        if (m.value.info.unit == core::MetricUnit::kRate && m.value.numerator && m.rule->critical) {
          m.headroom = metrics::ComputeHeadroom(m.rule->direction, *m.value.numerator,
                                                m.value.denominator, *m.rule->critical);
        }
        if (known_at) {
          m.alert = StateFromVerdict(account.id, m.rule->name, *m.verdict, at);
        } else {
          auto it = std::find_if(stored_alerts->begin(), stored_alerts->end(),
                                 [&](const auto& r) { return r.rule == m.rule->name; });
          if (it != stored_alerts->end()) m.alert = *it;
        }
      }
      status.metrics.push_back(std::move(m));
    }
    if (known_at) {
      for (const auto& m : status.metrics)
        if (m.alert && m.alert->state != core::AlertState::kInactive)
          status.alerts.push_back(*m.alert);
    } else {
      for (const auto& r : *stored_alerts)
        if (r.state != core::AlertState::kInactive) status.alerts.push_back(r);
    }
    report.accounts.push_back(std::move(status));
  }
  if (!only_account.empty() && report.accounts.empty()) {
    return core::Error::Data("no account '" + only_account + "' in " + config.path);
  }
  return report;
}

std::string StatusJson(const StatusReport& report) {
  json::object doc;
  doc["generated_at"] = core::FormatRfc3339(report.generated_at);
  if (report.known_at) doc["at"] = core::FormatRfc3339(*report.known_at);
  json::array accounts;
  for (const auto& a : report.accounts) {
    json::object acc;
    acc["id"] = a.account->id;
    acc["marketplace"] = a.account->marketplace;
    json::array metrics;
    for (const auto& m : a.metrics) {
      json::object o;
      o["name"] = m.value.info.name;
      o["window_days"] = m.value.info.window_days;
      o["value"] = Number(m.value.value);
      o["numerator"] = Number(m.value.numerator);
      o["denominator"] = m.value.denominator;
      o["unit"] = core::Name(m.value.info.unit);
      o["direction"] = core::Name(m.rule ? m.rule->direction : m.value.info.direction);
      o["warn"] = m.rule ? Number(m.rule->warn) : nullptr;
      o["critical"] = m.rule ? Number(m.rule->critical) : nullptr;
      o["headroom"] = m.headroom && m.headroom->bad_events_allowed
                          ? json::value(*m.headroom->bad_events_allowed)
                          : nullptr;
      o["recovery_needed"] = m.headroom && m.headroom->good_events_needed
                                 ? json::value(*m.headroom->good_events_needed)
                                 : nullptr;
      o["forecast"] = json::object{{"warn_in_days", nullptr}, {"critical_in_days", nullptr}};
      o["insufficient_data"] = m.verdict && m.verdict->insufficient_data;
      bool active = m.alert && m.alert->state != core::AlertState::kInactive &&
                    m.alert->state != core::AlertState::kResolved;
      o["state"] =
          m.rule ? json::value(core::Name(m.alert ? m.alert->state : core::AlertState::kInactive))
                 : nullptr;
      o["severity"] = active ? json::value(core::Name(m.alert->severity)) : nullptr;
      metrics.push_back(std::move(o));
    }
    acc["metrics"] = std::move(metrics);
    acc["at_risk"] = json::array();
    json::array alerts;
    for (const auto& r : a.alerts) {
      alerts.push_back(json::object{{"rule", r.rule},
                                    {"state", core::Name(r.state)},
                                    {"severity", core::Name(r.severity)},
                                    {"since", core::FormatRfc3339(r.since)}});
    }
    acc["alerts"] = std::move(alerts);
    accounts.push_back(std::move(acc));
  }
  doc["accounts"] = std::move(accounts);
  return json::serialize(doc);
}

std::string StatusText(const StatusReport& report) {
  std::string out;
  out += fmt::format(
      "sellerwatch status at {}{}\n", core::FormatRfc3339(report.generated_at),
      report.known_at ? " (events known by " + core::FormatRfc3339(*report.known_at) + ")" : "");
  for (const auto& a : report.accounts) {
    std::size_t firing = std::count_if(a.alerts.begin(), a.alerts.end(), [](const auto& r) {
      return r.state == core::AlertState::kFiring;
    });
    out += fmt::format("\n{} ({}): {}\n", a.account->id, a.account->marketplace,
                       firing ? fmt::format("{} alert(s) firing", firing) : "no alerts firing");
    out += fmt::format("  {:<26} {:>9} {:>10} {:>7}  {:<16} {:<24} {}\n", "metric", "value", "of",
                       "window", "warn / critical", "state", "headroom");
    for (const auto& m : a.metrics) {
      const auto unit = m.value.info.unit;
      std::string value = m.value.value ? core::FormatValue(unit, *m.value.value) : "-";
      std::string of = m.value.numerator
                           ? fmt::format("{:.0f}/{:.0f}", *m.value.numerator, m.value.denominator)
                           : fmt::format("n={:.0f}", m.value.denominator);
      std::string target = "-";
      if (m.rule) {
        target = fmt::format("{} / {}", m.rule->warn ? core::FormatValue(unit, *m.rule->warn) : "-",
                             m.rule->critical ? core::FormatValue(unit, *m.rule->critical) : "-");
      }
      std::string headroom = "";
      if (m.headroom && m.headroom->bad_events_allowed) {
        headroom = fmt::format("{} more {} allowed", *m.headroom->bad_events_allowed,
                               m.value.info.bad_events);
      } else if (m.headroom && m.headroom->good_events_needed) {
        headroom = fmt::format("needs {} more {}", *m.headroom->good_events_needed,
                               m.value.info.good_events);
      }
      std::string state = "";
      if (m.verdict && m.verdict->insufficient_data) state = "too few orders to judge";
      if (m.alert && m.alert->state != core::AlertState::kInactive) {
        state = fmt::format("{} {}", core::Name(m.alert->state), core::Name(m.alert->severity));
      } else if (m.rule && state.empty()) {
        state = "ok";
      }
      out += fmt::format("  {:<26} {:>9} {:>10} {:>6}d  {:<16} {:<24} {}\n", m.value.info.name,
                         value, of, m.value.info.window_days, target, state, headroom);
    }
  }
  return out;
}

}  // namespace sellerwatch::app
