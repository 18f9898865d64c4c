#include "app/prometheus_exposition.hpp"

#include <fmt/format.h>

#include <cmath>
#include <initializer_list>
#include <utility>

#include "core/platform_display.hpp"

namespace sellerwatch::app {
namespace {

using Labels = std::initializer_list<std::pair<std::string_view, std::string_view>>;

// Writes families one at a time: HELP and TYPE first, then its samples.
class Writer {
 public:
  void Family(std::string_view name, std::string_view type, std::string_view help) {
    name_ = name;
    out_ += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, EscapeHelp(help), name, type);
  }

  void Sample(Labels labels, double value) {
    out_ += name_;
    if (labels.size() > 0) {
      out_ += '{';
      bool first = true;
      for (const auto& [k, v] : labels) {
        if (!first) out_ += ',';
        first = false;
        out_ += fmt::format("{}=\"{}\"", k, EscapeLabelValue(v));
      }
      out_ += '}';
    }
    out_ += ' ';
    out_ += FormatSampleValue(value);
    out_ += '\n';
  }

  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
  std::string name_;
};

// Backslash and newline always; double quotes inside label values.
std::string Escape(std::string_view text, bool quotes) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '"' && quotes) {
      out += "\\\"";
    } else {
      out += c;
    }
  }
  return out;
}

double Seconds(core::Timestamp t) { return static_cast<double>(core::ToUnixMillis(t)) / 1000.0; }

// Alert states as numbers, so a panel can plot them over time.
double AlertStateValue(core::AlertState s) {
  switch (s) {
    case core::AlertState::kInactive:
    case core::AlertState::kResolved:
      return 0;
    case core::AlertState::kPending:
      return 1;
    case core::AlertState::kFiring:
      return 2;
    case core::AlertState::kFlapping:
      return 3;
  }
  return 0;
}

// What the marketplace itself reports, the latest value of each name only: one series per
// account and name, so a status that changes replaces its series instead of adding one.
void PlatformFamilies(Writer& w, const StatusReport& report) {
  auto each = [&report](auto&& visit) {
    for (const auto& a : report.accounts) {
      for (const auto& p : a.platform) visit(*a.account, p);
    }
  };
  w.Family("sellerwatch_platform_value", "gauge",
           "A numeric value the marketplace reports about the account (AHR score, policy "
           "violation counts, its own rates as ratios 0..1), the latest one.");
  each([&](const config::AccountConfig& a, const core::PlatformValue& p) {
    if (auto number = core::PlatformNumber(p.value)) {
      w.Sample({{"account", a.id}, {"marketplace", a.marketplace}, {"name", p.id}}, *number);
    }
  });
  w.Family("sellerwatch_platform_status", "gauge",
           "A status the marketplace reports about the account (account status, standards "
           "level, ...) as the label value, the latest one; always 1.");
  each([&](const config::AccountConfig& a, const core::PlatformValue& p) {
    if (!core::PlatformNumber(p.value)) {
      w.Sample(
          {{"account", a.id}, {"marketplace", a.marketplace}, {"name", p.id}, {"value", p.value}},
          1);
    }
  });
  w.Family("sellerwatch_platform_reported_timestamp_seconds", "gauge",
           "Unix time the marketplace reported the latest value of the name.");
  each([&](const config::AccountConfig& a, const core::PlatformValue& p) {
    w.Sample({{"account", a.id}, {"marketplace", a.marketplace}, {"name", p.id}},
             Seconds(p.reported_at));
  });
}

