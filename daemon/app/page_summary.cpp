#include "app/page_summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <tuple>

#include "core/local_time.hpp"
#include "core/metric_words.hpp"
#include "core/text.hpp"
#include "core/value_format.hpp"
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

std::string Value(const MetricStatus& m) {
  return m.value.value ? core::FormatValue(m.value.info.unit, *m.value.value) : "—";
}

std::string Target(const MetricStatus& m) {
  if (!m.rule) return "";
  const auto unit = m.value.info.unit;
  std::string out;
  if (m.rule->warn) out = "warn " + core::FormatValue(unit, *m.rule->warn);
  if (m.rule->critical) {
    out +=
        (out.empty() ? "critical " : " · critical ") + core::FormatValue(unit, *m.rule->critical);
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

std::string Headroom(const MetricStatus& m) {
  if (!m.headroom) return "";
  if (m.headroom->bad_events_allowed) {
    if (*m.headroom->bad_events_allowed == 0) {
      return fmt::format("no more {} allowed", m.value.info.bad_events);
    }
    return fmt::format("{} more {} allowed", *m.headroom->bad_events_allowed,
                       m.value.info.bad_events);
  }
  if (m.headroom->good_events_needed) {
    return fmt::format("needs {} more {}", *m.headroom->good_events_needed,
                       m.value.info.good_events);
  }
  return "";
}

std::string ForecastText(const MetricStatus& m) {
  if (!m.forecast || !m.rule) return "";
  const auto& f = *m.forecast;
  const int within = m.forecast_model.within_days;
  auto likely = [&](const std::optional<double>& p) {
    return p ? fmt::format(" ({} likely within {} days)", core::FormatLikelihood(*p), within)
             : std::string();
  };
  bool breached_critical = m.verdict && m.verdict->breached == core::Severity::kCritical;
  if (f.critical_in_days && !breached_critical) {
    return fmt::format("critical in ~{} days at this pace{}", *f.critical_in_days,
                       likely(f.critical_probability));
  }
  if (f.warn_in_days && !(m.verdict && m.verdict->breached)) {
    return fmt::format("warning level in ~{} days at this pace{}", *f.warn_in_days,
                       likely(f.warn_probability));
  }
  if (!breached_critical && f.critical_probability && *f.critical_probability >= 0.05) {
    return fmt::format("critical within {} days: {} likely", within,
                       core::FormatLikelihood(*f.critical_probability));
  }
  return "";
}

MetricLine Line(const MetricStatus& m, const std::string& marketplace) {
  MetricLine line;
  line.code = m.value.info.name;
  auto words = core::WordsFor(m.value.info.name, marketplace);
  line.name = std::move(words.name);
  line.description = std::move(words.description);
  line.value = Value(m);
  line.target = Target(m);
  Bar(m, line);
  line.headroom = Headroom(m);
  line.forecast = ForecastText(m);
  if (!m.rule) {
    line.state = "not watched";
  } else if (m.alert && Active(*m.alert) && m.alert->state != core::AlertState::kPending) {
    line.status = FromSeverity(m.alert->severity);
    line.state =
        std::string(core::Name(line.status == PageStatus::kCritical ? core::Severity::kCritical
                                                                    : core::Severity::kWarning));
    if (m.alert->flapping) line.state += " (flapping)";
  } else if (m.verdict && m.verdict->breached) {
    line.status = FromSeverity(*m.verdict->breached);
    line.state = std::string(core::Name(*m.verdict->breached));
    if (m.alert && m.alert->state == core::AlertState::kPending) line.state += " (pending)";
  } else if (m.verdict && m.verdict->insufficient_data) {
    line.state = "too few orders to judge";
  } else if (!m.value.value) {
    line.state = "no data yet";
  } else {
    line.status = PageStatus::kOk;
    line.state = "ok";
  }
  return line;
}

std::string_view AtRiskWhat(std::string_view kind, std::size_t n) {
  if (kind == "ship_deadline_at_risk") return n == 1 ? "order must ship" : "orders must ship";
  if (kind == "reply_deadline_at_risk") {
    return n == 1 ? "buyer message needs a reply" : "buyer messages need a reply";
  }
  if (kind == "dispute_deadline_at_risk") {
    return n == 1 ? "dispute needs an answer" : "disputes need an answer";
  }
  return n == 1 ? "item is due" : "items are due";
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
// "1 more late shipment breaches the critical 4%": the catalogue keeps the word in the plural.
std::string BreachClause(const MetricStatus& m) {
  const long next = *m.headroom->bad_events_allowed + 1;
  std::string what(m.value.info.bad_events);
  if (next == 1 && what.ends_with('s')) what.pop_back();
  return fmt::format("{} more {} {} the critical {}", next, what, next == 1 ? "breaches" : "breach",
                     core::FormatValue(m.value.info.unit, *m.rule->critical));
}

std::string MetricSentence(const MetricStatus& m, const MetricLine& line) {
  const bool breach_ahead =
      m.rule && m.rule->critical && m.headroom && m.headroom->bad_events_allowed;
  if (line.status == PageStatus::kCritical || line.status == PageStatus::kWarning) {
    const bool critical = line.status == PageStatus::kCritical;
    std::optional<double> level = critical ? m.rule->critical : m.rule->warn;
    std::string s = fmt::format("{} is {}", line.name, line.value);
    if (level) {
      s += fmt::format(", past the {} {}", critical ? "critical" : "warning level",
                       core::FormatValue(m.value.info.unit, *level));
    }
    if (breach_ahead) return s + "; " + BreachClause(m);
    if (!line.headroom.empty()) s += ": " + line.headroom;
    return s;
  }
  if (line.status != PageStatus::kOk || !m.rule || !m.rule->critical) return "";
  if (breach_ahead && *m.headroom->bad_events_allowed < 3) {
    return BreachClause(m) + " (" + line.name + ")";
  }
  if (!line.forecast.empty() && m.forecast && m.forecast->critical_in_days) {
    return fmt::format("{}: {}", line.name, line.forecast);
  }
  return "";
}

std::string UrgentSentence(const AccountStatus& a, const AccountSummary& s, core::Timestamp now) {
  const MetricStatus* worst = nullptr;
  const MetricLine* worst_line = nullptr;
  std::string sentence;
  for (std::size_t i = 0; i < a.metrics.size(); ++i) {
    std::string said = MetricSentence(a.metrics[i], s.metrics[i]);
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
    due = fmt::format("{} {} by {}", first.count, first.what,
                      DeadlineText(first.first_deadline, now, s.timezone));
  }
  if (!sentence.empty()) return due.empty() ? sentence : sentence + " — " + due;
  for (const auto& src : s.sources) {
    if (!src.down) continue;
    std::string since = src.last_success
                            ? "since " + DeadlineText(*src.last_success, now, s.timezone)
                            : "since start";
    return fmt::format("Source {} has had no good poll {}: the figures may be out of date{}",
                       src.name, since, src.last_error.empty() ? "" : " (" + src.last_error + ")");
  }
  if (!due.empty()) return due;
  if (s.status == PageStatus::kNoData) return "No figures yet: waiting for the first orders";
  return "Within every limit";
}

// The rank of an account on the overview: worse first.
auto Rank(const AccountSummary& s) {
  std::size_t firing = std::count_if(s.alerts.begin(), s.alerts.end(),
                                     [](const AlertLine& l) { return l.state != "pending"; });
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

std::string DeadlineText(core::Timestamp deadline, core::Timestamp now, const std::string& zone) {
  const auto* tz = core::FindZone(zone);
  const auto days = (core::LocalDayOf(tz, deadline) - core::LocalDayOf(tz, now)).count();
  if (days == 0) return core::FormatLocal(deadline, zone, "%H:%M %Z");
  if (days > -7 && days < 7) return core::FormatLocal(deadline, zone, "%a %H:%M %Z");
  return core::FormatLocal(deadline, zone, "%d %b %H:%M %Z");
}

AccountSummary Summarize(const AccountStatus& a, const std::vector<SourceSnapshot>& sources,
                         core::Timestamp now) {
  AccountSummary s;
  s.id = a.account->id;
  s.marketplace = a.account->marketplace;
  s.timezone = a.account->timezone;
  s.labels = a.account->labels;
  for (const auto& m : a.metrics) {
    s.metrics.push_back(Line(m, s.marketplace));
    s.status = std::max(s.status, s.metrics.back().status);
  }
  for (const auto& g : a.at_risk) {
    if (g.items.empty()) continue;
    auto first = std::min_element(g.items.begin(), g.items.end(), [](const auto& x, const auto& y) {
      return x.deadline < y.deadline;
    });
    s.at_risk.push_back(
        {g.kind, std::string(AtRiskWhat(g.kind, g.items.size())), g.items.size(), first->deadline});
  }
  std::stable_sort(s.at_risk.begin(), s.at_risk.end(), [](const auto& x, const auto& y) {
    return x.first_deadline < y.first_deadline;
  });
  for (const auto& r : a.alerts) {
    if (!Active(r)) continue;
    auto rule = std::find_if(a.account->rules.begin(), a.account->rules.end(),
                             [&](const auto& x) { return x.name == r.rule; });
    std::string title = rule != a.account->rules.end() ? rules::AlertTitle(*a.account, *rule)
                                                       : std::string(core::MetaAlertTitle(r.rule));
    s.alerts.push_back(
        {std::move(title), r.severity, std::string(core::Name(r.Visible())), r.since});
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
  }
  s.urgent = UrgentSentence(a, s, now);
  return s;
}

std::vector<AccountSummary> SummarizeWorstFirst(const StatusReport& report,
                                                const std::vector<SourceSnapshot>& sources) {
  std::vector<AccountSummary> out;
  out.reserve(report.accounts.size());
  for (const auto& a : report.accounts) out.push_back(Summarize(a, sources, report.generated_at));
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

std::string OverviewVerdict(const OverviewSelection& sel) {
  const std::size_t total =
      sel.by_status[0] + sel.by_status[1] + sel.by_status[2] + sel.by_status[3];
  const std::size_t bad = sel.by_status[static_cast<int>(PageStatus::kWarning)] +
                          sel.by_status[static_cast<int>(PageStatus::kCritical)];
  if (total == 0) return "No accounts configured";
  if (bad == 0) {
    return total == 1 ? "The account is within its limits"
                      : fmt::format("All {} accounts are within their limits", total);
  }
  if (total == 1) return "The account needs attention";
  return fmt::format("{} of {} accounts need attention", bad, total);
}

}  // namespace sellerwatch::app
