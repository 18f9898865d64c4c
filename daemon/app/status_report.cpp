#include "app/status_report.hpp"

#include <fmt/format.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>

#include "app/engine_follower.hpp"
#include "config/shard_filter.hpp"
#include "core/human_format.hpp"
#include "core/metric_words.hpp"
#include "core/text.hpp"
#include "digest/digest_format.hpp"
#include "metrics/forecast_text.hpp"
#include "rules/kind_verdicts.hpp"
#include "rules/rule_evaluation.hpp"
#include "store/event_store.hpp"

namespace sellerwatch::app {
namespace json = boost::json;
namespace {

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

// Whole numbers (counts) as integers: "5", not "5E0".
json::value Number(const std::optional<double>& v) {
  if (!v) return nullptr;
  if (std::trunc(*v) == *v && std::abs(*v) < 9e15) return static_cast<std::int64_t>(*v);
  return *v;
}

// One account's status from an engine holding its events (known by `at`).
AccountStatus BuildAccountStatus(const config::AccountConfig& account,
                                 const metrics::MetricsEngine& engine,
                                 const std::vector<store::AlertStateRecord>& stored_alerts,
                                 core::Timestamp at, std::optional<core::Timestamp> known_at) {
  auto evaluation = rules::EvaluateAccount(account, engine, at);
  AccountStatus status{&account, {}, {}, {}, engine.PlatformValues(account.id)};
  for (auto& value : evaluation.values) {
    const config::EffectiveRule* rule = rules::ThresholdRuleFor(account, value.info.name);
    MetricStatus m{std::move(value), rule, {}, {}, {}, {}, {}};
    if (rule) {
      m.verdict = rules::EvaluateThreshold(*rule, m.value);
      if (m.value.info.unit == core::MetricUnit::kRate) {
        if (m.value.numerator && rule->critical) {
          m.headroom =
              metrics::ComputeHeadroom(rule->direction, *m.value.numerator, m.value.denominator,
                                       *rule->critical, rule->allowance);
        }
        for (const auto& r : account.rules) {
          if (r.kind == config::RuleKind::kForecast && r.metric == rule->metric) {
            m.forecast_model = rules::ForecastModelOf(r);
            break;
          }
        }
        m.forecast =
            engine.ForecastRate(account.id, rule->metric, rule->direction, rule->warn,
                                rule->critical, at, rules::kForecastHorizonDays, m.forecast_model);
      }
      if (known_at) {
        m.alert = StateFromVerdict(account.id, rule->name, *m.verdict, at);
      } else {
        auto it = std::find_if(stored_alerts.begin(), stored_alerts.end(),
                               [&](const auto& r) { return r.rule == rule->name; });
        if (it != stored_alerts.end()) m.alert = *it;
      }
    }
    status.metrics.push_back(std::move(m));
  }
  for (auto& ev : evaluation.rules) {
    if (ev.rule->kind == config::RuleKind::kAtRisk) {
      status.at_risk.push_back({ev.rule->metric, std::move(ev.items)});
    }
  }
  if (known_at) {
    for (const auto& ev : evaluation.rules) {
      auto r = StateFromVerdict(account.id, ev.rule->name, ev.verdict, at);
      if (r.state != core::AlertState::kInactive) status.alerts.push_back(r);
    }
  } else {
    for (const auto& r : stored_alerts)
      if (r.state != core::AlertState::kInactive) status.alerts.push_back(r);
  }
  return status;
}

core::Error NoSuchAccount(const config::Config& config, const std::string& id) {
  if (!core::Owns(config.shard, id)) {  // another shard's, if configured at all
    return core::Error::Data(
        fmt::format("no account '{}' in shard {} of {} (shard {} owns that id)", id,
                    config.shard.Label(), config.path, config::OwnerOf(id, config.shard).Label()));
  }
  return core::Error::Data("no account '" + id + "' in " + config.path);
}

// "Marketplace says": one line per value; the report time where it differs from the line above
// (a poll reports its values at one time, so it is usually said once).
void AppendPlatformBlock(std::string& out, const AccountStatus& a, const i18n::Translator& tr) {
  auto lines = PlatformLinesOf(a);
  if (lines.empty()) return;
  out += "  " + tr.Tr("Marketplace says:") + "\n";
  // Imported values are anyone's text: one line, no control characters, bounded.
  auto clean = [](std::string_view s) { return core::Truncate(core::CleanLine(s), 80); };
  std::optional<core::Timestamp> said;
  for (const auto& l : lines) {
    const std::string label = l.headline ? core::PlatformLabel(tr, l.name) : clean(l.label);
    std::string line = tr.TrC("label", "{}: {}", label, clean(l.value));
    if (!l.projected.empty()) line = tr.Tr("{}, projected {}", line, clean(l.projected));
    if (l.reported_at != said) {
      line = tr.Tr("{} (reported {})", line,
                   core::FormatDateTime(tr, l.reported_at, a.account->timezone));
      said = l.reported_at;
    }
    out += "    " + line + "\n";
  }
}

}  // namespace

core::Result<StatusReport> BuildStatusReport(const config::Config& config, store::Db& db,
                                             core::Timestamp now,
                                             std::optional<core::Timestamp> known_at,
                                             const std::string& only_account) {
  StatusReport report{now, known_at, {}, config.daemon.language};
  core::Timestamp at = known_at.value_or(now);
  store::EventStore events(db);
  store::AlertStateStore states(db);
  // The daemon's numbers, exactly, one account at a time (the memory of one account): as of now
  // the way the daemon starts (the account's engine snapshot, then the change feed after it);
  // --at from the events known then.
  metrics::MetricsEngine engine([&events](const std::string& account, const std::string& id) {
    auto purchased = events.OrderPurchasedAt(account, id);
    return purchased ? *purchased : std::nullopt;
  });
  std::optional<EngineFollower> follower;
  if (!known_at) {
    auto feed = store::EventFeed::Open(db);
    if (!feed) return feed.error();
    follower.emplace(db, std::move(*feed), engine,
                     std::make_shared<spdlog::logger>(
                         "status", std::make_shared<spdlog::sinks::null_sink_st>()));
  }
  for (const auto& account : config.accounts) {
    if (!only_account.empty() && account.id != only_account) continue;
    if (follower) {
      if (auto r = FollowOneAccount(db, *follower, account.id); !r) return r.error();
    } else {
      auto loaded = events.Load(account.id, known_at);
      if (!loaded) return loaded.error();
      engine.LoadAccount(account.id, *loaded);
    }
    auto stored_alerts = states.Load(account.id);
    if (!stored_alerts) return stored_alerts.error();
    report.accounts.push_back(BuildAccountStatus(account, engine, *stored_alerts, at, known_at));
    if (follower) {
      follower->Forget({account.id});
    } else {
      engine.ForgetAccount(account.id);
    }
  }
  if (!only_account.empty() && report.accounts.empty()) return NoSuchAccount(config, only_account);
  return report;
}

core::Result<StatusReport> BuildLiveStatusReport(const config::Config& config, store::Db& db,
                                                 const metrics::MetricsEngine& engine,
                                                 core::Timestamp now,
                                                 const std::string& only_account) {
  StatusReport report{now, std::nullopt, {}, config.daemon.language};
  store::AlertStateStore states(db);
  for (const auto& account : config.accounts) {
    if (!only_account.empty() && account.id != only_account) continue;
    auto stored_alerts = states.Load(account.id);
    if (!stored_alerts) return stored_alerts.error();
    report.accounts.push_back(
        BuildAccountStatus(account, engine, *stored_alerts, now, std::nullopt));
  }
  if (!only_account.empty() && report.accounts.empty()) return NoSuchAccount(config, only_account);
  return report;
}

std::vector<core::PlatformLine> PlatformLinesOf(const AccountStatus& account) {
  std::vector<core::PlatformReport> reports;
  for (const auto& p : account.platform) reports.push_back({p.id, p.value, p.reported_at});
  return core::PlatformLines(reports);
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
      o["denominator"] = Number(m.value.denominator);
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
      auto days = [](const std::optional<int>& d) { return d ? json::value(*d) : nullptr; };
      o["forecast"] =
          m.forecast
              ? json::object{{"warn_in_days", days(m.forecast->warn_in_days)},
                             {"critical_in_days", days(m.forecast->critical_in_days)},
                             {"warn_probability", Number(m.forecast->warn_probability)},
                             {"critical_probability", Number(m.forecast->critical_probability)},
                             {"explanation",
                              metrics::ExplainForecast(*m.forecast, m.value.info, m.rule->critical,
                                                       m.forecast->critical_probability,
                                                       m.forecast_model.within_days)}}
              : json::object{{"warn_in_days", nullptr},
                             {"critical_in_days", nullptr},
                             {"warn_probability", nullptr},
                             {"critical_probability", nullptr},
                             {"explanation", nullptr}};
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
    json::array at_risk;
    for (const auto& g : a.at_risk) {
      json::array items;
      for (const auto& item : g.items) {
        json::object o{{"id", item.id}, {"deadline", core::FormatRfc3339(item.deadline)}};
        if (!item.note.empty()) o["note"] = item.note;
        items.push_back(std::move(o));
      }
      at_risk.push_back(json::object{{"kind", g.kind}, {"items", std::move(items)}});
    }
    acc["at_risk"] = std::move(at_risk);
    json::array alerts;
    for (const auto& r : a.alerts) {
      alerts.push_back(json::object{{"rule", r.rule},
                                    {"state", core::Name(r.Visible())},
                                    {"severity", core::Name(r.severity)},
                                    {"since", core::FormatRfc3339(r.since)}});
    }
    acc["alerts"] = std::move(alerts);
    json::array platform;
    for (const auto& p : a.platform) {
      // `value` stays the marketplace's own string, as it was first shipped; `number` adds it
      // as a JSON number when it is one (null otherwise), so consumers need not parse it.
      platform.push_back(json::object{{"name", p.id},
                                      {"value", p.value},
                                      {"number", Number(core::PlatformNumber(p.value))},
                                      {"reported_at", core::FormatRfc3339(p.reported_at)}});
    }
    acc["platform"] = std::move(platform);
    accounts.push_back(std::move(acc));
  }
  doc["accounts"] = std::move(accounts);
  return json::serialize(doc);
}