void AccountFamilies(Writer& w, const StatusReport& report) {
  // Each family walks every account's metrics; `each` visits (account id, metric status).
  auto each = [&report](auto&& visit) {
    for (const auto& a : report.accounts) {
      for (const auto& m : a.metrics) visit(std::string_view(a.account->id), m);
    }
  };
  w.Family("sellerwatch_account_metric", "gauge",
           "Value of an account metric over its window: a ratio 0..1 for rates, seconds for "
           "durations, a number for counts. Absent while the window is empty.");
  each([&](std::string_view account, const MetricStatus& m) {
    if (m.value.value)
      w.Sample({{"account", account}, {"metric", m.value.info.name}}, *m.value.value);
  });
  w.Family("sellerwatch_account_metric_numerator", "gauge",
           "Bad (for 'above' rates) or good (for 'below' rates) events counted in the window.");
  each([&](std::string_view account, const MetricStatus& m) {
    if (m.value.numerator) {
      w.Sample({{"account", account}, {"metric", m.value.info.name}}, *m.value.numerator);
    }
  });
  w.Family("sellerwatch_account_metric_denominator", "gauge",
           "Events the metric is taken over in the window (orders, messages, ...).");
  each([&](std::string_view account, const MetricStatus& m) {
    w.Sample({{"account", account}, {"metric", m.value.info.name}}, m.value.denominator);
  });
  w.Family("sellerwatch_account_metric_threshold", "gauge",
           "Warn and critical levels of the metric's threshold rule, in the metric's unit.");
  each([&](std::string_view account, const MetricStatus& m) {
    if (!m.rule) return;
    for (auto [severity, level] :
         {std::pair{"warning", m.rule->warn}, std::pair{"critical", m.rule->critical}}) {
      if (level) {
        w.Sample({{"account", account}, {"metric", m.value.info.name}, {"severity", severity}},
                 *level);
      }
    }
  });
  w.Family("sellerwatch_account_metric_headroom_events", "gauge",
           "More bad events the window takes before the critical threshold is breached (0: the "
           "next one breaches). Absent once breached.");
  each([&](std::string_view account, const MetricStatus& m) {
    if (m.headroom && m.headroom->bad_events_allowed) {
      w.Sample({{"account", account}, {"metric", m.value.info.name}},
               static_cast<double>(*m.headroom->bad_events_allowed));
    }
  });
  w.Family("sellerwatch_account_metric_recovery_events", "gauge",
           "Good events needed to get back under the critical threshold. Absent when not "
           "breached.");
  each([&](std::string_view account, const MetricStatus& m) {
    if (m.headroom && m.headroom->good_events_needed) {
      w.Sample({{"account", account}, {"metric", m.value.info.name}},
               static_cast<double>(*m.headroom->good_events_needed));
    }
  });
  w.Family("sellerwatch_account_metric_forecast_seconds", "gauge",
           "Time until the forecast reaches the warn or critical level at the current trend, in "
           "whole days (86400 s steps). Absent when it does not within the 14-day horizon.");
  each([&](std::string_view account, const MetricStatus& m) {
    if (!m.forecast) return;
    for (auto [severity, days] : {std::pair{"warning", m.forecast->warn_in_days},
                                  std::pair{"critical", m.forecast->critical_in_days}}) {
      if (days) {
        w.Sample({{"account", account}, {"metric", m.value.info.name}, {"severity", severity}},
                 *days * 86400.0);
      }
    }
  });
  w.Family("sellerwatch_account_at_risk_items", "gauge",
           "Items at risk now: orders due to ship soon, messages about to miss the reply SLA.");
  for (const auto& a : report.accounts) {
    for (const auto& g : a.at_risk) {
      w.Sample({{"account", a.account->id}, {"kind", g.kind}}, static_cast<double>(g.items.size()));
    }
  }
  PlatformFamilies(w, report);
  w.Family("sellerwatch_alert_state", "gauge",
           "State of each alert that is not inactive: 0 resolved, 1 pending, 2 firing, "
           "3 flapping.");
  for (const auto& a : report.accounts) {
    for (const auto& r : a.alerts) {
      w.Sample({{"account", a.account->id}, {"rule", r.rule}, {"severity", core::Name(r.severity)}},
               AlertStateValue(r.Visible()));
    }
  }
}

