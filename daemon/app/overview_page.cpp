#include "app/overview_page.hpp"

#include <fmt/format.h>

#include <boost/url/url.hpp>

#include "app/page_html.hpp"
#include "core/metric_words.hpp"

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

std::string Counts(const OverviewSelection& sel, const OverviewQuery& q) {
  std::string out = "<p class=\"counts\">";
  bool first = true;
  for (PageStatus s :
       {PageStatus::kCritical, PageStatus::kWarning, PageStatus::kOk, PageStatus::kNoData}) {
    const std::size_t n = sel.by_status[static_cast<int>(s)];
    if (n == 0) continue;
    const std::string name(digest::Name(s));
    out += (first ? "" : " · ") +
           fmt::format("<a href=\"{}\">{} {}</a>", Attr(Href(q, 1, &name)), n, Html(name));
    first = false;
  }
  return out + "</p>\n";
}

std::string Option(std::string_view value, std::string_view label, std::string_view selected) {
  return fmt::format("<option value=\"{}\"{}>{}</option>", Attr(value),
                     value == selected ? " selected" : "", Html(label));
}

// A GET form: it works without script, and its URL can be bookmarked.
std::string Filter(const OverviewSelection& sel, const OverviewQuery& q) {
  std::string out = "<form class=\"filter\" method=\"get\" action=\"/\">";
  out += "<label>Marketplace<select name=\"marketplace\">" + Option("", "all", q.marketplace);
  for (const auto& m : sel.marketplaces) out += Option(m, core::MarketplaceName(m), q.marketplace);
  out += "</select></label>";
  if (!sel.labels.empty()) {
    out += "<label>Label<select name=\"label\">" + Option("", "all", q.label);
    for (const auto& l : sel.labels) out += Option(l, l, q.label);
    out += "</select></label>";
  }
  out += "<label>Status<select name=\"status\">" + Option("", "all", q.status) +
         Option("attention", "needs attention", q.status);
  for (const char* s : {"critical", "warning", "ok", "no data"}) out += Option(s, s, q.status);
  out += "</select></label>";
  out += fmt::format(
      "<label>Account<input name=\"q\" value=\"{}\" size=\"14\" placeholder=\"id contains\">"
      "</label><button type=\"submit\">Show</button>",
      Attr(q.search));
  if (q.Filtered()) out += "<a href=\"/\">show all</a>";
  return out + "</form>\n";
}

std::string Heading(const AccountSummary& a) {
  return fmt::format("<h2>{} <a href=\"{}\">{}</a> <span class=\"mp\">{}</span></h2>",
                     Badge(a.status), Attr(AccountHref(a.id)), Html(a.id),
                     Html(core::MarketplaceName(a.marketplace)));
}

std::string MetricsTable(const AccountSummary& a) {
  std::string rows;
  for (const auto& m : a.metrics) {
    if (m.target.empty()) continue;  // unwatched ones are on the account's page
    std::string outlook = m.headroom;
    if (!m.forecast.empty()) outlook += (outlook.empty() ? "" : "; ") + m.forecast;
    const bool bad = m.status == PageStatus::kCritical || m.status == PageStatus::kWarning;
    rows += fmt::format(
        "<tr><td title=\"{}\">{}</td><td class=\"num\">{}</td><td>{}</td><td "
        "class=\"target\">{}</td>"
        "<td class=\"{}\">{}</td><td class=\"note\">{}</td></tr>",
        Attr(m.description), Html(m.name), Html(m.value), MetricBar(m), Html(m.target),
        bad ? "state-" + std::string(digest::Name(m.status)) : "", Html(m.state), Html(outlook));
  }
  if (rows.empty()) return "";
  return "<table class=\"fold\"><thead><tr><th>Metric</th><th>Now</th><th></th><th>Target</th>"
         "<th>State</th><th>Headroom and forecast</th></tr></thead><tbody>" +
         rows + "</tbody></table>";
}