std::string StatusText(const StatusReport& report) {
  const i18n::Translator& tr = report.language;
  const std::string generated = core::FormatRfc3339(report.generated_at);
  std::string out = (report.known_at ? tr.Tr("sellerwatch status at {} (events known by {})",
                                             generated, core::FormatRfc3339(*report.known_at))
                                     : tr.Tr("sellerwatch status at {}", generated)) +
                    "\n";
  for (const auto& a : report.accounts) {
    std::size_t firing = std::count_if(a.alerts.begin(), a.alerts.end(), [](const auto& r) {
      return r.state == core::AlertState::kFiring;
    });
    out += "\n" +
           tr.TrC("account heading", "{} ({}): {}", a.account->id,
                  digest::DigestMarketplace(tr, a.account->marketplace),
                  firing ? tr.TrN("{} alert firing", "{} alerts firing",
                                  static_cast<long long>(firing))
                         : tr.Tr("no alerts firing")) +
           "\n";
    std::vector<std::string> names;  // in words: the codes are in --json
    for (const auto& m : a.metrics) {
      names.push_back(core::DisplayName(tr, m.value.info.name, a.account->marketplace));
    }
    const std::string metric_head = tr.TrC("status column", "metric");
    std::size_t name_width = std::max<std::size_t>(26, digest::DisplayWidth(metric_head));
    for (const auto& name : names) name_width = std::max(name_width, digest::DisplayWidth(name));
    out +=
        fmt::format("  {:<{}} {:>9} {:>10} {:>7}  {:<16} {:<24} {}\n", metric_head, name_width,
                    tr.TrC("status column", "value"), tr.TrC("status column", "of"),
                    tr.TrC("status column", "window"), tr.TrC("status column", "warn / critical"),
                    tr.TrC("status column", "state"), tr.TrC("status column", "headroom"));
    for (std::size_t i = 0; i < a.metrics.size(); ++i) {
      const auto& m = a.metrics[i];
      const auto unit = m.value.info.unit;
      std::string value = m.value.value ? core::FormatValue(tr, unit, *m.value.value) : "-";
      std::string of = m.value.numerator
                           ? fmt::format("{:.0f}/{:.0f}", *m.value.numerator, m.value.denominator)
                           : fmt::format("n={:.0f}", m.value.denominator);
      std::string target = "-";
      if (m.rule) {
        target =
            fmt::format("{} / {}", m.rule->warn ? core::FormatValue(tr, unit, *m.rule->warn) : "-",
                        m.rule->critical ? core::FormatValue(tr, unit, *m.rule->critical) : "-");
      }
      std::string headroom = "";
      if (m.headroom && m.headroom->bad_events_allowed) {
        // TRANSLATORS: "3 more late shipments allowed" (before the critical level).
        headroom = tr.Tr("{} more {} allowed", *m.headroom->bad_events_allowed,
                         digest::EventWords(tr, m.value.info.bad_events));
      } else if (m.headroom && m.headroom->good_events_needed) {
        // TRANSLATORS: "needs 40 more on-time shipments" (to get back past the critical level).
        headroom = tr.Tr("needs {} more {}", *m.headroom->good_events_needed,
                         digest::EventWords(tr, m.value.info.good_events));
      }
      if (m.forecast && m.forecast->critical_in_days && m.headroom &&
          m.headroom->bad_events_allowed) {
        const int days = *m.forecast->critical_in_days;
        headroom += tr.TrC("clauses", "; ");
        headroom += m.forecast->critical_probability
                        ? tr.Tr("critical in ~{}d at this pace ({} likely within {}d)", days,
                                core::FormatLikelihood(tr, *m.forecast->critical_probability),
                                m.forecast_model.within_days)
                        : tr.Tr("critical in ~{}d at this pace", days);
      }
      const std::string state = m.alert && m.alert->state != core::AlertState::kInactive
                                    ? tr.TrC("state and severity", "{} {}",
                                             digest::AlertStateWord(tr, m.alert->Visible()),
                                             digest::SeverityWord(tr, m.alert->severity))
                                : m.verdict && m.verdict->insufficient_data
                                    ? tr.Tr("too few orders to judge")
                                : m.rule ? tr.TrC("status", "ok")
                                         : "";
      out +=
          fmt::format("  {:<{}} {:>9} {:>10} {:>7}  {:<16} {:<24} {}\n", names[i], name_width,
                      value, of, tr.Tr("{}d", m.value.info.window_days), target, state, headroom);
    }
    for (const auto& g : a.at_risk) {
      if (g.items.empty()) continue;
      out += "  " +
             tr.TrC("label", "{}: {}", digest::AtRiskKind(tr, g.kind, a.account->marketplace),
                    g.items.size()) +
             "\n";
      for (const auto& item : g.items) {
        out += fmt::format(
            "    {:<24} {}{}{}\n", item.id,
            tr.Tr("deadline {}", core::FormatDateTime(tr, item.deadline, a.account->timezone)),
            item.note.empty() ? "" : "  ", item.note);
      }
    }
    AppendPlatformBlock(out, a, tr);
  }
  return out;
}

}  // namespace sellerwatch::app
