#include "app/page_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <tuple>

#include "core/human_format.hpp"
#include "core/local_time.hpp"
#include "core/metric_words.hpp"
#include "core/text.hpp"
#include "digest/digest_format.hpp"
#include "rules/alert_builder.hpp"

namespace sellerwatch::app {
namespace {

bool Active(const store::AlertStateRecord& r) {
  return r.state == core::AlertState::kFiring || r.state == core::AlertState::kPending ||
         r.flapping;
}

PageStatus FromSeverity(core::Severity s) {
  return s == core::Severity::kCritical ? PageStatus::kCritical : PageStatus::kWarning;
}

std::string Value(const MetricStatus& m, const i18n::Translator& tr) {
  return m.value.value ? core::FormatValue(tr, m.value.info.unit, *m.value.value) : "—";
}

std::string Target(const MetricStatus& m, const i18n::Translator& tr) {
  if (!m.rule) return "";
  const auto unit = m.value.info.unit;
  std::string out;
  if (m.rule->warn) out = tr.TrC("target", "warn {}", core::FormatValue(tr, unit, *m.rule->warn));
  if (m.rule->critical) {
    out += (out.empty() ? "" : " · ") +
           tr.TrC("target", "critical {}", core::FormatValue(tr, unit, *m.rule->critical));
  }
  return out;
}

// The value and the level on one scale from 0 (a "below" rate on 0..100 %; otherwise to a
// quarter past the larger of the two, so a breach shows as a bar past the mark).
void Bar(const MetricStatus& m, MetricLine& line) {
  if (!m.value.value || m.value.info.unit == core::MetricUnit::kStatus) return;
  const double v = std::max(0.0, *m.value.value);
  std::optional<double> level;
  if (m.rule) level = m.rule->critical ? m.rule->critical : m.rule->warn;
  const bool below =
      (m.rule ? m.rule->direction : m.value.info.direction) == core::Direction::kBelow;
  double top = below && m.value.info.unit == core::MetricUnit::kRate
                   ? 1.0
                   : std::max(v, level.value_or(0.0)) * 1.25;
  if (top <= 0) top = 1;
  line.fill = std::clamp(v / top, 0.0, 1.0);
  if (level) line.mark = std::clamp(*level / top, 0.0, 1.0);
}

std::string Headroom(const MetricStatus& m, const i18n::Translator& tr) {
  if (!m.headroom) return "";
  if (m.headroom->bad_events_allowed) {
    const std::string bad = digest::EventWords(tr, m.value.info.bad_events);
    if (*m.headroom->bad_events_allowed == 0) return tr.Tr("no more {} allowed", bad);
    return tr.Tr("{} more {} allowed", *m.headroom->bad_events_allowed, bad);
  }
  if (m.headroom->good_events_needed) {
    return tr.Tr("needs {} more {}", *m.headroom->good_events_needed,
                 digest::EventWords(tr, m.value.info.good_events));
  }
  return "";
}

std::string ForecastText(const MetricStatus& m, const i18n::Translator& tr) {
  if (!m.forecast || !m.rule) return "";
  const auto& f = *m.forecast;
  const int within = m.forecast_model.within_days;
  bool breached_critical = m.verdict && m.verdict->breached == core::Severity::kCritical;
  if (f.critical_in_days && !breached_critical) {
    const int days = *f.critical_in_days;
    if (!f.critical_probability) {
      return tr.TrN("critical in ~{0} day at this pace", "critical in ~{0} days at this pace",
                    days);
    }
    return tr.TrN("critical in ~{0} day at this pace ({1} likely within {2} days)",
                  "critical in ~{0} days at this pace ({1} likely within {2} days)", days,
                  core::FormatLikelihood(tr, *f.critical_probability), within);
  }
  if (f.warn_in_days && !(m.verdict && m.verdict->breached)) {
    const int days = *f.warn_in_days;
    if (!f.warn_probability) {
      return tr.TrN("warning level in ~{0} day at this pace",
                    "warning level in ~{0} days at this pace", days);
    }
    return tr.TrN("warning level in ~{0} day at this pace ({1} likely within {2} days)",
                  "warning level in ~{0} days at this pace ({1} likely within {2} days)", days,
                  core::FormatLikelihood(tr, *f.warn_probability), within);
  }
  if (!breached_critical && f.critical_probability && *f.critical_probability >= 0.05) {
    return tr.Tr("critical within {} days: {} likely", within,
                 core::FormatLikelihood(tr, *f.critical_probability));
  }
  return "";
}

MetricLine Line(const MetricStatus& m, const std::string& marketplace, const i18n::Translator& tr) {
  MetricLine line;
  line.code = m.value.info.name;
  auto words = core::WordsFor(tr, m.value.info.name, marketplace);
  line.name = std::move(words.name);
  line.description = std::move(words.description);
  line.value = Value(m, tr);
  line.target = Target(m, tr);
  Bar(m, line);
  line.headroom = Headroom(m, tr);
  line.forecast = ForecastText(m, tr);
  if (!m.rule) {
    line.state = tr.Tr("not watched");
  } else if (m.alert && Active(*m.alert) && m.alert->state != core::AlertState::kPending) {
    line.status = FromSeverity(m.alert->severity);
    line.state = digest::StatusWord(tr, line.status);
    // TRANSLATORS: a metric's state while its alert changes too often: "critical (flapping)".
    if (m.alert->flapping) line.state = tr.Tr("{} (flapping)", line.state);
  } else if (m.verdict && m.verdict->breached) {
    line.status = FromSeverity(*m.verdict->breached);
    line.state = digest::StatusWord(tr, line.status);
    // TRANSLATORS: a metric past its level whose alert waits out its `for`: "warning (pending)".
    if (m.alert && m.alert->state == core::AlertState::kPending) {
      line.state = tr.Tr("{} (pending)", line.state);
    }
  } else if (m.verdict && m.verdict->insufficient_data) {
    line.state = tr.Tr("too few orders to judge");
  } else if (!m.value.value) {
    line.state = tr.Tr("no data yet");
  } else {
    line.status = PageStatus::kOk;
    line.state = digest::StatusWord(tr, PageStatus::kOk);
  }
  return line;
}

// "2 orders must ship", "1 buyer message needs a reply".
std::string AtRiskWhat(std::string_view kind, std::size_t count, const i18n::Translator& tr) {
  const auto n = static_cast<long long>(count);
  if (kind == "ship_deadline_at_risk")
    return tr.TrN("{} order must ship", "{} orders must ship", n);
  if (kind == "reply_deadline_at_risk") {
    return tr.TrN("{} buyer message needs a reply", "{} buyer messages need a reply", n);
  }
  if (kind == "dispute_deadline_at_risk") {
    return tr.TrN("{} dispute needs an answer", "{} disputes need an answer", n);
  }
  return tr.TrN("{} item is due", "{} items are due", n);
}

// How urgent a metric is: breached critical, then warn, then the fewest bad events left, then
// the nearest forecast crossing. Greater is more urgent.
std::tuple<int, long, int> Urgency(const MetricStatus& m, const MetricLine& line) {
  long left = m.headroom && m.headroom->bad_events_allowed ? -*m.headroom->bad_events_allowed
                                                           : std::numeric_limits<long>::min();
  int soon = m.forecast && m.forecast->critical_in_days ? -*m.forecast->critical_in_days
                                                        : std::numeric_limits<int>::min();
  return {static_cast<int>(line.status), left, soon};
}

// "1 more late shipment breaches 4%", "Late shipment rate (10 days) is 5.2%, past the critical
// 4%: needs 40 more orders shipped on time", or empty when the metric has nothing to say.
// "1 more late shipment breaches the critical 4%": English makes the catalogue's plural singular.
std::string BreachClause(const MetricStatus& m, const i18n::Translator& tr) {
  const long next = *m.headroom->bad_events_allowed + 1;
  std::string what = digest::EventWords(tr, m.value.info.bad_events);
  if (tr.IsEnglish() && next == 1 && what.ends_with('s')) what.pop_back();
  return tr.TrN("{0} more {1} breaches the critical {2}", "{0} more {1} breach the critical {2}",
                next, what, core::FormatValue(tr, m.value.info.unit, *m.rule->critical));
}

std::string MetricSentence(const MetricStatus& m, const MetricLine& line,
                           const i18n::Translator& tr) {
  const bool breach_ahead =
      m.rule && m.rule->critical && m.headroom && m.headroom->bad_events_allowed;
  if (line.status == PageStatus::kCritical || line.status == PageStatus::kWarning) {
    const bool critical = line.status == PageStatus::kCritical;
    std::optional<double> level = critical ? m.rule->critical : m.rule->warn;
    std::string s;
    if (!level) {
      s = tr.Tr("{} is {}", line.name, line.value);
    } else {
      const std::string at = core::FormatValue(tr, m.value.info.unit, *level);
      s = critical ? tr.Tr("{} is {}, past the critical {}", line.name, line.value, at)
                   : tr.Tr("{} is {}, past the warning level {}", line.name, line.value, at);
    }
    if (breach_ahead) return s + tr.TrC("clauses", "; ") + BreachClause(m, tr);
    if (!line.headroom.empty()) s = tr.TrC("label", "{}: {}", s, line.headroom);
    return s;
  }
  if (line.status != PageStatus::kOk || !m.rule || !m.rule->critical) return "";
  if (breach_ahead && *m.headroom->bad_events_allowed < 3) {
    // TRANSLATORS: a sentence, then the metric it is about: "2 more late shipments breach the
    // critical 4% (Late shipment rate (10 days))".
    return tr.TrC("about a metric", "{} ({})", BreachClause(m, tr), line.name);
  }
  if (!line.forecast.empty() && m.forecast && m.forecast->critical_in_days) {
    return tr.TrC("label", "{}: {}", line.name, line.forecast);
  }
  return "";
}

std::string UrgentSentence(const AccountStatus& a, const AccountSummary& s, core::Timestamp now,
                           const i18n::Translator& tr) {
  const MetricStatus* worst = nullptr;
  const MetricLine* worst_line = nullptr;
  std::string sentence;
  for (std::size_t i = 0; i < a.metrics.size(); ++i) {
    std::string said = MetricSentence(a.metrics[i], s.metrics[i], tr);
    if (said.empty()) continue;
    if (!worst || Urgency(a.metrics[i], s.metrics[i]) > Urgency(*worst, *worst_line)) {
      worst = &a.metrics[i];
      worst_line = &s.metrics[i];
      sentence = std::move(said);
    }
  }
  std::string due;
  if (!s.at_risk.empty()) {
    const auto& first = s.at_risk.front();
    // TRANSLATORS: "2 orders must ship by 14:00 PST".
    due = tr.Tr("{} by {}", first.what, DeadlineText(first.first_deadline, now, s.timezone, tr));
  }
  if (!sentence.empty()) {
    return due.empty() ? sentence : sentence + " — " + due;
  }
  for (const auto& src : s.sources) {
    if (!src.down) continue;
    std::string since =
        src.last_success
            ? tr.TrC("source", "since {}", DeadlineText(*src.last_success, now, s.timezone, tr))
            : tr.Tr("since start");
    if (src.last_error.empty()) {
      return tr.Tr("Source {} has had no good poll {}: the figures may be out of date", src.name,
                   since);
    }
    return tr.Tr("Source {} has had no good poll {}: the figures may be out of date ({})", src.name,
                 since, src.last_error);
  }
  if (!due.empty()) return due;
  if (s.status == PageStatus::kNoData) return tr.Tr("No figures yet: waiting for the first orders");
  return tr.Tr("Within every limit");
}

// The rank of an account on the overview: worse first.
auto Rank(const AccountSummary& s) {
  std::size_t firing = std::count_if(s.alerts.begin(), s.alerts.end(), [](const AlertLine& l) {
    return l.visible != core::AlertState::kPending;
  });
  core::Timestamp deadline =
      s.at_risk.empty() ? core::Timestamp::max() : s.at_risk.front().first_deadline;
  return std::make_tuple(-static_cast<int>(s.status), -static_cast<long>(firing),
                         -static_cast<int>(s.AnySourceDown()), deadline);
}

bool ContainsIgnoringCase(std::string_view text, std::string_view part) {
  return std::search(text.begin(), text.end(), part.begin(), part.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         }) != text.end();
}

bool Matches(const AccountSummary& s, const OverviewQuery& q) {
  if (!q.marketplace.empty() && s.marketplace != q.marketplace) return false;
  if (!q.label.empty()) {
    auto eq = q.label.find('=');
    std::string key = q.label.substr(0, eq);
    auto it = s.labels.find(key);
    if (it == s.labels.end()) return false;
    if (eq != std::string::npos && it->second != q.label.substr(eq + 1)) return false;
  }
  if (!q.status.empty()) {
    if (q.status == "attention") {
      if (s.status < PageStatus::kWarning && !s.AnySourceDown()) return false;
    } else if (digest::Name(s.status) != q.status) {
      return false;
    }
  }
  return q.search.empty() || ContainsIgnoringCase(s.id, q.search);
}

}  // namespace