std::string Facts(const AccountSummary& a, core::Timestamp now) {
  std::vector<std::string> facts;
  for (const auto& r : a.at_risk) {
    facts.push_back(fmt::format("<b>At risk:</b> {} {} by {}", r.count, Html(r.what),
                                Html(DeadlineText(r.first_deadline, now, a.timezone))));
  }
  if (!a.alerts.empty()) {
    std::string list;
    for (const auto& l : a.alerts) {
      list += (list.empty() ? "" : ", ") +
              fmt::format("{} ({} {} since {})", Html(l.title), Html(core::Name(l.severity)),
                          Html(l.state), Html(DeadlineText(l.since, now, a.timezone)));
    }
    facts.push_back("<b>Alerts:</b> " + list);
  }
  std::string sources;
  for (const auto& s : a.sources) {
    sources += (sources.empty() ? "" : ", ") + Html(s.name) + " " +
               (s.down ? "<span class=\"down\">down</span>" : std::string("ok"));
  }
  if (!sources.empty()) facts.push_back("<b>Sources:</b> " + sources);
  for (const auto& p : a.platform) {
    if (!p.headline) continue;
    facts.push_back(fmt::format("<b>{} says:</b> {} {}", Html(core::MarketplaceName(a.marketplace)),
                                Html(p.label), Html(p.value)));
  }
  std::string out;
  for (const auto& f : facts) out += "<p class=\"facts\">" + f + "</p>";
  return out;
}

std::string Card(const AccountSummary& a, core::Timestamp now) {
  return fmt::format(
      "<section class=\"card {}\">{}<p class=\"urgent\">{}</p>{}{}</section>\n",
      a.status == PageStatus::kNoData ? "nodata" : std::string(digest::Name(a.status)), Heading(a),
      Html(a.urgent), MetricsTable(a), Facts(a, now));
}

bool Quiet(const AccountSummary& a) {
  return a.status < PageStatus::kWarning && !a.AnySourceDown() && a.at_risk.empty();
}

}  // namespace

std::string OverviewPage(const std::vector<AccountSummary>& worst_first, const OverviewQuery& query,
                         core::Timestamp now) {
  const OverviewSelection sel = SelectAccounts(worst_first, query);
  std::string body = "<h1>" + Html(OverviewVerdict(sel)) + "</h1>\n" + Counts(sel, query);
  if (worst_first.size() > 1) body += Filter(sel, query);
  if (query.Filtered()) {
    body += fmt::format("<p class=\"note\">{} of {} accounts match.</p>\n", sel.matched,
                        worst_first.size());
  }
  const bool fold = sel.accounts.size() > kFullCardsFrom;
  std::string compact;
  for (const auto* a : sel.accounts) {
    if (fold && Quiet(*a)) {
      compact +=
          fmt::format("<tr><td>{}</td><td><a href=\"{}\">{}</a></td><td>{}</td><td>{}</td></tr>",
                      Badge(a->status), Attr(AccountHref(a->id)), Html(a->id),
                      Html(core::MarketplaceName(a->marketplace)), Html(a->urgent));
    } else {
      body += Card(*a, now);
    }
  }
  if (!compact.empty()) {
    body +=
        "<section class=\"card\"><h2>Accounts with nothing to act on</h2>"
        "<table class=\"fold\"><thead><tr><th>Status</th><th>Account</th><th>Marketplace</th>"
        "<th>Summary</th></tr></thead><tbody>" +
        compact + "</tbody></table></section>\n";
  }
  if (sel.accounts.empty()) body += "<p>No account matches this filter.</p>\n";
  if (sel.pages > 1) {
    body += "<nav class=\"pager\">";
    if (sel.page > 1)
      body += fmt::format("<a href=\"{}\">« previous</a>", Attr(Href(query, sel.page - 1)));
    body += fmt::format("<span>page {} of {}</span>", sel.page, sel.pages);
    if (sel.page < sel.pages)
      body += fmt::format("<a href=\"{}\">next »</a>", Attr(Href(query, sel.page + 1)));
    body += "</nav>\n";
  }
  return HtmlPage("Status", body, now);
}

}  // namespace sellerwatch::app
