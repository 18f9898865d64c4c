#include "app/explanation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "app/redaction.hpp"
#include "config/did_you_mean.hpp"
#include "core/local_time.hpp"
#include "core/value_format.hpp"
#include "notify/alert_identity.hpp"
#include "notify/quiet_hours.hpp"
#include "notify/router.hpp"
#include "rules/alert_builder.hpp"
#include "rules/threshold_verdict.hpp"

namespace sellerwatch::app {
namespace {

using core::AlertState;

std::string When(core::Timestamp t, const std::string& zone) {
  return core::FormatLocal(t, zone, "%Y-%m-%d %H:%M %Z");
}

std::string Level(const RuleFacts& r, double v) { return core::FormatValue(r.unit, v); }

RuleFacts RuleFactsOf(const config::EffectiveRule& rule, const ExplainInput& in) {
  RuleFacts f;
  f.name = rule.name;
  f.metric = rule.metric;
  f.kind = rule.kind;
  f.direction = rule.direction;
  f.warn = rule.warn;
  f.critical = rule.critical;
  if (auto info = core::FindMetric(rule.metric)) {
    f.unit = info->unit;
    f.window_days = info->window_days;
  }
  if (in.evaluation) {
    f.unit = in.evaluation->value.info.unit;
    f.window_days = in.evaluation->value.info.window_days;
    // Forecast rules may inherit their levels from the metric's threshold rule.
    if (rule.kind == config::RuleKind::kForecast) {
      f.warn = in.evaluation->warn;
      f.critical = in.evaluation->critical;
    }
  }
  if (rule.kind == config::RuleKind::kThreshold) f.clear = rules::ClearLevel(rule, f.unit);
  f.for_ = rule.for_;
  f.clear_for = rule.clear_for;
  f.min_sample = rule.min_sample;
  f.allowance = rule.allowance;
  f.flap_max = rule.flap_max;
  f.flap_window = rule.flap_window;
  return f;
}

// "critical: 4.6% ≥ 4%" when the value crosses a level now; "critical, now 3.5%" when the
// stored severity is no longer crossed; just the severity without a value to compare.
std::string Comparison(const RuleFacts& r, const ValueFacts& v, core::Severity stored) {
  if (!v.value || r.kind != config::RuleKind::kThreshold) return std::string(core::Name(stored));
  if (v.verdict.breached) {
    core::Severity now = *v.verdict.breached;
    std::optional<double> level = now == core::Severity::kCritical ? r.critical : r.warn;
    const char* op = r.direction == core::Direction::kAbove ? "≥" : "<";
    if (level) {
      return fmt::format("{}: {} {} {}", core::Name(now), Level(r, *v.value), op, Level(r, *level));
    }
  }
  return fmt::format("{}, now {}", core::Name(stored), Level(r, *v.value));
}

// Why an alert that is not firing is not: no value, too few orders, on the good side.
std::string WhyNotFiring(const RuleFacts& r, const ValueFacts& v) {
  if (!v.evaluated) return "the daemon does not evaluate this rule on this metric";
  if (v.verdict.insufficient_data) {
    if (!v.value) return "no value yet (nothing in the window)";
    return fmt::format("too few orders to judge: {:.0f} in the window, min_sample is {}",
                       v.denominator, r.min_sample);
  }
  if (v.verdict.breached) return "";
  if (r.kind != config::RuleKind::kThreshold) return "its condition does not hold";
  std::optional<double> lowest = r.warn ? r.warn : r.critical;
  if (!v.value || !lowest) return "its condition does not hold";
  if (r.direction == core::Direction::kAbove && r.allowance > 0 && v.numerator &&
      *v.numerator <= r.allowance) {
    return fmt::format("{:.0f} bad events, within the allowance of {}", *v.numerator, r.allowance);
  }
  return fmt::format("{} is {} the {} level {}", Level(r, *v.value),
                     r.direction == core::Direction::kAbove ? "below" : "above",
                     r.warn ? "warn" : "critical", Level(r, *lowest));
}

std::string Reason(const Explanation& e) {
  const StateFacts& s = e.state;
  const RuleFacts& r = e.rule;
  const std::string& tz = e.timezone;
  std::string out;
  if (s.flapping) {
    out = fmt::format(
        "flapping: {} changes within {} (flap_max {}); notices are held back until it is steady",
        s.changes_in_flap_window, core::FormatDuration(r.flap_window), r.flap_max);
    if (s.settles_at) out += fmt::format(", at {} at the earliest", When(*s.settles_at, tz));
    return out;
  }
  switch (s.underlying) {
    case AlertState::kPending: {
      out = fmt::format("pending since {}, {}", When(s.active_since.value_or(s.since), tz),
                        Comparison(r, e.value, s.severity));
      if (s.fires_at) {
        out += fmt::format("; fires at {} unless it recovers (for: {})", When(*s.fires_at, tz),
                           core::FormatDuration(r.for_));
      }
      return out;
    }
    case AlertState::kFiring: {
      core::Timestamp started = s.active_since.value_or(s.since);
      auto minutes = std::chrono::floor<std::chrono::minutes>(e.generated_at - started);
      out = fmt::format("firing since {} ({}), {}", When(started, tz),
                        minutes.count() > 0 ? core::FormatDuration(minutes) : "under a minute",
                        Comparison(r, e.value, s.severity));
      if (s.resolves_at) {
        out += fmt::format("; back past the clear level since {}, resolves at {} (clear_for: {})",
                           When(*s.clear_since, tz), When(*s.resolves_at, tz),
                           core::FormatDuration(r.clear_for));
      } else if (r.clear && e.value.value && !e.value.verdict.breached && !e.value.verdict.clear) {
        out += fmt::format("; stays firing until back past the clear level {} (hysteresis)",
                           Level(r, *r.clear));
      }
      return out;
    }
    case AlertState::kResolved:
      out = fmt::format("resolved at {}", When(s.since, tz));
      break;
    case AlertState::kInactive:
    case AlertState::kFlapping:
      out = s.stored ? "inactive" : "inactive: never fired";
      break;
  }
  if (std::string why = WhyNotFiring(r, e.value); !why.empty())
    out += ": " + why;
  else if (e.value.verdict.breached)
    out += ": breached now, the next evaluation judges it";
  return out;
}

StateFacts StateFactsOf(const ExplainInput& in, const store::AlertStateRecord& record,
                        core::Timestamp now) {
  const config::EffectiveRule& rule = *in.rule;
  StateFacts s;
  s.stored = in.record.has_value();
  s.state = record.Visible();
  s.underlying = record.state;
  s.severity = record.severity;
  s.since = record.since;
  s.active_since = record.active_since;
  if (record.state == AlertState::kPending) {
    s.fires_at = record.active_since.value_or(record.since) + rule.for_;
  }
  if (record.state == AlertState::kFiring && record.clear_since) {
    s.clear_since = record.clear_since;
    s.resolves_at = *record.clear_since + rule.clear_for;
  }
  s.flapping = record.flapping;
  s.changes_in_flap_window = static_cast<std::size_t>(
      std::count_if(record.transitions.begin(), record.transitions.end(),
                    [&](core::Timestamp t) { return t > now - rule.flap_window; }));
  if (record.flapping && !record.transitions.empty()) {
    s.settles_at = record.transitions.back() + rule.flap_window;
  }
  if (in.evaluation) {
    rules::Step step =
        rules::Advance(record, in.evaluation->verdict, rule, in.evaluation->value.value, now);
    s.next_state = step.next.Visible();
    s.next_transition = step.transition;
  }
  return s;
}

const notify::GroupState* FindGroup(const std::vector<notify::GroupState>& groups,
                                    const std::string& key) {
  auto it = std::find_if(groups.begin(), groups.end(),
                         [&](const notify::GroupState& g) { return g.key == key; });
  return it == groups.end() ? nullptr : &*it;
}

TargetFacts TargetFactsOf(const ExplainInput& in, const notify::RouteTarget& target,
                          const core::Alert& alert, const notify::MuteContext& mute,
                          core::Timestamp now) {
  const config::RouteConfig& route = in.config->routes[target.route_index];
  TargetFacts t;
  t.route_index = target.route_index;
  t.receiver = target.receiver;
  if (const auto* receiver = in.config->FindReceiver(target.receiver)) {
    t.receiver_type = receiver->type;
    t.send_resolved = receiver->send_resolved;
    t.fallback = receiver->fallback;
  }
  t.mute = notify::Mute(alert, route, mute, now);
  if (route.quiet_hours) {
    t.has_quiet_hours = true;
    t.quiet_timezone = route.quiet_hours->timezone;
    t.quiet_excepted = !notify::AppliesTo(*route.quiet_hours, alert.severity);
    t.quiet_until = notify::QuietUntil(route.quiet_hours, alert.severity, now);
    t.next_quiet_start = notify::NextQuietStart(*route.quiet_hours, now);
  }
  t.group_labels = notify::GroupLabels(alert.labels, route.group_by);
  t.group_key = notify::GroupKey(target.route_index, target.receiver, t.group_labels);
  if (const notify::GroupState* g = FindGroup(in.groups, t.group_key)) {
    const std::string id = notify::AlertIdentity(alert);
    t.group_open = true;
    t.member = g->members.count(id) > 0;
    t.group_members = g->members.size();
    t.group_next_due = notify::NextDue(*g);
    t.group_last_sent_at = g->last_sent_at;
    if (auto it = g->last_notified.find(id); it != g->last_notified.end()) {
      t.last_notified = it->second;
    }
    t.held_at_last_flush = g->held.count(id) > 0;
  }
  return t;
}

std::vector<LegFacts> LegFactsOf(const ExplainInput& in, const std::string& identity,
                                 const std::vector<std::string>& secrets) {
  std::vector<LegFacts> out;
  for (const auto& leg : in.legs) {
    const auto& alerts = leg.notification.alerts;
    auto it = std::find_if(alerts.begin(), alerts.end(), [&](const core::Alert& a) {
      return notify::AlertIdentity(a) == identity;
    });
    if (it == alerts.end()) continue;
    LegFacts f;
    f.id = leg.id;
    f.key = leg.key;
    f.receiver = leg.receiver;
    f.status = leg.status;
    f.attempts = leg.attempts;
    f.last_error = RedactText(leg.last_error, secrets);
    f.created_at = leg.created_at;
    f.next_attempt_at = leg.next_attempt_at;
    f.finished_at = leg.finished_at;
    f.fallback_of = leg.fallback_of;
    f.alert_state = it->state;
    f.alert_severity = it->severity;
    f.alerts_in_notification = alerts.size();
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(),
            [](const LegFacts& a, const LegFacts& b) { return a.id > b.id; });
  return out;
}

store::AlertStateRecord RecordOf(const ExplainInput& in, core::Timestamp now) {
  return in.record.value_or(store::AlertStateRecord::Inactive(in.account->id, in.rule->name, now));
}

// The alert as the notifier sees it: the daemon's own builder gives its labels and summary.
core::Alert AlertOf(const ExplainInput& in, const store::AlertStateRecord& record) {
  rules::RuleEvaluation evaluation;
  if (in.evaluation) {
    evaluation = *in.evaluation;
  } else {
    evaluation.rule = in.rule;
    if (auto info = core::FindMetric(in.rule->metric)) evaluation.value.info = *info;
  }
  return rules::BuildAlert(*in.account, evaluation, record);
}

// "odr, cancellation_rate and 3 more": a short list for an error message.
std::string Listed(const std::vector<std::string>& names) {
  if (names.empty()) return "none";
  constexpr std::size_t kShown = 40;
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < kShown; ++i) out += (i ? ", " : "") + names[i];
  if (names.size() > kShown) out += fmt::format(" and {} more", names.size() - kShown);
  return out;
}

}  // namespace

