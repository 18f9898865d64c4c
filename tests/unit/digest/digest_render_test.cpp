#include <gtest/gtest.h>

#include <regex>

#include "digest/render.hpp"
#include "digest_test_data.hpp"

namespace sellerwatch::digest {
namespace {

using namespace testdata;

Digest TwoShops() {
  return BuildDigest(
      {"ops-mail", "Europe/Berlin", {Account("fine-shop", false), Account("bad-shop", true)}},
      kNow);
}

TEST(DigestRenderTest, HtmlEscapesHostileCommentAndHasNoScriptsOrExternalResources) {
  const std::string html = DigestHtml(TwoShops());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(
      html.find("&lt;script&gt;alert(1)&lt;/script&gt; never arrived Bcc: victim@example.com"),
      std::string::npos);
  EXPECT_EQ(std::regex_search(html, std::regex(R"(<[^>]*\s(src|href)\s*=)", std::regex::icase)),
            false);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("\r"), std::string::npos);
}

TEST(DigestRenderTest, HtmlListsAccountsWorstFirstWithVerdictAndCharts) {
  const std::string html = DigestHtml(TwoShops());
  auto bad = html.find("bad-shop"), fine = html.find("fine-shop");
  ASSERT_NE(bad, std::string::npos);
  ASSERT_NE(fine, std::string::npos);
  EXPECT_LT(bad, fine);
  EXPECT_NE(html.find("1 of 2 accounts needs attention"), std::string::npos);
  // One bar cell per day for each metric with values: 2 accounts × 2 metrics × 28 days.
  std::size_t cells = 0;
  for (auto pos = html.find("<td valign=\"bottom\""); pos != std::string::npos;
       pos = html.find("<td valign=\"bottom\"", pos + 1)) {
    ++cells;
  }
  EXPECT_EQ(cells, 2u * 2u * kChartDays);
  // The threshold line: a 1px block in each cell of a metric with a threshold.
  EXPECT_NE(html.find("height:1px;line-height:1px"), std::string::npos);
}

TEST(DigestRenderTest, TextHasSameFactsWithSparklines) {
  const std::string text = DigestText(TwoShops());
  EXPECT_TRUE(text.find("1 of 2 accounts needs attention") != std::string::npos);
  EXPECT_LT(text.find("== bad-shop"), text.find("== fine-shop"));
  EXPECT_NE(text.find("Order defect rate (60 days)"), std::string::npos);
  EXPECT_EQ(text.find("order_defect_rate"), std::string::npos);
  EXPECT_NE(text.find("1.2%"), std::string::npos);
  EXPECT_NE(text.find("+0.14 pp"), std::string::npos);
  EXPECT_NE(text.find("warn 0.7% \u00B7 critical 1%"), std::string::npos);
  EXPECT_NE(text.find("\u2581"), std::string::npos);  // a sparkline
  EXPECT_NE(text.find("\u2588"), std::string::npos);
  EXPECT_NE(text.find("at this pace it reaches 3% in ~9 days"), std::string::npos);
  EXPECT_NE(text.find("Pre-fulfilment cancel rate (7 days) warning: fired"), std::string::npos);
  // The hostile comment is one line: no header can be smuggled into the text part.
  EXPECT_EQ(text.find("\r"), std::string::npos);
  EXPECT_EQ(text.find("\nBcc:"), std::string::npos);
  EXPECT_NE(text.find("never arrived Bcc: victim@example.com"), std::string::npos);
}

TEST(DigestRenderTest, ChatHasOneSectionPerAccountWithSparklines) {
  auto chat = DigestChat(TwoShops());
  ASSERT_EQ(chat.size(), 2u);
  EXPECT_NE(chat[0].title.find("bad-shop"), std::string::npos);
  ASSERT_FALSE(chat[0].lines.empty());
  EXPECT_NE(chat[0].lines[0].find("Order defect rate (60 days) 1.2% (+0.14 pp)"),
            std::string::npos);
  EXPECT_NE(chat[0].lines[0].find("\u2588"), std::string::npos);
  bool feedback = false;
  for (const auto& line : chat[0].lines) {
    EXPECT_EQ(line.find('\n'), std::string::npos);
    feedback = feedback || line.find("never arrived") != std::string::npos;
  }
  EXPECT_TRUE(feedback);
}

TEST(DigestRenderTest, PayloadSubjectIsOneCleanLine) {
  auto payload = RenderDigest(TwoShops());
  EXPECT_EQ(payload.subject, "[sellerwatch] Weekly digest: 1 of 2 accounts needs attention");
  EXPECT_EQ(payload.chat_title, "sellerwatch weekly digest: 1 of 2 accounts needs attention");
  EXPECT_EQ(payload.chat.size(), 2u);
}

TEST(DigestRenderTest, MarketplaceSaysInEveryFormEscaped) {
  const Digest d = TwoShops();
  const std::string html = DigestHtml(d);
  EXPECT_NE(html.find("Marketplace says"), std::string::npos);
  EXPECT_NE(html.find("account status: <b>AT_RISK</b>"), std::string::npos) << html;
  EXPECT_NE(html.find("AHR score: <b>180</b>"), std::string::npos);
  EXPECT_NE(html.find("account status: <b>NORMAL</b>"), std::string::npos);
  EXPECT_NE(html.find("(reported Sat 28 Nov 06:00)"), std::string::npos) << html;  // Berlin
  EXPECT_NE(html.find("warning.x: <b>&lt;script&gt;alert(1)&lt;/script&gt; never arrived"),
            std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);

  const std::string text = DigestText(d);
  EXPECT_NE(text.find("Marketplace says:\n  - account status: AT_RISK (reported Sat 28 Nov 06:00)\n"
                      "  - AHR score: 180 (reported Sat 28 Nov 06:00)\n  - warning.x: "),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  - account status: NORMAL (reported Sat 28 Nov 07:00)"), std::string::npos);
  EXPECT_EQ(text.find("\nBcc:"), std::string::npos);

  auto chat = DigestChat(d);
  ASSERT_EQ(chat.size(), 2u);
  auto says = [](const core::DigestChatSection& s) {
    for (const auto& line : s.lines)
      if (line.starts_with("marketplace says: ")) return line;
    return std::string();
  };
  EXPECT_EQ(says(chat[0]),
            "marketplace says: account status AT_RISK \u00B7 AHR score 180 (+1 more values)");
  EXPECT_EQ(says(chat[1]), "marketplace says: account status NORMAL");
}

}  // namespace
}  // namespace sellerwatch::digest
