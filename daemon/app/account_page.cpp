#include "app/account_page.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/page_chart.hpp"
#include "app/page_html.hpp"
#include "digest/digest_format.hpp"

namespace sellerwatch::app {
namespace {

std::string Section(std::string_view title, const std::string& html) {
  return fmt::format("<section class=\"card\"><h2>{}</h2>{}</section>\n", Html(title), html);
}

std::string Table(std::initializer_list<std::string> heads, const std::string& rows) {
  std::string out = "<table class=\"fold\"><thead><tr>";
  for (const auto& h : heads) out += "<th>" + Html(h) + "</th>";
  return out + "</tr></thead><tbody>" + rows + "</tbody></table>";
}

std::string Metrics(const AccountPageInput& in, core::Timestamp now) {
  const auto& s = in.summary;
  const i18n::Translator& tr = in.language;
  std::string out;
  for (const auto& m : s.metrics) {
    auto row = std::find_if(in.month.metrics.begin(), in.month.metrics.end(),
                            [&](const digest::MetricRow& r) { return r.name == m.code; });
    const bool bad = m.status == PageStatus::kCritical || m.status == PageStatus::kWarning;
    // The pattern's arguments are escaped here: the value stays bold.
    const std::string value = "<b>" + Html(m.value) + "</b>";
    out += fmt::format(
        "<div class=\"metric\"><h3>{} {}</h3><p class=\"note\">{}</p>"
        "<p>{} · <span class=\"{}\">{}</span> {}</p>",
        Badge(m.status, tr), Html(m.name), Html(m.description),
        m.target.empty() ? tr.Tr("{} (not watched by a rule)", value)
                         : tr.Tr("{} against {}", value, Html(m.target)),
        bad ? "state-" + std::string(digest::Name(m.status)) : "", Html(m.state), MetricBar(m));
    if (!m.headroom.empty()) out += "<p>" + Html(tr.Tr("Headroom: {}", m.headroom)) + "</p>";
    if (!m.forecast.empty()) out += "<p>" + Html(tr.Tr("Forecast: {}", m.forecast)) + "</p>";
    if (row != in.month.metrics.end() && row->unit != core::MetricUnit::kStatus) {
      out += DailyChartSvg(*row, m.name, now, s.timezone, tr);
    }
    out += "</div>";
  }
  return Section(tr.Tr("Metrics"), out.empty() ? "<p>" + Html(tr.Tr("No metrics yet.")) + "</p>"
                                               : "<div class=\"metrics\">" + out + "</div>");
}

std::string AtRisk(const AccountPageInput& in, core::Timestamp now) {
  const i18n::Translator& tr = in.language;
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
          Html(DeadlineText(items[i].deadline, now, in.summary.timezone, tr)), Html(items[i].note));
    }
    const std::string what =
        line != in.summary.at_risk.end()
            ? line->what
            : fmt::format("{} {}", items.size(),
                          digest::AtRiskKind(tr, g.kind, in.summary.marketplace));
    out += "<h3>" + Html(what) + "</h3>" +
           Table({tr.Tr("Order or message"), tr.Tr("Deadline"), tr.Tr("Note")}, rows);
    if (items.size() > kAccountPageSpan.max_at_risk) {
      out += "<p class=\"note\">" +
             Html(tr.Tr("and {} more", items.size() - kAccountPageSpan.max_at_risk)) + "</p>";
    }
  }
  if (out.empty()) return "";
  return Section(tr.Tr("At risk (deadlines in {})", in.summary.timezone), out);
}

std::string Alerts(const AccountPageInput& in, core::Timestamp now) {
  const auto& s = in.summary;
  const i18n::Translator& tr = in.language;
  auto when = [&](core::Timestamp t) { return digest::LocalWhen(tr, t, s.timezone); };
  std::string out;
  if (!s.alerts.empty()) {
    std::string rows;
    for (const auto& a : s.alerts) {
      rows += fmt::format(
          "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", Html(a.title),
          Html(digest::SeverityWord(tr, a.severity)), Html(a.state),
          // TRANSLATORS: when an alert started, then for how long: "Tue 10 Nov 17:00 (1h)".
          Html(tr.TrC("since", "{} ({})", when(a.since), digest::FormatSpan(tr, now - a.since))));
    }
    out += "<h3>" + Html(tr.TrC("alerts", "Now")) + "</h3>" +
           Table({tr.TrC("page column", "Alert"), tr.TrC("page column", "Severity"),
                  tr.TrC("page column", "State"), tr.TrC("page column", "Since")},
                 rows);
  }
  std::string rows;
  for (const auto& a : in.month.alerts) {
    const std::string name = digest::AlertName(tr, in.month, a);
    rows += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
        Html(name), Html(digest::SeverityWord(tr, a.severity)),
        Html(a.fired_at ? when(*a.fired_at) : tr.Tr("before the last 30 days")),
        Html(a.resolved_at ? when(*a.resolved_at) : tr.Tr("still firing")),
        Html(digest::FormatSpan(tr, a.time_in_alert)));
  }
  out += "<h3>" + Html(tr.Tr("Last 30 days")) + "</h3>" +
         (rows.empty() ? "<p>" + Html(tr.Tr("No alert fired in the last 30 days.")) + "</p>"
                       : Table({tr.TrC("page column", "Alert"), tr.TrC("page column", "Severity"),
                                tr.TrC("page column", "Fired"), tr.TrC("page column", "Resolved"),
                                tr.TrC("page column", "Time in alert")},
                               rows));
  return Section(tr.TrC("page section", "Alerts"), out);
}