core::Result<AlertRef> FindAlertRef(const config::Config& config, const std::string& account,
                                    const std::string& rule) {
  const config::AccountConfig* a = config.FindAccount(account);
  if (!a) {
    std::vector<std::string> ids;
    for (const auto& acc : config.accounts) ids.push_back(acc.id);
    std::string hint = config::DidYouMean(account, ids);
    return core::Error::Data(fmt::format("no account '{}' in {}{}{}", account, config.path, hint,
                                         hint.empty() ? "; accounts: " + Listed(ids) : ""));
  }
  std::vector<std::string> names;
  for (const auto& r : a->rules) {
    if (r.name == rule) return AlertRef{a, &r};
    names.push_back(r.name);
  }
  std::string hint = config::DidYouMean(rule, names);
  return core::Error::Data(fmt::format("account '{}' has no rule '{}'{}; its rules: {}", account,
                                       rule, hint, Listed(names)));
}

std::vector<std::string> AlertGroupKeys(const ExplainInput& in, core::Timestamp now) {
  core::Alert alert = AlertOf(in, RecordOf(in, now));
  std::vector<std::string> keys;
  for (const auto& t : notify::RouteTargets(alert.labels, in.config->routes)) {
    const auto& route = in.config->routes[t.route_index];
    keys.push_back(notify::GroupKey(t.route_index, t.receiver,
                                    notify::GroupLabels(alert.labels, route.group_by)));
  }
  return keys;
}

