#include "app/digest_input.hpp"

#include <map>

#include "app/status_report.hpp"
#include "core/text.hpp"
#include "metrics/forecast_text.hpp"
#include "metrics/metrics_engine.hpp"
#include "sources/source_factory.hpp"
#include "store/alert_history_store.hpp"
#include "store/cursor_store.hpp"
#include "store/event_store.hpp"
#include "store/metric_history_store.hpp"

namespace sellerwatch::app {
namespace {

// Alert transitions this far back find the start of an episode still open at the week's start.
constexpr core::Duration kAlertLookBack = 60 * core::kDay;

core::Result<digest::MetricInput> MetricInput(store::Db& db, const std::string& account,
                                              const MetricStatus& m, core::Timestamp now,
                                              const i18n::Translator& language) {
  digest::MetricInput in;
  const auto& info = m.value.info;
  in.name = std::string(info.name);
  in.unit = info.unit;
  in.direction = m.rule ? m.rule->direction : info.direction;
  in.window_days = info.window_days;
  in.value = m.value.value;
  in.denominator = m.value.denominator;
  in.bad_events = std::string(info.bad_events);
  in.good_events = std::string(info.good_events);
  if (m.rule) {
    in.warn = m.rule->warn;
    in.critical = m.rule->critical;
  }
  if (m.verdict) {
    in.insufficient_data = m.verdict->insufficient_data;
    in.breached = m.verdict->breached;
  }
  if (m.headroom) {
    in.bad_events_allowed = m.headroom->bad_events_allowed;
    in.good_events_needed = m.headroom->good_events_needed;
  }
  if (m.forecast) {
    in.warn_in_days = m.forecast->warn_in_days;
    in.critical_in_days = m.forecast->critical_in_days;
    in.warn_probability = m.forecast->warn_probability;
    in.critical_probability = m.forecast->critical_probability;
    in.forecast_within_days = m.forecast_model.within_days;
    in.forecast_why = metrics::ExplainForecast(language, *m.forecast, info, in.critical,
                                               in.critical_probability, in.forecast_within_days);
  }
  const auto today = store::MetricHistoryStore::DayOf(now);
  auto history =
      store::MetricHistoryStore(db).Load(account, info.name, today - digest::kChartDays + 1, today);
  if (!history) return history.error();
  for (const auto& p : *history) in.history.push_back({p.day, p.value});
  return in;
}

// Days without a snapshot (a fresh install, imported history) are computed from the stored
// events as of the end of that day, so the charts cover four weeks from the first digest.
void Backfill(const metrics::MetricsEngine& engine, const std::string& account, core::Timestamp now,
              std::vector<digest::MetricInput>& metrics) {
  const auto today = store::MetricHistoryStore::DayOf(now);
  std::map<std::int64_t, std::vector<metrics::MetricValue>> computed;  // by day
  for (auto& m : metrics) {
    std::map<std::int64_t, bool> have;
    for (const auto& h : m.history) have[h.day] = true;
    for (auto day = today - digest::kChartDays + 1; day < today; ++day) {
      if (have.count(day)) continue;
      auto it = computed.find(day);
      if (it == computed.end()) {
        const auto end_of_day = core::FromUnixMillis((day + 1) * 86'400'000 - 1);
        it = computed.emplace(day, engine.Compute(account, end_of_day)).first;
      }
      for (const auto& v : it->second) {
        if (v.info.name == m.name) m.history.push_back({day, v.value});
      }
    }
  }
}

}  // namespace

core::Result<digest::DigestInput> LoadDigestInput(const config::Config& config, store::Db& db,
                                                  core::Timestamp now, const std::string& receiver,
                                                  const std::string& only_account,
                                                  const i18n::Translator& language) {
  auto report = BuildStatusReport(config, db, now, std::nullopt, only_account);
  if (!report) return report.error();
  digest::DigestInput input;
  input.receiver = receiver;
  input.language = language.Language();
  input.timezone = config.digest ? config.digest->timezone : config.daemon.timezone;
  for (const auto& status : report->accounts) {
    const config::AccountConfig& account = *status.account;
    digest::AccountInput a;
    a.id = account.id;
    a.marketplace = account.marketplace;
    for (const auto& m : status.metrics) {
      auto metric = MetricInput(db, account.id, m, now, language);
      if (!metric) return metric.error().Context("digest of " + account.id);
      a.metrics.push_back(std::move(*metric));
    }
    auto events = store::EventStore(db).Load(account.id);
    if (!events) return events.error();
    metrics::MetricsEngine engine([](const std::string&, const std::string&) {
      return std::optional<core::Timestamp>();  // LoadAccount sees every order it needs
    });
    engine.LoadAccount(account.id, *events);
    Backfill(engine, account.id, now, a.metrics);
    auto history = store::AlertHistoryStore(db).Since(account.id, now - kAlertLookBack);
    if (!history) return history.error();
    for (const auto& e : *history)
      a.alert_events.push_back({e.rule, e.metric, e.state, e.severity, e.at});
    for (const auto& r : status.alerts) {
      if (r.state == core::AlertState::kFiring)
        a.active_alerts.push_back({r.rule, r.severity, r.since});
    }
    for (const auto& group : status.at_risk) {
      for (const auto& item : group.items)
        a.at_risk.push_back({group.kind, item.id, item.deadline, item.note});
    }
    for (const auto& e : *events) {
      const auto* f = std::get_if<core::Feedback>(&e);
      if (!f || !f->negative()) continue;
      a.feedback.push_back({f->id, f->order_id, f->rating, f->received_at, f->comment});
    }
    for (const auto& source : account.sources) {
      auto at = store::CursorStore(db).UpdatedAt(sources::SourceId(account, source));
      if (!at) return at.error();
      a.sources.push_back({source.name, *at, source.stale_after});
    }
    for (const auto& p : status.platform) a.platform.push_back({p.id, p.value, p.reported_at});
    input.accounts.push_back(std::move(a));
  }
  return input;
}

}  // namespace sellerwatch::app
