#include "app/account_page.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/page_chart.hpp"
#include "app/page_html.hpp"
#include "core/local_time.hpp"
#include "core/metric_words.hpp"
#include "digest/digest_format.hpp"

namespace sellerwatch::app {
namespace {

std::string When(core::Timestamp t, const std::string& zone) {
  return core::FormatLocal(t, zone, "%a %d %b %H:%M");
}

std::string Section(std::string_view title, const std::string& html) {
  return fmt::format("<section class=\"card\"><h2>{}</h2>{}</section>\n", Html(title), html);
}

std::string Table(std::initializer_list<std::string_view> heads, const std::string& rows) {
  std::string out = "<table class=\"fold\"><thead><tr>";
  for (auto h : heads) out += "<th>" + Html(h) + "</th>";
  return out + "</tr></thead><tbody>" + rows + "</tbody></table>";
}

std::string Metrics(const AccountPageInput& in, core::Timestamp now) {
  const auto& s = in.summary;
  std::string out;
  for (const auto& m : s.metrics) {
    auto row = std::find_if(in.month.metrics.begin(), in.month.metrics.end(),
                            [&](const digest::MetricRow& r) { return r.name == m.code; });
    const bool bad = m.status == PageStatus::kCritical || m.status == PageStatus::kWarning;
    out += fmt::format(
        "<div class=\"metric\"><h3>{} {}</h3><p class=\"note\">{}</p>"
        "<p><b>{}</b>{} · <span class=\"{}\">{}</span> {}</p>",
        Badge(m.status), Html(m.name), Html(m.description), Html(m.value),
        m.target.empty() ? std::string(" (not watched by a rule)") : " against " + Html(m.target),
        bad ? "state-" + std::string(digest::Name(m.status)) : "", Html(m.state), MetricBar(m));
    if (!m.headroom.empty()) out += "<p>Headroom: " + Html(m.headroom) + "</p>";
    if (!m.forecast.empty()) out += "<p>Forecast: " + Html(m.forecast) + "</p>";
    if (row != in.month.metrics.end() && row->unit != core::MetricUnit::kStatus) {
      out += DailyChartSvg(*row, m.name, now, s.timezone);
    }
    out += "</div>";
  }
  return Section("Metrics", out.empty() ? "<p>No metrics yet.</p>"
                                        : "<div class=\"metrics\">" + out + "</div>");
}

std::string AtRisk(const AccountPageInput& in, core::Timestamp now) {
  std::string out;
  for (const auto& g : in.status.at_risk) {
    if (g.items.empty()) continue;
    auto items = g.items;
    std::stable_sort(items.begin(), items.end(),
                     [](const auto& x, const auto& y) { return x.deadline < y.deadline; });
    auto line = std::find_if(in.summary.at_risk.begin(), in.summary.at_risk.end(),
                             [&](const AtRiskLine& l) { return l.kind == g.kind; });
    std::string rows;
    for (std::size_t i = 0; i < items.size() && i < kAccountPageSpan.max_at_risk; ++i) {
      rows += fmt::format(
          "<tr><td>{}</td><td>{}</td><td class=\"note\">{}</td></tr>", Html(items[i].id),
          Html(DeadlineText(items[i].deadline, now, in.summary.timezone)), Html(items[i].note));
    }
    out += fmt::format("<h3>{} {}</h3>", items.size(),
                       Html(line != in.summary.at_risk.end() ? line->what : g.kind)) +
           Table({"Order or message", "Deadline", "Note"}, rows);
    if (items.size() > kAccountPageSpan.max_at_risk) {
      out += fmt::format("<p class=\"note\">and {} more</p>",
                         items.size() - kAccountPageSpan.max_at_risk);
    }
  }
  if (out.empty()) return "";
  return Section(fmt::format("At risk (deadlines in {})", in.summary.timezone), out);
}

std::string Alerts(const AccountPageInput& in, core::Timestamp now) {
  const auto& s = in.summary;
  std::string out;
  if (!s.alerts.empty()) {
    std::string rows;
    for (const auto& a : s.alerts) {
      rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{} ({})</td></tr>",
                          Html(a.title), Html(core::Name(a.severity)), Html(a.state),
                          Html(When(a.since, s.timezone)), Html(digest::FormatSpan(now - a.since)));
    }
    out += "<h3>Now</h3>" + Table({"Alert", "Severity", "State", "Since"}, rows);
  }
  std::string rows;
  for (const auto& a : in.month.alerts) {
    const std::string name = digest::AlertName(in.month, a);
    rows += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
        Html(name), Html(core::Name(a.severity)),
        Html(a.fired_at ? When(*a.fired_at, s.timezone) : "before the last 30 days"),
        Html(a.resolved_at ? When(*a.resolved_at, s.timezone) : "still firing"),
        Html(digest::FormatSpan(a.time_in_alert)));
  }
  out += "<h3>Last 30 days</h3>" +
         (rows.empty() ? "<p>No alert fired in the last 30 days.</p>"
                       : Table({"Alert", "Severity", "Fired", "Resolved", "Time in alert"}, rows));
  return Section("Alerts", out);
}

