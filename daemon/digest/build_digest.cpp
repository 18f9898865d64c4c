#include <algorithm>
#include <map>

#include "core/human_format.hpp"
#include "core/text.hpp"
#include "digest/digest_format.hpp"
#include "digest/digest_model.hpp"

namespace sellerwatch::digest {
namespace {

constexpr core::Duration kWeek = 7 * core::kDay;

std::int64_t DayOf(core::Timestamp t) {
  auto ms = core::ToUnixMillis(t);
  auto day_ms = core::ToUnixMillis(core::Timestamp(core::kDay));
  return ms >= 0 ? ms / day_ms : (ms - day_ms + 1) / day_ms;
}

Status MetricStatus(const MetricInput& m) {
  if (m.breached) {
    return *m.breached == core::Severity::kCritical ? Status::kCritical : Status::kWarning;
  }
  if (!m.value || m.insufficient_data) return Status::kNoData;
  return Status::kOk;
}

MetricRow BuildMetricRow(const MetricInput& m, std::int64_t today, const i18n::Translator& tr) {
  MetricRow row;
  row.name = m.name;
  row.unit = m.unit;
  row.direction = m.direction;
  row.now = m.value;
  row.warn = m.warn;
  row.critical = m.critical;
  row.status = MetricStatus(m);
  std::map<std::int64_t, std::optional<double>> by_day;
  for (const auto& h : m.history) by_day[h.day] = h.value;
  row.daily.assign(kChartDays, std::nullopt);
  for (int i = 0; i < kChartDays; ++i) {
    auto it = by_day.find(today - (kChartDays - 1) + i);
    if (it != by_day.end()) row.daily[static_cast<std::size_t>(i)] = it->second;
  }
  if (m.value) row.daily.back() = m.value;
  if (auto it = by_day.find(today - 7); it != by_day.end()) row.week_ago = it->second;
  if (row.now && row.week_ago) row.change = *row.now - *row.week_ago;
  row.outlook = Outlook(m, tr);
  return row;
}

// The week's alert episodes per rule, from the recorded transitions and the alerts firing now.
std::vector<AlertRow> BuildAlertRows(const AccountInput& a, core::Timestamp week_start,
                                     core::Timestamp now) {
  std::vector<AlertEventInput> events = a.alert_events;
  std::stable_sort(events.begin(), events.end(),
                   [](const auto& x, const auto& y) { return x.at < y.at; });
  std::map<std::string, AlertRow> open;  // by rule
  std::vector<AlertRow> rows;
  auto close = [&](AlertRow row, core::Timestamp end) {
    if (end < week_start) return;
    row.resolved_at = end;
    rows.push_back(std::move(row));
  };
  for (const auto& e : events) {
    if (e.at > now) continue;
    auto it = open.find(e.rule);
    if (e.state == core::AlertState::kFiring) {
      if (it == open.end()) {
        AlertRow row;
        row.rule = e.rule;
        row.metric = e.metric;
        row.severity = e.severity;
        row.fired_at = e.at;
        open.emplace(e.rule, std::move(row));
      } else {
        it->second.severity = std::max(it->second.severity, e.severity);
      }
    } else if (e.state == core::AlertState::kResolved && it != open.end()) {
      close(std::move(it->second), e.at);
      open.erase(it);
    }
  }
  for (const auto& active : a.active_alerts) {
    if (open.count(active.rule)) continue;
    AlertRow row;  // fired before anything was recorded
    row.rule = active.rule;
    row.severity = active.severity;
    row.fired_at = active.since;
    open.emplace(active.rule, std::move(row));
  }
  for (auto& [rule, row] : open) rows.push_back(std::move(row));
  for (auto& row : rows) {
    if (row.fired_at && *row.fired_at < week_start) row.fired_at.reset();
    core::Timestamp from = row.fired_at.value_or(week_start);
    row.time_in_alert = std::max(core::Duration(0), row.resolved_at.value_or(now) - from);
  }
  std::stable_sort(rows.begin(), rows.end(), [&](const AlertRow& x, const AlertRow& y) {
    bool xo = !x.resolved_at, yo = !y.resolved_at;
    if (xo != yo) return xo;  // still firing first
    if (x.severity != y.severity) return x.severity > y.severity;
    return x.fired_at.value_or(week_start) > y.fired_at.value_or(week_start);
  });
  return rows;
}

}  // namespace

AccountDigest BuildAccount(const AccountInput& a, core::Timestamp now, const Span& span,
                           const i18n::Translator& tr) {
  const core::Timestamp week_start = now - span.period;
  AccountDigest out;
  out.id = a.id;
  out.marketplace = a.marketplace;
  const std::int64_t today = DayOf(now);
  for (const auto& m : a.metrics) {
    out.metrics.push_back(BuildMetricRow(m, today, tr));
    out.status = std::max(out.status, out.metrics.back().status);
  }
  out.alerts = BuildAlertRows(a, week_start, now);
  for (const auto& row : out.alerts) {
    if (row.resolved_at) continue;
    Status s = row.severity == core::Severity::kCritical ? Status::kCritical : Status::kWarning;
    out.status = std::max(out.status, s);
  }
  std::vector<AtRiskInput> at_risk = a.at_risk;
  std::stable_sort(at_risk.begin(), at_risk.end(),
                   [](const auto& x, const auto& y) { return x.deadline < y.deadline; });
  out.at_risk_count = at_risk.size();
  if (at_risk.size() > span.max_at_risk) at_risk.resize(span.max_at_risk);
  for (auto& item : at_risk) {
    item.id = core::Truncate(core::CleanLine(item.id), 60);
    item.note = core::Truncate(core::CleanLine(item.note), 80);
  }
  out.at_risk = std::move(at_risk);

  std::vector<const FeedbackInput*> negative;
  for (const auto& f : a.feedback) {
    if (f.rating <= 2 && f.received_at >= week_start && f.received_at <= now) {
      negative.push_back(&f);
    }
  }
  std::stable_sort(negative.begin(), negative.end(),
                   [](const auto* x, const auto* y) { return x->received_at > y->received_at; });
  out.negative_feedback_count = negative.size();
  for (const auto* f : negative) {
    if (out.feedback.size() == span.max_feedback) break;
    out.feedback.push_back({f->rating, f->received_at,
                            core::Truncate(core::CleanLine(f->order_id), 40),
                            core::Truncate(core::CleanLine(f->comment), kCommentLength)});
  }
  for (const auto& s : a.sources) {
    bool stale = s.stale_after > core::Duration(0) &&
                 (!s.last_update || now - *s.last_update > s.stale_after);
    out.sources.push_back({s.name, s.last_update, stale});
  }
  auto clean = [&](std::string_view s) { return core::Truncate(core::CleanLine(s), 80); };
  for (auto& line : core::PlatformLines(a.platform)) {
    out.platform.push_back({clean(line.label), clean(line.value), clean(line.projected),
                            line.reported_at, line.headline, line.name});
  }
  return out;
}

namespace {

int Count(const AccountDigest& a, Status s) {
  return static_cast<int>(std::count_if(a.metrics.begin(), a.metrics.end(),
                                        [s](const MetricRow& m) { return m.status == s; }));
}

}  // namespace

std::string_view Name(Status s) {
  switch (s) {
    case Status::kNoData:
      return "no data";
    case Status::kOk:
      return "ok";
    case Status::kWarning:
      return "warning";
    case Status::kCritical:
      return "critical";
  }
  return "?";
}

bool AccountDigest::NeedsAttention() const {
  return status >= Status::kWarning ||
         std::any_of(sources.begin(), sources.end(), [](const SourceRow& s) { return s.stale; });
}

std::string Outlook(const MetricInput& m, const i18n::Translator& tr) {
  std::vector<std::string> parts;
  auto level = [&](double v) { return core::FormatValue(tr, m.unit, v); };
  const Status status = MetricStatus(m);
  // "at this pace it reaches 1% in ~4 days (85% likely within 7 days)".
  auto reaches = [&](bool critical, int days, const std::optional<double>& p, double to) {
    if (p) {
      std::string chance = tr.TrN("{1} likely within {0} day", "{1} likely within {0} days",
                                  m.forecast_within_days, core::FormatLikelihood(tr, *p));
      return critical ? tr.TrN("at this pace it reaches the critical {1} in ~{0} day ({2})",
                               "at this pace it reaches the critical {1} in ~{0} days ({2})", days,
                               level(to), chance)
                      : tr.TrN("at this pace it reaches {1} in ~{0} day ({2})",
                               "at this pace it reaches {1} in ~{0} days ({2})", days, level(to),
                               chance);
    }
    return critical
               ? tr.TrN("at this pace it reaches the critical {1} in ~{0} day",
                        "at this pace it reaches the critical {1} in ~{0} days", days, level(to))
               : tr.TrN("at this pace it reaches {1} in ~{0} day",
                        "at this pace it reaches {1} in ~{0} days", days, level(to));
  };
  const std::size_t before = parts.size();
  if (status == Status::kOk && m.warn && m.warn_in_days) {
    parts.push_back(reaches(false, *m.warn_in_days, m.warn_probability, *m.warn));
  } else if (status != Status::kCritical && m.critical && m.critical_in_days) {
    parts.push_back(reaches(true, *m.critical_in_days, m.critical_probability, *m.critical));
  }
  if (parts.size() > before && !m.forecast_why.empty()) {
    // TRANSLATORS: the forecast's explanation follows.
    parts.push_back(tr.Tr("why: {}", m.forecast_why));
  }
  const std::string bad = EventWords(tr, m.bad_events);
  if (m.critical && m.good_events_needed && *m.good_events_needed > 0) {
    // TRANSLATORS: "40 more orders shipped on time needed to get back past the critical 1%".
    parts.push_back(tr.Tr("{} more {} needed to get back past the critical {}",
                          *m.good_events_needed, EventWords(tr, m.good_events),
                          level(*m.critical)));
  } else if (m.critical && m.bad_events_allowed && status != Status::kNoData) {
    parts.push_back(
        *m.bad_events_allowed == 0
            // TRANSLATORS: "one more of the late shipments breaches the critical 4%".
            ? tr.Tr("one more of the {} breaches the critical {}", bad, level(*m.critical))
            // TRANSLATORS: "3 more late shipments breach the critical 4%".
            : tr.Tr("{} more {} breach the critical {}", *m.bad_events_allowed + 1, bad,
                    level(*m.critical)));
  }
  std::string out;
  // TRANSLATORS: between two clauses of one sentence.
  const std::string separator = tr.TrC("clauses", "; ");
  for (const auto& p : parts) out += (out.empty() ? "" : separator) + p;
  return out;
}

std::string Verdict(const std::vector<AccountDigest>& accounts, const i18n::Translator& tr) {
  const long long n = std::count_if(accounts.begin(), accounts.end(),
                                    [](const AccountDigest& a) { return a.NeedsAttention(); });
  if (accounts.empty()) return tr.Tr("no accounts to report");
  if (n == 0) {
    return accounts.size() == 1 ? tr.Tr("the account is within its limits")
                                : tr.Tr("all {} accounts are within their limits", accounts.size());
  }
  if (accounts.size() == 1) return tr.Tr("the account needs attention");
  return tr.TrN("{0} of {1} accounts needs attention", "{0} of {1} accounts need attention", n,
                accounts.size());
}

Digest BuildDigest(const DigestInput& input, core::Timestamp now, const i18n::Translator& tr) {
  Digest d;
  d.language = tr;
  d.receiver = input.receiver;
  d.timezone = input.timezone.empty() ? "UTC" : input.timezone;
  d.now = now;
  d.week_start = now - kWeek;
  const bool explained = input.language == tr.Language();
  for (const auto& a : input.accounts) {
    if (explained) {
      d.accounts.push_back(BuildAccount(a, now, {}, tr));
      continue;
    }
    AccountInput without = a;  // explanations in another language are left out, not mixed in
    for (auto& m : without.metrics) m.forecast_why.clear();
    d.accounts.push_back(BuildAccount(without, now, {}, tr));
  }
  std::stable_sort(d.accounts.begin(), d.accounts.end(),
                   [](const AccountDigest& x, const AccountDigest& y) {
                     if (x.NeedsAttention() != y.NeedsAttention()) return x.NeedsAttention();
                     if (x.status != y.status) return x.status > y.status;
                     int xc = Count(x, Status::kCritical), yc = Count(y, Status::kCritical);
                     if (xc != yc) return xc > yc;
                     int xw = Count(x, Status::kWarning), yw = Count(y, Status::kWarning);
                     if (xw != yw) return xw > yw;
                     if (x.at_risk_count != y.at_risk_count)
                       return x.at_risk_count > y.at_risk_count;
                     return x.id < y.id;
                   });
  d.verdict = Verdict(d.accounts, tr);
  return d;
}

}  // namespace sellerwatch::digest