Explanation BuildExplanation(const ExplainInput& in, core::Timestamp now) {
  const config::AccountConfig& account = *in.account;
  const config::EffectiveRule& rule = *in.rule;
  const std::vector<std::string> secrets = ConfigSecrets(*in.config);
  Explanation e;
  e.generated_at = now;
  e.account = account.id;
  e.marketplace = account.marketplace;
  e.timezone = account.timezone;
  e.rule = RuleFactsOf(rule, in);

  store::AlertStateRecord record = RecordOf(in, now);
  core::Alert alert = AlertOf(in, record);
  e.labels = alert.labels;

  ValueFacts& v = e.value;
  v.evaluated = in.evaluation.has_value();
  if (in.evaluation) {
    v.value = in.evaluation->value.value;
    v.numerator = in.evaluation->value.numerator;
    v.denominator = in.evaluation->value.denominator;
    v.status = in.evaluation->status;
    v.verdict = in.evaluation->verdict;
    // The summary speaks of a fired alert; an inactive one would read as a breach.
    if (record.state != AlertState::kInactive) v.summary = alert.Annotation("summary");
  }
  e.state = StateFactsOf(in, record, now);
  e.state.reason = Reason(e);

  // Mute: the silences that match (the Mute stage names the longest-lasting one), and
  // inhibition, judged the way the grouper judges them at a flush.
  notify::MuteVerdict silenced = notify::Silenced(alert, in.silences, now);
  for (const auto& s : in.silences) {
    if (!notify::IsActive(s, now) || !notify::Matches(s, alert.labels)) continue;
    e.silences.push_back({s.id, s.matchers, s.starts_at, s.ends_at, s.created_by,
                          RedactText(s.comment, secrets), s.id == silenced.by});
  }
  const config::RouteConfig no_quiet_hours;
  notify::MuteVerdict inhibited =
      notify::Mute(alert, no_quiet_hours, notify::MuteContext{{}, in.firing}, now);
  if (inhibited.kind == notify::MuteKind::kInhibited) e.inhibited_by = inhibited.by;

  notify::MuteContext mute{in.silences, in.firing};
  for (const auto& target : notify::RouteTargets(alert.labels, in.config->routes)) {
    e.targets.push_back(TargetFactsOf(in, target, alert, mute, now));
  }
  e.legs = LegFactsOf(in, notify::AlertIdentity(alert), secrets);
  return e;
}

}  // namespace sellerwatch::app
