// The status page's pure half: what a seller is told first about an account (tables), which
// accounts come first and which a filter and a page select, and what the two pages say — in
// words, never a metric's code, with untrusted text shown as text.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <sstream>

#include "app/account_page.hpp"
#include "app/overview_page.hpp"
#include "app/page_html.hpp"
#include "app/page_summary.hpp"
#include "core/metric_words.hpp"
#include "digest/digest_format.hpp"
#include "unit/i18n/chinese_checks.hpp"

namespace sellerwatch::app {
namespace {

const core::Timestamp kNow = *core::ParseRfc3339("2026-11-10T18:00:00Z");  // 10:00 in LA

config::EffectiveRule RuleFor(const core::MetricInfo& info, double warn, double critical) {
  config::EffectiveRule r;
  r.name = std::string(info.name);
  r.metric = std::string(info.name);
  r.direction = info.direction;
  r.warn = warn;
  r.critical = critical;
  return r;
}

struct Shop {
  config::AccountConfig account;
  AccountStatus status;

  explicit Shop(std::string id, std::string marketplace = "amazon") {
    account.id = std::move(id);
    account.marketplace = std::move(marketplace);
    account.timezone = "America/Los_Angeles";
    status.account = &account;
  }
  Shop(const Shop&) = delete;

  // A rate metric with `bad` of `total` and a rule; headroom and verdict as the daemon makes
  // them.
  MetricStatus& Rate(std::string_view name, double bad, double total, double warn,
                     double critical) {
    const core::MetricInfo info = *core::FindMetric(name);
    account.rules.push_back(RuleFor(info, warn, critical));
    MetricStatus m{{info, bad, total, bad / total}, nullptr, {}, {}, {}, {}, {}};
    status.metrics.push_back(std::move(m));
    return status.metrics.back();
  }
  // Rules are pointed to once the vector stops growing.
  void Settle() {
    for (std::size_t i = 0; i < status.metrics.size(); ++i) {
      auto& m = status.metrics[i];
      m.rule = &account.rules[i];
      const double v = *m.value.value;
      rules::Verdict verdict;
      if (v >= *m.rule->critical) {
        verdict.breached = core::Severity::kCritical;
      } else if (v >= *m.rule->warn) {
        verdict.breached = core::Severity::kWarning;
      }
      m.verdict = verdict;
      m.headroom = metrics::ComputeHeadroom(m.rule->direction, *m.value.numerator,
                                            m.value.denominator, *m.rule->critical);
    }
  }
  void AtRisk(std::string kind, std::vector<std::pair<std::string, const char*>> items) {
    AtRiskGroup g{std::move(kind), {}};
    for (auto& [id, deadline] : items) g.items.push_back({id, *core::ParseRfc3339(deadline)});
    status.at_risk.push_back(std::move(g));
  }
  void Firing(std::string rule, core::Severity severity) {
    auto r = store::AlertStateRecord::Inactive(account.id, std::move(rule),
                                               kNow - std::chrono::hours(1));
    r.state = core::AlertState::kFiring;
    r.severity = severity;
    status.alerts.push_back(r);
  }
  AccountSummary Summary(std::vector<SourceSnapshot> sources = {},
                         const i18n::Translator& tr = {}) {
    return Summarize(status, sources, kNow, tr);
  }
};

TEST(PageSummaryTest, TheMostUrgentSentenceNamesTheBreachAndWhatToDoFirst) {
  struct Case {
    const char* what;
    double bad, total;  // late shipments of orders, 10 days; warn 3 %, critical 4 %
    bool ship_at_risk;
    PageStatus status;
    std::string urgent;
  };
  const Case cases[] = {
      {"one late shipment from the critical level, orders due today", 3, 100, true,
       PageStatus::kWarning,
       "Late shipment rate (10 days) is 3%, past the warning level 3%; 1 more late shipment "
       "breaches the critical 4% — 2 orders must ship by 14:00 PST"},
      {"two from it, nothing due", 2, 100, false, PageStatus::kOk,
       "2 more late shipments breach the critical 4% (Late shipment rate (10 days))"},
      {"past critical: what brings it back", 5, 100, false, PageStatus::kCritical,
       "Late shipment rate (10 days) is 5%, past the critical 4%: needs 26 more on-time shipments"},
      {"far from it, orders due tomorrow", 0, 100, true, PageStatus::kOk,
       "2 orders must ship by Wed 14:00 PST"},
      {"far from it, nothing due", 0, 100, false, PageStatus::kOk, "Within every limit"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    Shop shop("shop");
    shop.Rate("late_shipment_rate_10d", c.bad, c.total, 0.03, 0.04);
    shop.Settle();
    if (c.ship_at_risk) {
      const bool today = c.bad > 0;
      shop.AtRisk("ship_deadline_at_risk",
                  {{"o-2", today ? "2026-11-10T23:00:00Z" : "2026-11-11T23:00:00Z"},
                   {"o-1", today ? "2026-11-10T22:00:00Z" : "2026-11-11T22:00:00Z"}});
    }
    auto s = shop.Summary();
    EXPECT_EQ(s.status, c.status);
    EXPECT_EQ(s.urgent, c.urgent);
  }
}

TEST(PageSummaryTest, TheWorseMetricSpeaksAndADownSourceIsSaidWhenNoMetricIs) {
  Shop shop("shop");
  shop.Rate("order_defect_rate", 1, 1000, 0.0075, 0.01);    // far from its limit
  shop.Rate("cancellation_rate", 2, 100, 0.015, 0.025);     // warning
  shop.Rate("late_shipment_rate_10d", 5, 100, 0.03, 0.04);  // critical: this one
  shop.Settle();
  EXPECT_TRUE(shop.Summary().urgent.starts_with("Late shipment rate (10 days) is 5%"));

  Shop quiet("quiet");
  quiet.Rate("order_defect_rate", 1, 1000, 0.0075, 0.01);
  quiet.Settle();
  SourceSnapshot down{
      "quiet/orders", "quiet", "orders", 9, 9, std::nullopt, true, "HTTP 401 from <sp-api>\nretry"};
  SourceSnapshot other{"else/orders", "else", "orders", 1, 0, kNow, false};
  auto s = quiet.Summary({down, other});
  ASSERT_EQ(s.sources.size(), 1u);
  EXPECT_EQ(s.status, PageStatus::kWarning);
  EXPECT_EQ(s.urgent,
            "Source orders has had no good poll since start: the figures may be out of date "
            "(HTTP 401 from <sp-api> retry)");
}

TEST(PageSummaryTest, AccountsComeWorstFirstAndFiltersAndPagesSelectThem) {
  std::vector<std::unique_ptr<Shop>> shops;
  StatusReport report{kNow, std::nullopt, {}};
  auto add = [&](std::string id, std::string marketplace, double late, std::string team) {
    shops.push_back(std::make_unique<Shop>(id, marketplace));
    shops.back()->account.labels["team"] = team;
    shops.back()->Rate("late_shipment_rate_10d", late, 100, 0.03, 0.04);
    shops.back()->Settle();
  };
  add("a-ok", "ebay", 0, "north");
  add("b-critical", "amazon", 6, "south");
  add("c-warning", "ebay", 3, "north");
  add("d-critical", "ebay", 5, "north");
  for (const auto& s : shops) report.accounts.push_back(s->status);
  auto all = SummarizeWorstFirst(report, {});
  std::vector<std::string> order;
  for (const auto& s : all) order.push_back(s.id);
  EXPECT_EQ(order, (std::vector<std::string>{"b-critical", "d-critical", "c-warning", "a-ok"}));

  struct Case {
    OverviewQuery query;
    std::size_t per_page;
    std::vector<std::string> shown;
    std::size_t matched, pages;
  };
  const Case cases[] = {
      {{}, 50, {"b-critical", "d-critical", "c-warning", "a-ok"}, 4, 1},
      {{"ebay", "", "", "", 1}, 50, {"d-critical", "c-warning", "a-ok"}, 3, 1},
      {{"", "team=north", "critical", "", 1}, 50, {"d-critical"}, 1, 1},
      {{"", "team", "", "", 1}, 50, {"b-critical", "d-critical", "c-warning", "a-ok"}, 4, 1},
      {{"", "", "attention", "", 1}, 50, {"b-critical", "d-critical", "c-warning"}, 3, 1},
      {{"", "", "", "CRIT", 1}, 50, {"b-critical", "d-critical"}, 2, 1},
      {{}, 3, {"b-critical", "d-critical", "c-warning"}, 4, 2},
      {{"", "", "", "", 2}, 3, {"a-ok"}, 4, 2},
      {{"", "", "", "", 99}, 3, {"a-ok"}, 4, 2},  // past the end: the last page
      {{"shopify", "", "", "", 1}, 3, {}, 0, 1},
  };
  for (const auto& c : cases) {
    auto sel = SelectAccounts(all, c.query, c.per_page);
    std::vector<std::string> shown;
    for (const auto* s : sel.accounts) shown.push_back(s->id);
    EXPECT_EQ(shown, c.shown) << c.query.marketplace << "|" << c.query.label << "|"
                              << c.query.status << "|" << c.query.search << "|" << c.query.page;
    EXPECT_EQ(sel.matched, c.matched);
    EXPECT_EQ(sel.pages, c.pages);
    EXPECT_EQ(OverviewVerdict(sel), "3 of 4 accounts need attention");
  }
  auto sel = SelectAccounts(all, {});
  EXPECT_EQ(sel.marketplaces, (std::vector<std::string>{"amazon", "ebay"}));
  EXPECT_EQ(sel.labels, (std::vector<std::string>{"team=north", "team=south"}));
}

TEST(StatusPageTest, NoMetricCodeOnEitherPageOnAnyMarketplace) {
  for (const std::string marketplace : {"amazon", "ebay", "aliexpress", "shopify"}) {
    SCOPED_TRACE(marketplace);
    Shop shop("shop", marketplace);
    std::vector<std::string> rates;
    for (const auto& info : core::AllMetrics()) {
      if (info.unit != core::MetricUnit::kRate) continue;
      const bool above = info.direction == core::Direction::kAbove;
      shop.Rate(info.name, above ? 5 : 95, 100, above ? 0.02 : 0.97, above ? 0.04 : 0.95);
      rates.emplace_back(info.name);
    }
    shop.Settle();
    shop.Firing(rates.front(), core::Severity::kCritical);
    auto summary = shop.Summary();
    digest::AccountDigest month;
    for (const auto& name : rates) {
      digest::MetricRow row;
      row.name = name;
      row.daily.assign(digest::kChartDays, 0.05);
      row.warn = 0.02;
      row.critical = 0.04;
      month.metrics.push_back(row);
    }
    month.alerts.push_back({rates.front(), rates.front(), core::Severity::kCritical,
                            kNow - 3 * core::kDay, kNow - core::kDay, 2 * core::kDay});
    const std::string pages[] = {OverviewPage({summary}, {}, kNow),
                                 AccountPage({summary, shop.status, month, {}}, kNow)};
    for (const auto& page : pages) {
      for (const auto& name : rates) {
        EXPECT_EQ(page.find(name), std::string::npos) << name;
        EXPECT_NE(page.find(Html(core::DisplayName(name, marketplace))), std::string::npos) << name;
      }
    }
  }
}

TEST(StatusPageTest, BuyerAndSourceTextIsShownAsTextNeverAsMarkup) {
  const std::string hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>\u202e";
  Shop shop("<b>shop</b>");
  shop.Rate("late_shipment_rate_10d", 1, 100, 0.03, 0.04);
  shop.Settle();
  shop.AtRisk("ship_deadline_at_risk", {{hostile, "2026-11-10T22:00:00Z"}});
  SourceSnapshot src{
      "<b>shop</b>/orders", "<b>shop</b>", "orders", 3, 1, kNow, false, hostile, kNow};
  auto summary = shop.Summary({src});
  digest::AccountDigest month;
  month.feedback.push_back({1, kNow, hostile, hostile});
  month.negative_feedback_count = 1;
  core::Silence silence{"s",    {{"account", "<b>shop</b>"}}, kNow, kNow + core::kDay, hostile,
                        hostile};
  ASSERT_TRUE(SilenceConcerns(silence, summary));
  const std::string pages[] = {OverviewPage({summary}, {}, kNow),
                               OverviewPage({summary, summary}, {"", "", "", hostile, 1}, kNow),
                               AccountPage({summary, shop.status, month, {silence}}, kNow)};
  for (const auto& page : pages) {
    EXPECT_EQ(page.find("<script"), std::string::npos);
    EXPECT_EQ(page.find("<img"), std::string::npos);
    EXPECT_EQ(page.find("<b>shop"), std::string::npos);
    EXPECT_EQ(page.find("\u202e"), std::string::npos) << "bidi override dropped";
  }
  for (const auto* page : {&pages[1], &pages[2]}) {
    EXPECT_NE(page->find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  }
  EXPECT_NE(pages[0].find("href=\"/accounts/%3Cb%3Eshop%3C%2Fb%3E\""), std::string::npos)
      << "the id as one path segment";
}

TEST(StatusPageTest, AlertsSellerwatchRaisesItselfAreNamedInWordsToo) {
  Shop shop("shop");
  shop.Firing("source_down", core::Severity::kWarning);
  auto summary = shop.Summary();
  ASSERT_EQ(summary.alerts.size(), 1u);
  EXPECT_EQ(summary.alerts[0].title, "Source not answering");
  digest::AccountDigest month;
  month.alerts.push_back(
      {"source_down", "", core::Severity::kWarning, kNow - core::kDay, std::nullopt, core::kDay});
  const std::string page = AccountPage({summary, shop.status, month, {}}, kNow);
  EXPECT_EQ(page.find("source_down"), std::string::npos);
  EXPECT_NE(page.find("Source not answering"), std::string::npos);
}

TEST(StatusPageTest, SilencesConcernAnAccountOnlyWhenTheirAccountLabelsAgree) {
  Shop shop("shop");
  shop.account.labels["team"] = "north";
  auto s = shop.Summary();
  auto concerns = [&](core::Labels matchers) {
    return SilenceConcerns({"x", std::move(matchers), kNow, kNow, "", ""}, s);
  };
  EXPECT_TRUE(concerns({{"account", "shop"}}));
  EXPECT_TRUE(concerns({{"account", "shop"}, {"rule", "late_shipment_rate_10d"}}));
  EXPECT_TRUE(concerns({{"team", "north"}, {"severity", "warning"}}));
  EXPECT_TRUE(concerns({{"marketplace", "amazon"}}));
  EXPECT_FALSE(concerns({{"account", "other"}}));
  EXPECT_FALSE(concerns({{"team", "south"}}));
  EXPECT_FALSE(concerns({{"region", "eu"}}));  // a label the account does not have
  EXPECT_FALSE(concerns({}));
}

TEST(StatusPageTest, TheOverviewFoldsQuietAccountsPastTenAndPagesPastFifty) {
  std::vector<std::unique_ptr<Shop>> shops;
  StatusReport report{kNow, std::nullopt, {}};
  for (int i = 0; i < 120; ++i) {
    shops.push_back(std::make_unique<Shop>(fmt::format("shop-{:03}", i)));
    shops.back()->Rate("late_shipment_rate_10d", i < 2 ? 5 : 0, 100, 0.03, 0.04);
    shops.back()->Settle();
    report.accounts.push_back(shops.back()->status);
  }
  auto all = SummarizeWorstFirst(report, {});
  const std::string page = OverviewPage(all, {}, kNow);
  EXPECT_NE(page.find("<h1>2 of 120 accounts need attention</h1>"), std::string::npos);
  auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (auto p = page.find(what); p != std::string::npos; p = page.find(what, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<section class=\"card critical\">"), 2u);
  EXPECT_EQ(count("<tr><td><span class=\"badge ok\">"), kAccountsPerPage - 2);
  EXPECT_NE(page.find("page 1 of 3"), std::string::npos);
  EXPECT_NE(page.find("<a href=\"/?page=2\">next »</a>"), std::string::npos);
  const std::string last = OverviewPage(all, {"", "", "ok", "", 3}, kNow);
  EXPECT_NE(last.find("href=\"/?status=ok&amp;page=2\">« previous"), std::string::npos);
}

// ------------------------------------------------------------------ in the reader's language
using namespace std::chrono_literals;
using testing_zh::Chinese;
using testing_zh::EnglishWords;
using testing_zh::HasChinese;
using testing_zh::IsValidUtf8;

// Human text in attributes (title, placeholder, aria-label) is checked as well as the text.
std::vector<std::string> PageEnglish(const std::string& page,
                                     const std::vector<std::string>& data) {
  std::string text = page;
  const auto from = text.find("<style>"), to = text.find("</style>");
  if (from != std::string::npos && to != std::string::npos) text.erase(from, to - from);
  const std::regex attribute("(title|placeholder|aria-label)=\"([^\"]*)\"");
  std::string attributes;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), attribute);
       it != std::sregex_iterator(); ++it) {
    attributes += " " + (*it)[2].str();
  }
  return EnglishWords(text + " " + attributes, data, true);
}

// An account with a bit of everything a page shows: every rate breached or close to it, items
// of every kind at risk, an alert firing and one of sellerwatch's own, a source down with its
// (English) error, what the marketplace says.
struct BusyShop : Shop {
  std::vector<std::string> rates;
  explicit BusyShop(std::string marketplace) : Shop("shop-1", std::move(marketplace)) {
    account.labels["team"] = "north";
    int i = 0;
    for (const auto& info : core::AllMetrics()) {
      if (info.unit != core::MetricUnit::kRate) continue;
      const bool above = info.direction == core::Direction::kAbove;
      const double bad = i % 3 == 0 ? 5 : i % 3 == 1 ? 3 : 1;
      auto& m =
          Rate(info.name, above ? bad : 100 - bad, 100, above ? 0.03 : 0.97, above ? 0.04 : 0.95);
      if (i % 4 == 1) {
        m.forecast = metrics::Forecast{};
        m.forecast->critical_in_days = 5;
        m.forecast->critical_probability = 0.7;
      }
      if (i % 4 == 2) {
        m.forecast = metrics::Forecast{};
        m.forecast->warn_in_days = 8;
      }
      rates.emplace_back(info.name);
      ++i;
    }
    Settle();
    // One metric no rule watches, one with too few orders to judge.
    status.metrics.push_back({{*core::FindMetric("negative_feedback_count_7d"), std::nullopt, 0, 2},
                              nullptr,
                              {},
                              {},
                              {},
                              {},
                              {}});
    status.metrics[1].verdict->insufficient_data = true;
    status.metrics[1].verdict->breached.reset();
    Firing(rates.front(), core::Severity::kCritical);
    Firing("source_down", core::Severity::kWarning);
    auto pending = store::AlertStateRecord::Inactive(account.id, rates[2], kNow - 1h);
    pending.state = core::AlertState::kPending;
    status.alerts.push_back(pending);
    AtRisk("ship_deadline_at_risk",
           {{"o-1", "2026-11-10T23:00:00Z"}, {"o-2", "2026-11-12T23:00:00Z"}});
    AtRisk("reply_deadline_at_risk", {{"m-1", "2026-11-11T02:00:00Z"}});
    AtRisk("dispute_deadline_at_risk", {{"d-1", "2026-11-25T02:00:00Z"}});
    status.at_risk.back().items.back().note = "NOT_RECEIVED";
    status.platform = {
        {account.id, "platform.account_status", "AT_RISK", kNow - 1h, kNow},
        {account.id, "platform.standards_level", "TOP_RATED", kNow - 1h, kNow},
        {account.id, "platform.standards_level_projected", "BELOW_STANDARD", kNow - 1h, kNow},
        {account.id, "platform.warning.x", "VALUE_X", kNow - 1h, kNow}};
  }
};

std::vector<std::string> PageData() {
  auto data = testing_zh::CommonData();
  for (const char* d : {"shop-1",
                        "shop-2",
                        "o-1",
                        "o-2",
                        "m-1",
                        "d-1",
                        "NOT_RECEIVED",
                        "AT_RISK",
                        "TOP_RATED",
                        "BELOW_STANDARD",
                        "VALUE_X",
                        "warning.x",
                        "orders",
                        "HTTP 401 from &lt;sp-api&gt;",
                        "HTTP 401 from <sp-api>",
                        "team=north",
                        "ops@example.com",
                        "carrier strike",
                        "buyer words",
                        "shop-1/orders",
                        "account=shop-1",
                        "sellerwatch"}) {
    data.emplace_back(d);
  }
  return data;
}

class StatusPageChineseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(StatusPageChineseTest, BothPagesAreChineseWithOnlyDataLeftInEnglish) {
  const auto zh = Chinese();
  BusyShop shop(GetParam());
  Shop quiet("shop-2", GetParam());
  SourceSnapshot down{"shop-1/orders",          "shop-1", "orders", 9, 9, kNow - 3h, true,
                      "HTTP 401 from <sp-api>", kNow - 1h};
  const AccountSummary summary = shop.Summary({down}, zh);
  const AccountSummary calm = quiet.Summary({}, zh);
  digest::AccountDigest month;
  for (const auto& name : shop.rates) {
    digest::MetricRow row;
    row.name = name;
    row.daily.assign(digest::kChartDays, 0.05);
    row.daily[3].reset();
    row.warn = 0.03;
    row.critical = 0.04;
    month.metrics.push_back(row);
  }
  month.alerts.push_back({shop.rates.front(), shop.rates.front(), core::Severity::kCritical,
                          kNow - 3 * core::kDay, kNow - core::kDay, 2 * core::kDay});
  month.alerts.push_back({shop.rates[1], shop.rates[1], core::Severity::kWarning, std::nullopt,
                          std::nullopt, 30 * core::kDay});
  month.alerts.push_back(
      {"source_down", "", core::Severity::kWarning, kNow - core::kDay, std::nullopt, core::kDay});
  month.feedback.push_back({1, kNow - core::kDay, "o-1", "carrier strike"});
  month.negative_feedback_count = 1;
  core::Silence silence{
      "s", {{"account", "shop-1"}}, kNow, kNow + 9 * core::kDay, "ops@example.com", "buyer words"};
  std::vector<AccountSummary> many;
  for (int i = 0; i < 60; ++i) many.push_back(i == 0 ? summary : calm);
  const std::string pages[] = {
      OverviewPage({summary, calm}, {}, kNow, zh),
      OverviewPage({summary, calm}, {GetParam(), "team=north", "attention", "shop", 1}, kNow, zh),
      OverviewPage(many, {"", "", "", "", 2}, kNow, zh),
      OverviewPage({}, {}, kNow, zh),
      AccountPage({summary, shop.status, month, {silence}, zh}, kNow),
      AccountPage({calm, quiet.status, {}, {}, zh}, kNow)};
  for (const auto& page : pages) {
    EXPECT_NE(page.find("<html lang=\"zh-CN\">"), std::string::npos);
    EXPECT_TRUE(HasChinese(page));
    EXPECT_TRUE(IsValidUtf8(page));
    EXPECT_EQ(page.find("<sp-api>"), std::string::npos) << "escaped";
    EXPECT_EQ(PageEnglish(page, PageData()), std::vector<std::string>{}) << page;
  }
  EXPECT_TRUE(HasChinese(summary.urgent)) << summary.urgent;
}

INSTANTIATE_TEST_SUITE_P(EveryMarketplace, StatusPageChineseTest,
                         ::testing::Values("amazon", "ebay", "aliexpress", "shopify", "custom"));

TEST(PageSummaryTest, TheMostUrgentSentenceInChinese) {
  const auto zh = Chinese();
  Shop shop("shop");
  shop.Rate("late_shipment_rate_10d", 3, 100, 0.03, 0.04);
  shop.Settle();
  shop.AtRisk("ship_deadline_at_risk",
              {{"o-2", "2026-11-10T23:00:00Z"}, {"o-1", "2026-11-10T22:00:00Z"}});
  EXPECT_EQ(shop.Summary({}, zh).urgent,
            "迟发率（10天）为 3%，已突破警告阈值 3%；再出现1次迟发就会突破严重阈值 4% — "
            "2个订单需要发货，截止 14:00 PST");

  Shop quiet("quiet");
  quiet.Rate("order_defect_rate", 1, 1000, 0.0075, 0.01);
  quiet.Settle();
  SourceSnapshot down{"quiet/orders", "quiet", "orders", 9, 9, std::nullopt, true, "HTTP 401"};
  EXPECT_EQ(quiet.Summary({down}, zh).urgent,
            "数据源 orders 自启动以来一直未能成功拉取数据：数据可能已过时（HTTP 401）");
}

TEST(StatusReportTextTest, TheTableIsInDaemonLanguageAndLinesUpInColumns) {
  const auto zh = Chinese();
  BusyShop shop("aliexpress");
  StatusReport report{kNow, std::nullopt, {shop.status}, zh};
  const std::string text = StatusText(report);
  EXPECT_TRUE(HasChinese(text));
  EXPECT_EQ(EnglishWords(text, PageData()), std::vector<std::string>{}) << text;
  // The columns line up, a Chinese character counting two: every value ends under the
  // header's "数值".
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::optional<std::size_t> value_end;
  std::size_t rows = 0;
  for (const auto& line : lines) {
    if (auto at = line.find("  数值"); at != std::string::npos) {
      value_end = digest::DisplayWidth(line.substr(0, at)) + 6;
      continue;
    }
    const auto percent = line.find('%');
    if (!value_end || !line.starts_with("  ") || line.starts_with("    ") ||
        percent == std::string::npos) {
      continue;
    }
    EXPECT_EQ(digest::DisplayWidth(line.substr(0, percent + 1)), *value_end) << line;
    ++rows;
  }
  EXPECT_GE(rows, shop.rates.size() - 1) << text;
}

}  // namespace
}  // namespace sellerwatch::app