bool AccountSummary::AnySourceDown() const {
  return std::any_of(sources.begin(), sources.end(), [](const SourceLine& s) { return s.down; });
}

bool OverviewQuery::Filtered() const {
  return !marketplace.empty() || !label.empty() || !status.empty() || !search.empty();
}

std::string DeadlineText(core::Timestamp deadline, core::Timestamp now, const std::string& zone,
                         const i18n::Translator& tr) {
  const auto* tz = core::FindZone(zone);
  const auto days = (core::LocalDayOf(tz, deadline) - core::LocalDayOf(tz, now)).count();
  if (days == 0) return core::FormatLocal(deadline, zone, "%H:%M %Z");
  if (days > -7 && days < 7) return core::FormatLocal(tr, deadline, zone);
  return digest::LocalDateTime(tr, deadline, zone);
}

AccountSummary Summarize(const AccountStatus& a, const std::vector<SourceSnapshot>& sources,
                         core::Timestamp now, const i18n::Translator& tr) {
  AccountSummary s;
  s.id = a.account->id;
  s.marketplace = a.account->marketplace;
  s.timezone = a.account->timezone;
  s.labels = a.account->labels;
  for (const auto& m : a.metrics) {
    s.metrics.push_back(Line(m, s.marketplace, tr));
    s.status = std::max(s.status, s.metrics.back().status);
  }
  for (const auto& g : a.at_risk) {
    if (g.items.empty()) continue;
    auto first = std::min_element(g.items.begin(), g.items.end(), [](const auto& x, const auto& y) {
      return x.deadline < y.deadline;
    });
    s.at_risk.push_back(
        {g.kind, AtRiskWhat(g.kind, g.items.size(), tr), g.items.size(), first->deadline});
  }
  std::stable_sort(s.at_risk.begin(), s.at_risk.end(), [](const auto& x, const auto& y) {
    return x.first_deadline < y.first_deadline;
  });
  for (const auto& r : a.alerts) {
    if (!Active(r)) continue;
    auto rule = std::find_if(a.account->rules.begin(), a.account->rules.end(),
                             [&](const auto& x) { return x.name == r.rule; });
    std::string title = rule != a.account->rules.end() ? rules::AlertTitle(tr, *a.account, *rule)
                                                       : core::MetaAlertTitle(tr, r.rule);
    s.alerts.push_back({std::move(title), r.severity, digest::AlertStateWord(tr, r.Visible()),
                        r.since, r.Visible()});
    if (r.state == core::AlertState::kFiring)
      s.status = std::max(s.status, FromSeverity(r.severity));
  }
  std::stable_sort(s.alerts.begin(), s.alerts.end(),
                   [](const auto& x, const auto& y) { return x.severity > y.severity; });
  for (const auto& src : sources) {
    if (src.account != s.id) continue;
    s.sources.push_back({src.source, src.down, src.last_success,
                         core::Truncate(core::CleanLine(src.last_error), 160), src.last_error_at});
  }
  if (s.AnySourceDown()) s.status = std::max(s.status, PageStatus::kWarning);
  s.platform = PlatformLinesOf(a);
  for (auto& p : s.platform) {  // the marketplace's strings, or an import's: one clean line
    p.value = core::Truncate(core::CleanLine(p.value), 80);
    p.projected = core::Truncate(core::CleanLine(p.projected), 80);
    // A headline value's label in words; any other is the marketplace's (or an import's) name.
    p.label =
        p.headline ? core::PlatformLabel(tr, p.name) : core::Truncate(core::CleanLine(p.label), 80);
  }
  s.urgent = UrgentSentence(a, s, now, tr);
  return s;
}

