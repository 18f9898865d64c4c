#include "rules/alert_builder.hpp"

#include <fmt/format.h>

#include <cmath>
#include <functional>

#include "core/human_format.hpp"
#include "core/metric_words.hpp"
#include "core/platform_display.hpp"
#include "metrics/forecast_text.hpp"
#include "metrics/headroom.hpp"
#include "rules/kind_verdicts.hpp"
#include "rules/threshold_verdict.hpp"

namespace sellerwatch::rules {
namespace {

// What the sentences of one alert are written from, in one language.
struct Context {
  const i18n::Translator& tr;
  const config::AccountConfig& account;
  const config::EffectiveRule& rule;
  const store::AlertStateRecord& record;

  bool Resolved() const { return record.state == core::AlertState::kResolved; }
  const std::string& Id() const { return account.id; }
};

// A word of the metric catalogue (a noun, a hint) in the language; an empty one stays empty
// (the empty message id is the catalogue's header).
std::string Word(const i18n::Translator& tr, std::string_view msgid) {
  return msgid.empty() ? std::string() : tr.Tr(msgid);
}

// The metric's name; a value the marketplace reports by its label, which the catalogue of
// metric words leaves in English.
std::string MetricName(const i18n::Translator& tr, std::string_view metric,
                       std::string_view marketplace) {
  if (metric.starts_with("platform.")) return core::PlatformName(tr, metric);
  return core::DisplayName(tr, metric, marketplace);
}

std::string ValueText(const i18n::Translator& tr, const metrics::MetricValue& mv) {
  // TRANSLATORS: an alert's value when there is none yet (no orders in the window).
  return mv.value ? core::FormatValue(tr, mv.info.unit, *mv.value) : tr.Tr("n/a");
}

// "a, b, c": ids or reported values in a row.
std::string JoinList(const i18n::Translator& tr, const std::vector<std::string>& values) {
  std::string out;
  for (const auto& v : values) {
    // TRANSLATORS: joins the items of a list (order ids, reported values): "a, b".
    out = out.empty() ? v : tr.TrC("list", "{}, {}", out, v);
  }
  return out;
}

// "warn 0.75%, critical 1%" from levels already written; empty without either.
std::string Levels(const i18n::Translator& tr, const std::optional<std::string>& warn,
                   const std::optional<std::string>& critical) {
  if (warn && critical) return tr.Tr("warn {}, critical {}", *warn, *critical);
  if (warn) return tr.Tr("warn {}", *warn);
  if (critical) return tr.Tr("critical {}", *critical);
  return {};
}

std::string ThresholdText(const i18n::Translator& tr, std::optional<double> warn,
                          std::optional<double> critical, core::MetricUnit unit) {
  auto level = [&](std::optional<double> v) -> std::optional<std::string> {
    if (!v) return std::nullopt;
    return core::FormatValue(tr, unit, *v);
  };
  return Levels(tr, level(warn), level(critical));
}

// The reported values (AT_RISK, DEACTIVATED) that raise a status alert, and how high.
std::string StatusLevels(const i18n::Translator& tr, const config::EffectiveRule& rule) {
  const std::string warn = JoinList(tr, rule.warn_values);
  const std::string critical = JoinList(tr, rule.critical_values);
  if (!warn.empty() && !critical.empty()) {
    // TRANSLATORS: {0} and {1} are values as a marketplace reports them (AT_RISK, DEACTIVATED).
    return tr.Tr("warn on {}; critical on {}", warn, critical);
  }
  if (!warn.empty()) return tr.Tr("warn on {}", warn);
  if (!critical.empty()) return tr.Tr("critical on {}", critical);
  return {};
}

std::string HeadroomText(const i18n::Translator& tr, const config::EffectiveRule& rule,
                         const metrics::MetricValue& mv) {
  if (mv.info.unit != core::MetricUnit::kRate || !mv.numerator || !rule.critical) return {};
  auto h = metrics::ComputeHeadroom(rule.direction, *mv.numerator, mv.denominator, *rule.critical,
                                    rule.allowance);
  if (!h) return {};
  std::string limit = core::FormatPercent(tr, *rule.critical);
  if (h->bad_events_allowed) {
    long allowed = *h->bad_events_allowed;
    if (allowed == 0) {
      // TRANSLATORS: {0} one bad event ("late shipment"), {1} the critical level ("4%").
      return tr.Tr("the next {} breaches the critical {}", Word(tr, mv.info.bad_event), limit);
    }
    // TRANSLATORS: {0} a number (2 or more), {1} bad events ("late shipments"), {2} the level.
    return tr.Tr("{} more {} breach the critical {}", allowed + 1, Word(tr, mv.info.bad_events),
                 limit);
  }
  long needed = *h->good_events_needed;
  // TRANSLATORS: {0} the critical level, {1} a number, {2} good events ("defect-free orders").
  return tr.Tr("critical {} breached: {} more {} needed to recover", limit, needed,
               Word(tr, needed == 1 ? mv.info.good_event : mv.info.good_events));
}

// The words every kind shares: title, description, value, window and what to do.
core::Labels CommonWords(const Context& c, const metrics::MetricValue& mv) {
  const i18n::Translator& tr = c.tr;
  core::Labels w;
  w["title"] = AlertTitle(tr, c.account, c.rule);
  w["description"] = core::WordsFor(tr, c.rule.metric, c.account.marketplace).description;
  w["value"] = ValueText(tr, mv);
  if (mv.info.window_days) w["window"] = tr.TrN("{} day", "{} days", mv.info.window_days);
  w["hint"] = Word(tr, mv.info.hint);
  return w;
}

// Flapping replaces the summary: the value flips too often to be worth a message each time.
std::optional<std::string> FlappingSummary(const Context& c, const std::string& title) {
  if (!c.record.flapping) return std::nullopt;
  const std::string window = core::FormatDuration(c.tr, c.rule.flap_window);
  return c.tr.TrN(
      "{1}: {2} changed state {0} time within {3}; further changes are held back until it has "
      "been steady for {3}",
      "{1}: {2} changed state {0} times within {3}; further changes are held back until it has "
      "been steady for {3}",
      static_cast<long long>(c.record.transitions.size()), c.Id(), title, window);
}

std::string ThresholdSummary(const Context& c, const metrics::MetricValue& mv,
                             const std::string& title, const std::string& value) {
  const i18n::Translator& tr = c.tr;
  const core::MetricUnit unit = mv.info.unit;
  std::string shown = value;
  if (unit == core::MetricUnit::kRate && mv.numerator) {
    // TRANSLATORS: a rate with the counts it is made of: "1% (3 of 300)".
    shown = tr.TrC("sample", "{} ({} of {})", value, std::llround(*mv.numerator),
                   std::llround(mv.denominator));
  }
  if (c.Resolved()) {
    auto clear = ClearLevel(c.rule, unit);
    if (!clear) return tr.Tr("{}: {} is back to {}", c.Id(), title, shown);
    return tr.Tr("{}: {} is back to {}, past the clear level {}", c.Id(), title, shown,
                 core::FormatValue(tr, unit, *clear));
  }
  const bool critical = c.record.severity == core::Severity::kCritical;
  std::optional<double> limit = critical ? c.rule.critical : c.rule.warn;
  if (!limit) return tr.Tr("{}: {} is {}", c.Id(), title, shown);
  const std::string level = core::FormatValue(tr, unit, *limit);
  if (c.rule.direction == core::Direction::kAbove) {
    return critical ? tr.Tr("{}: {} is {}, at or above the critical limit {}", c.Id(), title, shown,
                            level)
                    : tr.Tr("{}: {} is {}, at or above the warning limit {}", c.Id(), title, shown,
                            level);
  }
  return critical ? tr.Tr("{}: {} is {}, below the critical limit {}", c.Id(), title, shown, level)
                  : tr.Tr("{}: {} is {}, below the warning limit {}", c.Id(), title, shown, level);
}

core::Labels ThresholdWords(const Context& c, const metrics::MetricValue& mv) {
  core::Labels w = CommonWords(c, mv);
  w["threshold"] = ThresholdText(c.tr, c.rule.warn, c.rule.critical, mv.info.unit);
  if (auto h = HeadroomText(c.tr, c.rule, mv); !h.empty()) w["headroom"] = h;
  auto flapping = FlappingSummary(c, w["title"]);
  w["summary"] = flapping ? *flapping : ThresholdSummary(c, mv, w["title"], w["value"]);
  return w;
}

std::string TrendSummary(const Context& c, const RuleEvaluation& ev) {
  const i18n::Translator& tr = c.tr;
  const TrendInput& t = *ev.trend;
  double periods =
      static_cast<double>(c.rule.baseline.count()) / static_cast<double>(t.period.count());
  double average = periods > 0 ? t.baseline_total / periods : 0;
  const std::string name = MetricName(tr, c.rule.metric, c.account.marketplace);
  const long long current = std::llround(t.current);
  const std::string period = core::FormatDuration(tr, t.period);
  if (c.Resolved()) {
    return tr.Tr("{}: {}: {} in the last {}, back to normal", c.Id(), name, current, period);
  }
  const std::string before = core::FormatDuration(tr, c.rule.baseline);
  if (average <= 0) {
    return tr.Tr("{}: {}: {} in the last {}, none in the {} before", c.Id(), name, current, period,
                 before);
  }
  // TRANSLATORS: a trend: {2} events in the last {3} (a period), {4} times the average {5} per
  // {3} over the {6} before: "shop: Negative feedback received: 9 in the last 7 days, 3.0x the
  // average of 3.0 per 7 days over the 28 days before".
  return tr.Tr("{0}: {1}: {2} in the last {3}, {4}x the average of {5} per {3} over the {6} before",
               c.Id(), name, current, period, tr.Number(t.current / average, 1),
               tr.Number(average, 1), before);
}

std::string ForecastSummary(const Context& c, const RuleEvaluation& ev) {
  const i18n::Translator& tr = c.tr;
  const metrics::MetricValue& mv = ev.value;
  const std::string name = MetricName(tr, c.rule.metric, c.account.marketplace);
  const std::string now = ValueText(tr, mv);
  const std::string within = core::FormatDuration(tr, c.rule.within);
  if (c.Resolved() || !ev.forecast) {
    return tr.Tr("{}: {} is {}; no longer heading for its limit within {}", c.Id(), name, now,
                 within);
  }
  bool critical = c.record.severity == core::Severity::kCritical;
  std::optional<int> days = critical ? ev.forecast->critical_in_days : ev.forecast->warn_in_days;
  std::optional<double> level = critical ? ev.critical : ev.warn;
  std::optional<double> chance =
      critical ? ev.forecast->critical_probability : ev.forecast->warn_probability;
  // TRANSLATORS: where a forecast leads when it has no level to name.
  const std::string target =
      level ? core::FormatValue(tr, mv.info.unit, *level) : tr.Tr("its limit");
  // "late shipments reach 4 %" for a rate of bad events; "it falls to 95 %" for a good one.
  std::string out =
      mv.info.direction == core::Direction::kAbove
          // TRANSLATORS: {0} days, {3} bad events ("late shipments"), {4} the level ("4%").
          ? tr.TrN("{1}: {2}: at this pace {3} reach {4} in about {0} day",
                   "{1}: {2}: at this pace {3} reach {4} in about {0} days", days.value_or(0),
                   c.Id(), name, Word(tr, mv.info.bad_events), target)
          : tr.TrN("{1}: {2}: at this pace it falls to {3} in about {0} day",
                   "{1}: {2}: at this pace it falls to {3} in about {0} days", days.value_or(0),
                   c.Id(), name, target);
  if (chance) {
    // TRANSLATORS: continues a forecast: "…, 85% likely within 7 days".
    out = tr.Tr("{}, {} likely within {}", out, core::FormatLikelihood(tr, *chance), within);
  }
  // TRANSLATORS: continues a forecast with the value now: "… (now 2.7%)".
  out = tr.Tr("{} (now {})", out, now);
  if (!ev.items.empty()) {
    out = tr.TrN("{1}; ship these {0} order first, the first before {2}",
                 "{1}; ship these {0} orders first, the first before {2}",
                 static_cast<long long>(ev.items.size()), out,
                 core::FormatLocal(tr, ev.items.front().deadline, c.account.timezone));
  }
  return out;
}

std::string AtRiskSummary(const Context& c, const RuleEvaluation& ev) {
  const i18n::Translator& tr = c.tr;
  const auto n = static_cast<long long>(ev.items.size());
  const bool ship = c.rule.metric == "ship_deadline_at_risk";
  const bool dispute = c.rule.metric == "dispute_deadline_at_risk";
  if (c.Resolved() || n == 0) {
    if (ship) return tr.Tr("{}: no orders close to their ship-by time any more", c.Id());
    if (dispute) return tr.Tr("{}: no disputes close to their response deadline any more", c.Id());
    return tr.Tr("{}: no messages close to 24 h any more", c.Id());
  }
  std::string first = core::FormatLocal(tr, ev.items.front().deadline, c.account.timezone);
  if (ship) {
    return tr.TrN("{1}: {0} order must ship before {2}", "{1}: {0} orders must ship before {2}", n,
                  c.Id(), first);
  }
  if (dispute) {
    return tr.TrN("{1}: {0} dispute must be answered before {2}, or it is lost by default",
                  "{1}: {0} disputes must be answered before {2}, or they are lost by default", n,
                  c.Id(), first);
  }
  return tr.TrN("{1}: {0} buyer message must be answered before {2}",
                "{1}: {0} buyer messages must be answered before {2}", n, c.Id(), first);
}

// "111-222 (Mon 18:00 PST), 111-333 (...), +4 more": the ids a seller acts on.
std::string ItemList(const i18n::Translator& tr, const config::AccountConfig& account,
                     const std::vector<metrics::AtRiskItem>& items) {
  constexpr std::size_t kShown = 10;
  std::vector<std::string> shown;
  for (std::size_t i = 0; i < items.size() && i < kShown; ++i) {
    const metrics::AtRiskItem& item = items[i];
    std::string due = core::FormatLocal(tr, item.deadline, account.timezone);
    // TRANSLATORS: an order (or message) id with its deadline, and a dispute's reason (as the
    // marketplace words it) before the deadline: "111-222 (item not received, Mon 18:00 PST)".
    shown.push_back(item.note.empty() ? tr.TrC("item", "{} ({})", item.id, due)
                                      : tr.TrC("item", "{} ({}, {})", item.id, item.note, due));
  }
  std::string out = JoinList(tr, shown);
  if (items.size() > kShown) out = tr.Tr("{}, +{} more", out, items.size() - kShown);
  return out;
}

core::Labels KindWords(const Context& c, const RuleEvaluation& ev) {
  const i18n::Translator& tr = c.tr;
  const config::EffectiveRule& rule = c.rule;
  core::Labels w = CommonWords(c, ev.value);
  const core::MetricUnit unit = ev.value.info.unit;
  w["threshold"] = ThresholdText(tr, rule.warn, rule.critical, unit);
  if (rule.kind == config::RuleKind::kForecast) {
    w["threshold"] = ThresholdText(tr, ev.warn, ev.critical, unit);
    if (ev.forecast) {
      const bool critical = c.record.severity == core::Severity::kCritical || !ev.warn;
      if (!ev.items.empty()) w["items"] = ItemList(tr, c.account, ev.items);
      w["forecast"] = metrics::ExplainForecast(
          tr, *ev.forecast, ev.value.info, critical ? ev.critical : ev.warn,
          critical ? ev.forecast->critical_probability : ev.forecast->warn_probability,
          ForecastModelOf(rule).within_days);
    }
  }
  if (rule.kind == config::RuleKind::kTrend && ev.trend) {
    auto times = [&](std::optional<double> v) -> std::optional<std::string> {
      if (!v) return std::nullopt;
      // TRANSLATORS: a multiple of an average: "3x".
      return tr.Tr("{}x", tr.Decimal(*v, 3));
    };
    // TRANSLATORS: a trend rule's levels: "warn 2x, critical 3x the average per 7 days, at least
    // 3" (the count must also reach that number).
    w["threshold"] = tr.Tr("{} the average per {}, at least {}",
                           Levels(tr, times(rule.warn), times(rule.critical)),
                           core::FormatDuration(tr, ev.trend->period), rule.min_count);
  }
  if (rule.kind == config::RuleKind::kAtRisk) {
    // TRANSLATORS: an at-risk rule's levels: "warn 1, critical 5 items due within 12 hours".
    w["threshold"] = tr.Tr("{} items due within {}",
                           ThresholdText(tr, rule.warn, rule.critical, core::MetricUnit::kCount),
                           core::FormatDuration(tr, rule.lead));
    w.erase("window");
    w["items"] = ItemList(tr, c.account, ev.items);
  }
  if (rule.kind == config::RuleKind::kStatusChange) {
    // The value as the marketplace reports it ("AT_RISK"): its own word, not translated.
    w["value"] = ev.status ? *ev.status : tr.Tr("n/a");
    w["threshold"] = StatusLevels(tr, rule);
  }
  if (auto flapping = FlappingSummary(c, w["title"])) {
    w["summary"] = *flapping;
    return w;
  }
  switch (rule.kind) {
    case config::RuleKind::kStatusChange:
      w["summary"] = c.Resolved() ? tr.Tr("{}: {} is {} again", c.Id(), w["title"], w["value"])
                                  : tr.Tr("{}: {} is now {}, reported by the marketplace", c.Id(),
                                          w["title"], w["value"]);
      break;
    case config::RuleKind::kTrend:
      if (ev.trend) w["summary"] = TrendSummary(c, ev);
      break;
    case config::RuleKind::kForecast:
      w["summary"] = ForecastSummary(c, ev);
      break;
    case config::RuleKind::kAtRisk:
      w["summary"] = AtRiskSummary(c, ev);
      break;
    default:
      break;
  }
  return w;
}

// The alert with its labels, state and times, its words in English as `annotations` and in
// every other language of `languages` as `localized` (empty words left to English).
core::Alert Assemble(const config::AccountConfig& account, const config::EffectiveRule& rule,
                     const store::AlertStateRecord& record,
                     std::span<const i18n::Translator> languages,
                     const std::function<core::Labels(const Context&)>& words) {
  core::Alert a;
  a.labels = account.labels;
  a.labels["account"] = account.id;
  a.labels["marketplace"] = account.marketplace;
  a.labels["rule"] = rule.name;
  a.labels["metric"] = rule.metric;
  a.labels["severity"] = std::string(core::Name(record.severity));
  const i18n::Translator english;
  a.annotations = words(Context{english, account, rule, record});
  for (const i18n::Translator& tr : languages) {
    if (tr.IsEnglish()) continue;
    core::Labels& out = a.localized[tr.Language()];
    for (auto& [key, text] : words(Context{tr, account, rule, record}))
      if (!text.empty()) out[key] = std::move(text);
  }
  a.state = record.Visible();
  a.severity = record.severity;
  a.starts_at = record.active_since.value_or(record.since);
  if (a.state == core::AlertState::kResolved) a.ends_at = record.since;
  return a;
}

// The value as numbers for machines (Alertmanager templates, webhooks): never translated.
void AddNumbers(core::Alert& a, const metrics::MetricValue& mv) {
  if (mv.value) a.annotations["value_raw"] = fmt::format("{}", *mv.value);
  if (mv.numerator) a.annotations["numerator"] = fmt::format("{}", std::llround(*mv.numerator));
  a.annotations["denominator"] = fmt::format("{}", std::llround(mv.denominator));
}

}  // namespace

std::string AlertTitle(const i18n::Translator& tr, const config::AccountConfig& account,
                       const config::EffectiveRule& rule) {
  std::string name = MetricName(tr, rule.metric, account.marketplace);
  switch (rule.kind) {
    case config::RuleKind::kForecast:
      // TRANSLATORS: the title of a forecast alert: "Late shipment rate (10 days), forecast".
      return tr.Tr("{}, forecast", name);
    case config::RuleKind::kTrend:
      // TRANSLATORS: the title of a trend alert: "Negative feedback received (7 days), trend".
      return tr.Tr("{}, trend", name);
    default:
      return name;
  }
}

std::string AlertTitle(const config::AccountConfig& account, const config::EffectiveRule& rule) {
  return AlertTitle(i18n::Translator(), account, rule);
}

core::Alert BuildAlert(const config::AccountConfig& account, const config::EffectiveRule& rule,
                       const metrics::MetricValue& mv, const store::AlertStateRecord& record,
                       std::span<const i18n::Translator> languages) {
  core::Alert a = Assemble(account, rule, record, languages,
                           [&mv](const Context& c) { return ThresholdWords(c, mv); });
  AddNumbers(a, mv);
  return a;
}

core::Alert BuildAlert(const config::AccountConfig& account, const RuleEvaluation& ev,
                       const store::AlertStateRecord& record,
                       std::span<const i18n::Translator> languages) {
  const config::EffectiveRule& rule = *ev.rule;
  if (rule.kind == config::RuleKind::kThreshold) {
    return BuildAlert(account, rule, ev.value, record, languages);
  }
  core::Alert a = Assemble(account, rule, record, languages,
                           [&ev](const Context& c) { return KindWords(c, ev); });
  if (rule.kind != config::RuleKind::kStatusChange) AddNumbers(a, ev.value);
  return a;
}

}  // namespace sellerwatch::rules