std::string Feedback(const AccountPageInput& in) {
  if (in.month.feedback.empty()) return "";
  std::string rows;
  for (const auto& f : in.month.feedback) {
    rows += fmt::format(
        "<tr><td title=\"{} of 5\">{}</td><td>{}</td><td>{}</td><td class=\"quote\">{}</td></tr>",
        f.rating, Html(digest::Stars(f.rating)), Html(When(f.received_at, in.summary.timezone)),
        Html(f.order_id), Html(f.comment));
  }
  std::string title =
      fmt::format("Negative feedback, last 30 days ({})", in.month.negative_feedback_count);
  return Section(title, Table({"Rating", "Received", "Order", "Buyer's comment"}, rows));
}

std::string Platform(const AccountSummary& s) {
  if (s.platform.empty()) return "";
  std::string rows;
  for (const auto& p : s.platform) {
    rows +=
        fmt::format("<tr><td>{}</td><td>{}{}</td><td>{}</td></tr>", Html(p.label), Html(p.value),
                    p.projected.empty() ? "" : ", projected " + Html(p.projected),
                    Html(When(p.reported_at, s.timezone)));
  }
  return Section(fmt::format("What {} says", core::MarketplaceName(s.marketplace)),
                 Table({"", "Value", "Reported"}, rows));
}

std::string Silences(const AccountPageInput& in, core::Timestamp now) {
  if (in.silences.empty()) return "";
  std::string rows;
  for (const auto& sil : in.silences) {
    std::string matchers;
    for (const auto& [k, v] : sil.matchers)
      matchers += (matchers.empty() ? "" : ", ") + k + "=" + v;
    rows += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"quote\">{}</td></tr>",
                        Html(matchers), Html(DeadlineText(sil.ends_at, now, in.summary.timezone)),
                        Html(sil.created_by), Html(sil.comment));
  }
  return Section("Silences in force", Table({"Mutes", "Until", "By", "Why"}, rows));
}

std::string Sources(const AccountSummary& s) {
  if (s.sources.empty()) return "";
  std::string rows;
  for (const auto& src : s.sources) {
    rows += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", Html(src.name),
        src.down ? "<span class=\"down\">down</span>" : "ok",
        Html(src.last_success ? When(*src.last_success, s.timezone) : "not yet"),
        src.last_error.empty()
            ? std::string("—")
            : Html((src.last_error_at ? When(*src.last_error_at, s.timezone) + ": " : "") +
                   src.last_error));
  }
  return Section("Sources", Table({"Source", "State", "Last good poll", "Last error"}, rows));
}

bool AlertLevelLabel(std::string_view key) {
  return key == "rule" || key == "metric" || key == "severity" || key == "source" ||
         key == "alertname";
}

}  // namespace

bool SilenceConcerns(const core::Silence& silence, const AccountSummary& account) {
  if (silence.matchers.empty()) return false;
  for (const auto& [key, value] : silence.matchers) {
    if (key == "account") {
      if (value != account.id) return false;
    } else if (key == "marketplace") {
      if (value != account.marketplace) return false;
    } else if (auto it = account.labels.find(key); it != account.labels.end()) {
      if (it->second != value) return false;
    } else if (!AlertLevelLabel(key)) {
      return false;
    }
  }
  return true;
}

std::string AccountPage(const AccountPageInput& in, core::Timestamp now) {
  const auto& s = in.summary;
  std::string body = fmt::format(
      "<p><a href=\"/\">← all accounts</a></p><h1>{} {} <span class=\"mp\">{}</span></h1>"
      "<p class=\"urgent\">{}</p>\n",
      Badge(s.status), Html(s.id), Html(core::MarketplaceName(s.marketplace)), Html(s.urgent));
  body += AtRisk(in, now) + Metrics(in, now) + Alerts(in, now) + Feedback(in) + Platform(s) +
          Silences(in, now) + Sources(s);
  return HtmlPage(s.id, body, now);
}

}  // namespace sellerwatch::app