std::string Feedback(const AccountPageInput& in) {
  if (in.month.feedback.empty()) return "";
  const i18n::Translator& tr = in.language;
  std::string rows;
  for (const auto& f : in.month.feedback) {
    rows += fmt::format(
        "<tr><td title=\"{}\">{}</td><td>{}</td><td>{}</td><td class=\"quote\">{}</td></tr>",
        Attr(tr.Tr("{} of 5", f.rating)), Html(digest::Stars(f.rating)),
        Html(digest::LocalWhen(tr, f.received_at, in.summary.timezone)), Html(f.order_id),
        Html(f.comment));
  }
  std::string title =
      tr.Tr("Negative feedback, last 30 days ({})", in.month.negative_feedback_count);
  return Section(title,
                 Table({tr.TrC("page column", "Rating"), tr.TrC("page column", "Received"),
                        tr.TrC("page column", "Order"), tr.TrC("page column", "Buyer's comment")},
                       rows));
}

std::string Platform(const AccountSummary& s, const i18n::Translator& tr) {
  if (s.platform.empty()) return "";
  std::string rows;
  for (const auto& p : s.platform) {
    rows += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", Html(p.label),
        Html(p.projected.empty() ? p.value : tr.Tr("{}, projected {}", p.value, p.projected)),
        Html(digest::LocalWhen(tr, p.reported_at, s.timezone)));
  }
  return Section(
      tr.Tr("What {} says", digest::MarketplaceName(tr, s.marketplace)),
      Table({"", tr.TrC("page column", "Value"), tr.TrC("page column", "Reported")}, rows));
}

std::string Silences(const AccountPageInput& in, core::Timestamp now) {
  if (in.silences.empty()) return "";
  const i18n::Translator& tr = in.language;
  std::string rows;
  for (const auto& sil : in.silences) {
    std::string matchers;
    for (const auto& [k, v] : sil.matchers)
      matchers += (matchers.empty() ? "" : ", ") + k + "=" + v;
    rows +=
        fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"quote\">{}</td></tr>",
                    Html(matchers), Html(DeadlineText(sil.ends_at, now, in.summary.timezone, tr)),
                    Html(sil.created_by), Html(sil.comment));
  }
  return Section(tr.Tr("Silences in force"),
                 Table({tr.TrC("page column", "Mutes"), tr.TrC("page column", "Until"),
                        tr.TrC("page column", "By"), tr.TrC("page column", "Why")},
                       rows));
}

std::string Sources(const AccountSummary& s, const i18n::Translator& tr) {
  if (s.sources.empty()) return "";
  auto when = [&](core::Timestamp t) { return digest::LocalWhen(tr, t, s.timezone); };
  std::string rows;
  for (const auto& src : s.sources) {
    rows += fmt::format(
        "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", Html(src.name),
        src.down ? "<span class=\"down\">" + Html(tr.TrC("source", "down")) + "</span>"
                 : Html(tr.TrC("source", "ok")),
        Html(src.last_success ? when(*src.last_success) : tr.Tr("not yet")),
        src.last_error.empty()
            ? std::string("—")
            : Html(src.last_error_at
                       ? tr.TrC("label", "{}: {}", when(*src.last_error_at), src.last_error)
                       : src.last_error));
  }
  return Section(
      tr.Tr("Sources"),
      Table({tr.TrC("page column", "Source"), tr.TrC("page column", "State"),
             tr.TrC("page column", "Last good poll"), tr.TrC("page column", "Last error")},
            rows));
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
  const i18n::Translator& tr = in.language;
  std::string body = fmt::format(
      "<p><a href=\"/\">{}</a></p><h1>{} {} <span class=\"mp\">{}</span></h1>"
      "<p class=\"urgent\">{}</p>\n",
      "← " + Html(tr.Tr("all accounts")), Badge(s.status, tr), Html(s.id),
      Html(digest::MarketplaceName(tr, s.marketplace)), Html(s.urgent));
  body += AtRisk(in, now) + Metrics(in, now) + Alerts(in, now) + Feedback(in) + Platform(s, tr) +
          Silences(in, now) + Sources(s, tr);
  return HtmlPage(s.id, body, now, tr);
}

}  // namespace sellerwatch::app