void OwnFamilies(Writer& w, const RuntimeSnapshot& self) {
  w.Family("sellerwatch_build_info", "gauge", "sellerwatch's version, as a label; always 1.");
  w.Sample({{"version", self.version}}, 1);
  w.Family("sellerwatch_shard_info", "gauge",
           "The slice of the accounts this instance owns (--shard I/N: hashmod of the account id "
           "over N equals I); 0/1 owns every account. Always 1.");
  const std::string shard = std::to_string(self.shard.index);
  const std::string shards = std::to_string(self.shard.count);
  w.Sample({{"shard", shard}, {"shards", shards}}, 1);
  w.Family("sellerwatch_ready", "gauge",
           "1 when /readyz answers 200: the store answers and takes writes, and no source is "
           "down.");
  w.Sample({}, NotReadyReasons(self).empty() ? 1 : 0);
  w.Family("sellerwatch_store_writable", "gauge",
           "0 while the store refuses writes for want of disk space (disk full).");
  w.Sample({}, self.store_unwritable ? 0 : 1);
  w.Family("sellerwatch_store_write_refusals_total", "counter",
           "Writes the store refused for want of disk space, since start.");
  w.Sample({}, static_cast<double>(self.store_write_refusals));

  auto per_source = [&](std::string_view name, std::string_view type, std::string_view help,
                        auto&& value) {
    w.Family(name, type, help);
    for (const auto& s : self.sources) {
      if (auto v = value(s)) w.Sample({{"account", s.account}, {"source", s.source}}, *v);
    }
  };
  per_source("sellerwatch_source_polls_total", "counter", "Polls of the source since start.",
             [](const SourceSnapshot& s) { return std::optional<double>(s.polls); });
  per_source("sellerwatch_source_poll_errors_total", "counter",
             "Polls of the source that failed, since start.",
             [](const SourceSnapshot& s) { return std::optional<double>(s.failures); });
  per_source("sellerwatch_source_last_success_timestamp_seconds", "gauge",
             "Unix time of the source's last successful poll. Absent before the first one.",
             [](const SourceSnapshot& s) {
               return s.last_success ? std::optional(Seconds(*s.last_success)) : std::nullopt;
             });
  per_source("sellerwatch_source_up", "gauge", "0 while the source is down (failing or stale).",
             [](const SourceSnapshot& s) { return std::optional<double>(s.down ? 0 : 1); });

  auto counter = [&](std::string_view name, std::string_view help, std::uint64_t value) {
    w.Family(name, "counter", help);
    w.Sample({}, static_cast<double>(value));
  };
  counter("sellerwatch_evaluations_total", "Evaluations of every account's rules since start.",
          self.counters.evaluations);
  counter("sellerwatch_notifications_sent_total",
          "Notification legs (one notification to one receiver) delivered since start.",
          self.delivery.delivered);
  counter("sellerwatch_notifications_failed_total",
          "Notification legs given up for good (permanent error or retry horizon) since start.",
          self.delivery.failed);
  counter("sellerwatch_notification_retries_total",
          "Delivery attempts that failed and were scheduled again, since start.",
          self.delivery.retried);
  w.Family("sellerwatch_alertmanager_posts_total", "counter",
           "POSTs to each peer of an alertmanager receiver (notifications and re-sends) since "
           "start, by result: ok (2xx) or error. The URL is shown without credentials.");
  for (const auto& [key, counts] : self.delivery.peer_posts) {
    const auto& [receiver, url] = key;
    w.Sample({{"receiver", receiver}, {"url", url}, {"result", "ok"}},
             static_cast<double>(counts.ok));
    w.Sample({{"receiver", receiver}, {"url", url}, {"result", "error"}},
             static_cast<double>(counts.errors));
  }
  counter("sellerwatch_config_reloads_total",
          "Reloads (SIGHUP) whose new config was applied, since start.", self.counters.reloads);
  counter("sellerwatch_config_reload_failures_total",
          "Reloads (SIGHUP) whose new config was refused, since start.",
          self.counters.reload_failures);
  w.Family("sellerwatch_tasks", "gauge",
           "Long-running tasks (one per source, the daemon's loops) now. It follows the config; "
           "one that grows with every reload is a leak.");
  w.Sample({}, static_cast<double>(self.counters.tasks));
  counter("sellerwatch_engine_changes_applied_total",
          "Event versions applied to the metrics engine from the store's change feed, since start "
          "(this daemon's polls and other processes' writes alike).",
          self.counters.engine_changes_applied);
  w.Family("sellerwatch_engine_account_loads_total", "counter",
           "Accounts whose metrics state was built from their stored events (from=\"events\") "
           "or restored from a snapshot (from=\"snapshot\"), since start.");
  w.Sample({{"from", "events"}}, static_cast<double>(self.counters.engine_loads_from_events));
  w.Sample({{"from", "snapshot"}}, static_cast<double>(self.counters.engine_loads_from_snapshots));

  w.Family("sellerwatch_outbox_legs", "gauge",
           "Notification legs in the outbox by status; pending and sending are the queue.");
  if (self.outbox) {
    for (auto [status, n] :
         {std::pair{"pending", self.outbox->pending}, std::pair{"sending", self.outbox->sending},
          std::pair{"delivered", self.outbox->delivered},
          std::pair{"failed", self.outbox->failed}}) {
      w.Sample({{"status", status}}, static_cast<double>(n));
    }
  }
}

}  // namespace

std::string EscapeLabelValue(std::string_view value) { return Escape(value, true); }
std::string EscapeHelp(std::string_view text) { return Escape(text, false); }

std::string FormatSampleValue(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  return fmt::format("{}", value);
}

std::string PrometheusExposition(const RuntimeSnapshot& self, const StatusReport& accounts) {
  Writer w;
  AccountFamilies(w, accounts);
  OwnFamilies(w, self);
  return w.Take();
}

}  // namespace sellerwatch::app
