#include "app/overview_page.hpp"

#include <fmt/format.h>

#include <boost/url/url.hpp>

#include "app/page_html.hpp"
#include "digest/digest_format.hpp"

namespace sellerwatch::app {
namespace {

constexpr std::size_t kFullCardsFrom = 10;  // accounts on a page past which quiet ones fold

// "/?marketplace=ebay&page=2": the query with `page` changed (and with `status` when given).
std::string Href(const OverviewQuery& q, std::size_t page, const std::string* status = nullptr) {
  boost::urls::url url("/");
  auto add = [&](std::string_view key, const std::string& value) {
    if (!value.empty()) url.params().append({key, value});
  };
  add("marketplace", q.marketplace);
  add("label", q.label);
  add("status", status ? *status : q.status);
  add("q", q.search);
  if (page > 1) add("page", std::to_string(page));
  return std::string(url.buffer());
}

std::string Counts(const OverviewSelection& sel, const OverviewQuery& q,
                   const i18n::Translator& tr) {
  std::string out = "<p class=\"counts\">";
  bool first = true;
  for (PageStatus s :
       {PageStatus::kCritical, PageStatus::kWarning, PageStatus::kOk, PageStatus::kNoData}) {
    const std::size_t n = sel.by_status[static_cast<int>(s)];
    if (n == 0) continue;
    const std::string code(digest::Name(s));
    // TRANSLATORS: how many accounts have a status: "2 critical".
    out += (first ? "" : " · ") +
           fmt::format("<a href=\"{}\">{}</a>", Attr(Href(q, 1, &code)),
                       Html(tr.TrC("status count", "{} {}", n, digest::StatusWord(tr, s))));
    first = false;
  }
  return out + "</p>\n";
}

std::string Option(std::string_view value, std::string_view label, std::string_view selected) {
  return fmt::format("<option value=\"{}\"{}>{}</option>", Attr(value),
                     value == selected ? " selected" : "", Html(label));
}

// A GET form: it works without script, and its URL can be bookmarked.
std::string Filter(const OverviewSelection& sel, const OverviewQuery& q,
                   const i18n::Translator& tr) {
  // TRANSLATORS: the filter's choice that lets every marketplace, label or status through.
  const std::string all = tr.TrC("filter", "all");
  std::string out = "<form class=\"filter\" method=\"get\" action=\"/\">";
  out += "<label>" + Html(tr.TrC("filter", "Marketplace")) + "<select name=\"marketplace\">" +
         Option("", all, q.marketplace);
  for (const auto& m : sel.marketplaces) {
    out += Option(m, digest::MarketplaceName(tr, m), q.marketplace);
  }
  out += "</select></label>";
  if (!sel.labels.empty()) {
    out += "<label>" + Html(tr.TrC("filter", "Label")) + "<select name=\"label\">" +
           Option("", all, q.label);
    for (const auto& l : sel.labels) out += Option(l, l, q.label);
    out += "</select></label>";
  }
  out += "<label>" + Html(tr.TrC("filter", "Status")) + "<select name=\"status\">" +
         Option("", all, q.status) + Option("attention", tr.Tr("needs attention"), q.status);
  for (PageStatus s :
       {PageStatus::kCritical, PageStatus::kWarning, PageStatus::kOk, PageStatus::kNoData}) {
    out += Option(digest::Name(s), digest::StatusWord(tr, s), q.status);
  }
  out += "</select></label>";
  out += fmt::format(
      "<label>{}<input name=\"q\" value=\"{}\" size=\"14\" placeholder=\"{}\">"
      "</label><button type=\"submit\">{}</button>",
      Html(tr.TrC("filter", "Account")), Attr(q.search), Attr(tr.Tr("id contains")),
      Html(tr.TrC("filter", "Show")));
  if (q.Filtered()) out += "<a href=\"/\">" + Html(tr.Tr("show all")) + "</a>";
  return out + "</form>\n";
}

std::string Heading(const AccountSummary& a, const i18n::Translator& tr) {
  return fmt::format("<h2>{} <a href=\"{}\">{}</a> <span class=\"mp\">{}</span></h2>",
                     Badge(a.status, tr), Attr(AccountHref(a.id)), Html(a.id),
                     Html(digest::MarketplaceName(tr, a.marketplace)));
}

std::string MetricsTable(const AccountSummary& a, const i18n::Translator& tr) {
  std::string rows;
  for (const auto& m : a.metrics) {
    if (m.target.empty()) continue;  // unwatched ones are on the account's page
    std::string outlook = m.headroom;
    if (!m.forecast.empty())
      outlook += (outlook.empty() ? "" : tr.TrC("clauses", "; ")) + m.forecast;
    const bool bad = m.status == PageStatus::kCritical || m.status == PageStatus::kWarning;
    rows += fmt::format(
        "<tr><td title=\"{}\">{}</td><td class=\"num\">{}</td><td>{}</td><td "
        "class=\"target\">{}</td>"
        "<td class=\"{}\">{}</td><td class=\"note\">{}</td></tr>",
        Attr(m.description), Html(m.name), Html(m.value), MetricBar(m), Html(m.target),
        bad ? "state-" + std::string(digest::Name(m.status)) : "", Html(m.state), Html(outlook));
  }
  if (rows.empty()) return "";
  return fmt::format(
      "<table class=\"fold\"><thead><tr><th>{}</th><th>{}</th><th></th><th>{}</th>"
      "<th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
      Html(tr.TrC("page column", "Metric")), Html(tr.TrC("page column", "Now")),
      Html(tr.TrC("page column", "Target")), Html(tr.TrC("page column", "State")),
      Html(tr.TrC("page column", "Headroom and forecast")), rows);
}

std::string Facts(const AccountSummary& a, core::Timestamp now, const i18n::Translator& tr) {
  std::vector<std::string> facts;
  // TRANSLATORS: between the items of a list.
  const std::string comma = tr.TrC("list", ", ");
  for (const auto& r : a.at_risk) {
    facts.push_back(
        "<b>" + Html(tr.Tr("At risk:")) + "</b> " +
        Html(tr.Tr("{} by {}", r.what, DeadlineText(r.first_deadline, now, a.timezone, tr))));
  }
  if (!a.alerts.empty()) {
    std::string list;
    for (const auto& l : a.alerts) {
      // TRANSLATORS: an alert now: its title, severity, state and since when.
      list += (list.empty() ? "" : comma) +
              Html(tr.Tr("{} ({} {} since {})", l.title, digest::SeverityWord(tr, l.severity),
                         l.state, DeadlineText(l.since, now, a.timezone, tr)));
    }
    facts.push_back("<b>" + Html(tr.Tr("Alerts:")) + "</b> " + list);
  }
  std::string sources;
  for (const auto& s : a.sources) {
    sources += (sources.empty() ? "" : comma) + Html(s.name) + " " +
               (s.down ? "<span class=\"down\">" + Html(tr.TrC("source", "down")) + "</span>"
                       : Html(tr.TrC("source", "ok")));
  }
  if (!sources.empty()) facts.push_back("<b>" + Html(tr.Tr("Sources:")) + "</b> " + sources);
  for (const auto& p : a.platform) {
    if (!p.headline) continue;
    facts.push_back("<b>" + Html(tr.Tr("{} says:", digest::MarketplaceName(tr, a.marketplace))) +
                    "</b> " + Html(tr.TrC("platform value", "{} {}", p.label, p.value)));
  }
  std::string out;
  for (const auto& f : facts) out += "<p class=\"facts\">" + f + "</p>";
  return out;
}

std::string Card(const AccountSummary& a, core::Timestamp now, const i18n::Translator& tr) {
  return fmt::format(
      "<section class=\"card {}\">{}<p class=\"urgent\">{}</p>{}{}</section>\n",
      a.status == PageStatus::kNoData ? "nodata" : std::string(digest::Name(a.status)),
      Heading(a, tr), Html(a.urgent), MetricsTable(a, tr), Facts(a, now, tr));
}

bool Quiet(const AccountSummary& a) {
  return a.status < PageStatus::kWarning && !a.AnySourceDown() && a.at_risk.empty();
}

}  // namespace

std::string OverviewPage(const std::vector<AccountSummary>& worst_first, const OverviewQuery& query,
                         core::Timestamp now, const i18n::Translator& tr) {
  const OverviewSelection sel = SelectAccounts(worst_first, query);
  std::string body = "<h1>" + Html(OverviewVerdict(sel, tr)) + "</h1>\n" + Counts(sel, query, tr);
  if (worst_first.size() > 1) body += Filter(sel, query, tr);
  if (query.Filtered()) {
    body += "<p class=\"note\">" +
            Html(tr.Tr("{} of {} accounts match.", sel.matched, worst_first.size())) + "</p>\n";
  }
  const bool fold = sel.accounts.size() > kFullCardsFrom;
  std::string compact;
  for (const auto* a : sel.accounts) {
    if (fold && Quiet(*a)) {
      compact +=
          fmt::format("<tr><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
                      Badge(a->status, tr), Attr(AccountHref(a->id)), Html(a->id),
                      Html(digest::MarketplaceName(tr, a->marketplace)), Html(a->urgent));
    } else {
      body += Card(*a, now, tr);
    }
  }
  if (!compact.empty()) {
    body += fmt::format(
        "<section class=\"card\"><h2>{}</h2>"
        "<table class=\"fold\"><thead><tr><th>{}</th><th>{}</th><th>{}</th>"
        "<th>{}</th></tr></thead><tbody>{}</tbody></table></section>\n",
        Html(tr.Tr("Accounts with nothing to act on")), Html(tr.TrC("page column", "Status")),
        Html(tr.TrC("page column", "Account")), Html(tr.TrC("page column", "Marketplace")),
        Html(tr.TrC("page column", "Summary")), compact);
  }
  if (sel.accounts.empty()) {
    body += "<p>" + Html(tr.Tr("No account matches this filter.")) + "</p>\n";
  }
  if (sel.pages > 1) {
    body += "<nav class=\"pager\">";
    if (sel.page > 1) {
      body += fmt::format("<a href=\"{}\">{}</a>", Attr(Href(query, sel.page - 1)),
                          "« " + Html(tr.Tr("previous")));
    }
    body += "<span>" + Html(tr.Tr("page {} of {}", sel.page, sel.pages)) + "</span>";
    if (sel.page < sel.pages) {
      body += fmt::format("<a href=\"{}\">{}</a>", Attr(Href(query, sel.page + 1)),
                          Html(tr.Tr("next")) + " »");
    }
    body += "</nav>\n";
  }
  return HtmlPage(tr.TrC("page title", "Status"), body, now, tr);
}

}  // namespace sellerwatch::app
