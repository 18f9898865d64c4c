// The weekly digest in the receiver's language (issue 19): every part (subject, text, HTML,
// chat) in Chinese on every marketplace, with nothing English left but the data it quotes,
// still escaped and valid UTF-8; and the same digest in English stays as it was.

#include <gtest/gtest.h>

#include "core/metric_catalog.hpp"
#include "digest/digest_format.hpp"
#include "digest/render.hpp"
#include "digest_test_data.hpp"
#include "unit/i18n/chinese_checks.hpp"

namespace sellerwatch::digest {
namespace {

using namespace testdata;
using testing_zh::Chinese;
using testing_zh::EnglishWords;
using testing_zh::HasChinese;
using testing_zh::IsValidUtf8;

// Every catalogue metric with a threshold, in every state a digest can show: breached
// critical (recovery needed), warning with a forecast and its explanation, ok with headroom
// and a forecast, one bad event from the limit, no data; an alert fired and resolved, one
// firing, a meta alert; every kind of item at risk; hostile feedback; a stale and a silent
// source; what the marketplace says.
AccountInput Busy(const std::string& marketplace) {
  AccountInput a;
  a.id = "shop-1";
  a.marketplace = marketplace;
  int i = 0;
  for (const auto& info : core::AllMetrics()) {
    if (info.unit == core::MetricUnit::kStatus || info.window_days == 0) continue;
    MetricInput m;
    m.name = std::string(info.name);
    m.unit = info.unit;
    m.direction = info.direction;
    m.window_days = info.window_days;
    m.bad_events = std::string(info.bad_events);
    m.good_events = std::string(info.good_events);
    const bool above = info.direction == core::Direction::kAbove;
    const double scale = info.unit == core::MetricUnit::kRate       ? 0.01
                         : info.unit == core::MetricUnit::kDuration ? 3600
                                                                    : 1;
    m.warn = (above ? 2 : 97) * scale;
    m.critical = (above ? 4 : 95) * scale;
    m.value = (above ? 1 : 99) * scale;
    m.denominator = 200;
    switch (i++ % 5) {
      case 0:
        m.value = (above ? 5 : 90) * scale;
        m.breached = core::Severity::kCritical;
        m.good_events_needed = 40;
        break;
      case 1:
        m.value = (above ? 3 : 96) * scale;
        m.breached = core::Severity::kWarning;
        m.critical_in_days = 4;
        m.critical_probability = 0.85;
        m.forecast_why = "原因说明";  // written in the receiver's language (see `language`)
        break;
      case 2:
        m.bad_events_allowed = 2;
        m.warn_in_days = 9;
        m.warn_probability = 0.4;
        break;
      case 3:
        m.bad_events_allowed = 0;
        break;
      default:
        m.value.reset();
        break;
    }
    for (int d = 0; d < kChartDays; ++d) m.history.push_back({Today() - d, m.value});
    if (m.value) m.history.push_back({Today() - 7, *m.value * 0.5});
    a.metrics.push_back(std::move(m));
  }
  const std::string first = a.metrics[0].name, second = a.metrics[1].name;
  a.alert_events = {
      {first, first, core::AlertState::kFiring, core::Severity::kCritical, kNow - 2 * core::kDay},
      {second, second, core::AlertState::kFiring, core::Severity::kWarning, kNow - 5 * core::kDay},
      {second, second, core::AlertState::kResolved, core::Severity::kWarning,
       kNow - 4 * core::kDay},
      {"old", second, core::AlertState::kFiring, core::Severity::kWarning, kNow - 9 * core::kDay}};
  a.active_alerts = {{"source_down", core::Severity::kWarning, kNow - core::kDay},
                     {"old", core::Severity::kWarning, kNow - 9 * core::kDay}};
  a.at_risk = {{"ship_deadline_at_risk", "o-9", kNow + 5h},
               {"reply_deadline_at_risk", "m-3", kNow + 2h},
               {"dispute_deadline_at_risk", "d-7", kNow + 9h, "NOT_RECEIVED"}};
  for (int n = 0; n < 7; ++n) {
    a.at_risk.push_back({"ship_deadline_at_risk", "o-1" + std::to_string(n), kNow + 30h});
  }
  a.feedback = {{"f1", "o-1", 1, kNow - core::kDay, kHostileComment},
                {"f2", "", 2, kNow - 2 * core::kDay, "slow"}};
  a.sources = {{"orders", kNow - 3 * core::kDay, 1h}, {"simulator", std::nullopt, 0min}};
  a.platform = {{"platform.account_status", "AT_RISK", kNow - 3h},
                {"platform.ahr_score", "180", kNow - 3h},
                {"platform.standards_level", "TOP_RATED", kNow - 5h},
                {"platform.standards_level_projected", "BELOW_STANDARD", kNow - 1h},
                {"platform.warning.x", kHostileComment, kNow - 3h}};
  return a;
}

AccountInput Quiet(const std::string& marketplace) {
  AccountInput a;
  a.id = "shop-2";
  a.marketplace = marketplace;
  a.sources.push_back({"orders", kNow - 10min, 1h});
  a.platform.push_back({"platform.account_status", "NORMAL", kNow - 2h});
  return a;
}

// What the digest quotes as it is: ids, the buyer's and the marketplace's words, names.
std::vector<std::string> Data() {
  auto data = testing_zh::CommonData();
  for (const char* d :
       {"shop-1", "shop-2", "o-1", "m-3", "d-7", "NOT_RECEIVED", "AT_RISK", "TOP_RATED",
        "BELOW_STANDARD", "NORMAL", "warning.x", "orders", "simulator", "ops-mail", "slow",
        "Bcc: victim@example.com", "<script>alert(1)</script> never arrived",
        "<img src=\"http://x/y\">", "&lt;script&gt;alert(1)&lt;/script&gt; never arrived",
        "&lt;img src=&quot;http://x/y&quot;&gt;", "http://x/y",
        // the same cut short ("…") where a line has room for 80 characters
        "<img src=\"http:", "&lt;img src=&quot;http:"}) {
    data.emplace_back(d);
  }
  return data;
}

DigestInput ChineseInput(const std::string& marketplace) {
  DigestInput in{"ops-mail", "Europe/Berlin", {Busy(marketplace), Quiet(marketplace)}};
  in.language = "zh-CN";  // the explanations above are Chinese
  return in;
}

class DigestChineseTest : public ::testing::TestWithParam<std::string> {};

TEST_P(DigestChineseTest, EveryPartIsChineseWithOnlyDataLeftInEnglish) {
  const Digest d = BuildDigest(ChineseInput(GetParam()), kNow, Chinese());
  const core::DigestPayload p = RenderDigest(d);
  const auto data = Data();

  EXPECT_TRUE(HasChinese(p.subject)) << p.subject;
  EXPECT_EQ(p.subject, "[sellerwatch] 每周摘要：2个账户中有1个需要关注");
  EXPECT_EQ(EnglishWords(p.subject, data), std::vector<std::string>{});
  EXPECT_EQ(EnglishWords(p.chat_title, data), std::vector<std::string>{}) << p.chat_title;

  EXPECT_TRUE(HasChinese(p.text));
  EXPECT_TRUE(IsValidUtf8(p.text));
  EXPECT_EQ(EnglishWords(p.text, data), std::vector<std::string>{}) << p.text;
  EXPECT_NE(p.text.find("原因说明"), std::string::npos) << "the forecast's explanation";
  EXPECT_EQ(p.text.find("\nBcc:"), std::string::npos);

  EXPECT_NE(p.html.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_TRUE(HasChinese(p.html));
  EXPECT_TRUE(IsValidUtf8(p.html));
  EXPECT_EQ(EnglishWords(p.html, data, true), std::vector<std::string>{}) << p.html;
  EXPECT_EQ(p.html.find("<script"), std::string::npos);
  EXPECT_EQ(p.html.find("<img"), std::string::npos);
  EXPECT_NE(p.html.find("&lt;script&gt;alert(1)&lt;/script&gt; never arrived"), std::string::npos);

  ASSERT_EQ(p.chat.size(), 2u);
  for (const auto& section : p.chat) {
    EXPECT_TRUE(HasChinese(section.title)) << section.title;
    EXPECT_EQ(EnglishWords(section.title, data), std::vector<std::string>{}) << section.title;
    for (const auto& line : section.lines) {
      EXPECT_TRUE(IsValidUtf8(line));
      EXPECT_EQ(line.find('\n'), std::string::npos);
      EXPECT_EQ(EnglishWords(line, data), std::vector<std::string>{}) << line;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(EveryMarketplace, DigestChineseTest,
                         ::testing::Values("amazon", "ebay", "aliexpress", "shopify", "custom"));

TEST(DigestChineseTest, SentencesReadAsChineseSellersWriteThem) {
  const auto zh = Chinese();
  AccountDigest ok;
  ok.status = Status::kOk;
  AccountDigest bad;
  bad.status = Status::kCritical;
  EXPECT_EQ(Verdict({ok, ok, ok}, zh), "全部3个账户的各项指标均在限值之内");
  EXPECT_EQ(Verdict({bad, ok, bad}, zh), "3个账户中有2个需要关注");

  auto m = Rate("late_shipment_rate_10d", 0.01, 0.03, 0.04);
  m.bad_events = std::string(core::FindMetric("late_shipment_rate_10d")->bad_events);
  m.warn_in_days = 9;
  m.warn_probability = 0.4;
  m.bad_events_allowed = 2;
  const std::string outlook = Outlook(m, zh);
  EXPECT_TRUE(outlook.starts_with("按目前的速度，约9天后将达到 3%（7天内发生的可能性为 40%）；"))
      << outlook;
  EXPECT_NE(outlook.find("再出现3次"), std::string::npos) << outlook;

  EXPECT_EQ(FormatChange(zh, core::MetricUnit::kRate, 0.0014), "+0.14个百分点");
  EXPECT_EQ(FormatSpan(zh, 50h), "2天2小时");
  // Saturday 28 November 2026, 09:00 in Berlin.
  EXPECT_EQ(LocalWhen(zh, kNow, "Europe/Berlin"), "11月28日 周六 09:00");
  EXPECT_EQ(LocalWhen({}, kNow, "Europe/Berlin"), "Sat 28 Nov 09:00");
}

// A digest built from English explanations (a shard's export) leaves them out in Chinese
// rather than mixing languages; in English they stay.
TEST(DigestChineseTest, ExplanationsInAnotherLanguageAreLeftOut) {
  auto m = Rate("order_defect_rate", 0.008, 0.007, 0.01);
  m.breached = core::Severity::kWarning;
  m.critical_in_days = 4;
  m.forecast_why = "0.4 order defects a day lately";
  AccountInput a;
  a.id = "shop";
  a.marketplace = "amazon";
  a.metrics.push_back(m);
  const DigestInput english_why{"ops", "", {a}};
  EXPECT_EQ(BuildDigest(english_why, kNow, Chinese()).accounts[0].metrics[0].outlook.find("order"),
            std::string::npos);
  EXPECT_NE(BuildDigest(english_why, kNow)
                .accounts[0]
                .metrics[0]
                .outlook.find("why: 0.4 order defects a day lately"),
            std::string::npos);
}

}  // namespace
}  // namespace sellerwatch::digest