std::vector<AccountSummary> SummarizeWorstFirst(const StatusReport& report,
                                                const std::vector<SourceSnapshot>& sources) {
  std::vector<AccountSummary> out;
  out.reserve(report.accounts.size());
  for (const auto& a : report.accounts) {
    out.push_back(Summarize(a, sources, report.generated_at, report.language));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
    auto rx = Rank(x), ry = Rank(y);
    return rx != ry ? rx < ry : x.id < y.id;
  });
  return out;
}

OverviewSelection SelectAccounts(const std::vector<AccountSummary>& worst_first,
                                 const OverviewQuery& query, std::size_t per_page) {
  OverviewSelection sel;
  std::set<std::string> marketplaces, labels;
  std::vector<const AccountSummary*> matched;
  for (const auto& s : worst_first) {
    ++sel.by_status[static_cast<int>(s.status)];
    marketplaces.insert(s.marketplace);
    for (const auto& [k, v] : s.labels) labels.insert(k + "=" + v);
    if (Matches(s, query)) matched.push_back(&s);
  }
  sel.marketplaces.assign(marketplaces.begin(), marketplaces.end());
  sel.labels.assign(labels.begin(), labels.end());
  sel.matched = matched.size();
  per_page = std::max<std::size_t>(per_page, 1);
  sel.pages = std::max<std::size_t>(1, (matched.size() + per_page - 1) / per_page);
  sel.page = std::clamp<std::size_t>(query.page, 1, sel.pages);
  const std::size_t from = (sel.page - 1) * per_page;
  for (std::size_t i = from; i < matched.size() && i < from + per_page; ++i) {
    sel.accounts.push_back(matched[i]);
  }
  return sel;
}

std::string OverviewVerdict(const OverviewSelection& sel, const i18n::Translator& tr) {
  const std::size_t total =
      sel.by_status[0] + sel.by_status[1] + sel.by_status[2] + sel.by_status[3];
  const std::size_t bad = sel.by_status[static_cast<int>(PageStatus::kWarning)] +
                          sel.by_status[static_cast<int>(PageStatus::kCritical)];
  if (total == 0) return tr.Tr("No accounts configured");
  if (bad == 0) {
    return total == 1 ? tr.Tr("The account is within its limits")
                      : tr.Tr("All {} accounts are within their limits", total);
  }
  if (total == 1) return tr.Tr("The account needs attention");
  return tr.Tr("{} of {} accounts need attention", bad, total);
}

}  // namespace sellerwatch::app
