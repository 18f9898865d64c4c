#include "notify/render/digest_payloads.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/text.hpp"

namespace sellerwatch::notify {
namespace {

const i18n::Translator kEnglish;  // the receivers' default language
namespace json = boost::json;

// `accounts` sections of `lines` lines each, one of them hostile.
core::DigestPayload Digest(std::size_t accounts, std::size_t lines) {
  core::DigestPayload d;
  d.chat_title =
      "sellerwatch weekly digest: 3 of " + std::to_string(accounts) + " accounts need attention";
  for (std::size_t a = 0; a < accounts; ++a) {
    core::DigestChatSection s;
    s.title = "\U0001F534 shop-" + std::to_string(a) + " (amazon): critical";
    for (std::size_t l = 0; l < lines; ++l) {
      s.lines.push_back(
          "\U0001F534 order_defect_rate 1.2% (+0.14 pp) ▁▂▃▄▅▆▇█▁▂▃▄▅▆▇█▁▂▃▄▅▆▇█▁▂▃▄ "
          "target warn 0.7% · critical 1%");
    }
    s.lines.push_back("latest: ★☆☆☆☆ \"<!channel> @everyone <b>x</b> *bold* \r\nBcc: y\"");
    d.chat.push_back(std::move(s));
  }
  return d;
}

json::object Parse(const std::string& body) { return json::parse(body).as_object(); }

struct Size {
  const char* name;
  std::size_t accounts, lines;
};

class DigestPayloadBudgetTest : public ::testing::TestWithParam<Size> {};

TEST_P(DigestPayloadBudgetTest, SlackWithinLimits) {
  auto bodies = DigestSlackPayloads(kEnglish, Digest(GetParam().accounts, GetParam().lines));
  ASSERT_FALSE(bodies.empty());
  EXPECT_LE(bodies.size(), kDigestMessages);
  for (const auto& b : bodies) {
    auto o = Parse(b);
    const auto& blocks = o.at("blocks").as_array();
    EXPECT_LE(blocks.size(), 22u);
    std::size_t total = 0;
    for (const auto& block : blocks) {
      if (block.at("type") != "section") continue;
      auto text = std::string(block.at("text").at("text").as_string());
      EXPECT_LE(core::TextLength(text), 3000u);
      total += core::TextLength(text);
    }
    EXPECT_LE(total, 12000u);
    EXPECT_EQ(b.find("<!channel>"), std::string::npos);
  }
}

TEST_P(DigestPayloadBudgetTest, DiscordWithinLimits) {
  auto bodies = DigestDiscordPayloads(kEnglish, Digest(GetParam().accounts, GetParam().lines));
  EXPECT_LE(bodies.size(), kDigestMessages);
  for (const auto& b : bodies) {
    auto o = Parse(b);
    EXPECT_LE(core::TextLength(o.at("content").as_string()), 2000u);
    EXPECT_TRUE(o.at("allowed_mentions").at("parse").as_array().empty());
    const auto& embeds = o.at("embeds").as_array();
    EXPECT_LE(embeds.size(), 10u);
    std::size_t total = 0;
    for (const auto& e : embeds) {
      auto text = std::string(e.at("description").as_string());
      EXPECT_LE(core::TextLength(text), 4096u);
      total += core::TextLength(text);
    }
    EXPECT_LE(total, 6000u);
  }
}

TEST_P(DigestPayloadBudgetTest, TelegramWithinLimits) {
  auto bodies =
      DigestTelegramPayloads(kEnglish, Digest(GetParam().accounts, GetParam().lines), "-100123");
  EXPECT_LE(bodies.size(), kDigestMessages);
  for (const auto& b : bodies) {
    auto o = Parse(b);
    EXPECT_EQ(o.at("chat_id").as_int64(), -100123);
    auto text = std::string(o.at("text").as_string());
    EXPECT_LE(core::TelegramVisibleLength(text), 4096u);
    EXPECT_EQ(text.find("<b>x</b>"), std::string::npos);
  }
}

TEST_P(DigestPayloadBudgetTest, TeamsGoogleChatMattermostWithinLimits) {
  auto d = Digest(GetParam().accounts, GetParam().lines);
  for (const auto& b : DigestTeamsPayloads(kEnglish, d)) EXPECT_LE(b.size(), 20000u);
  for (const auto& b : DigestGoogleChatPayloads(kEnglish, d)) {
    EXPECT_LE(b.size(), 28000u);
    EXPECT_EQ(b.find("<b>x</b>"), std::string::npos);
  }
  for (const auto& b : DigestMattermostPayloads(kEnglish, d)) {
    EXPECT_LE(core::TextLength(Parse(b).at("text").as_string()), 16383u);
  }
  EXPECT_LE(DigestTeamsPayloads(kEnglish, d).size(), kDigestMessages);
  EXPECT_LE(DigestGoogleChatPayloads(kEnglish, d).size(), kDigestMessages);
  EXPECT_LE(DigestMattermostPayloads(kEnglish, d).size(), kDigestMessages);
}

INSTANTIATE_TEST_SUITE_P(Sizes, DigestPayloadBudgetTest,
                         ::testing::Values(Size{"One", 1, 3}, Size{"Fourteen", 14, 8},
                                           Size{"Thousand", 1000, 8}, Size{"HugeSection", 2, 400}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(DigestPayloadTest, ManyAccountsEndWithMoreNote) {
  auto bodies = DigestMattermostPayloads(kEnglish, Digest(1000, 8));
  ASSERT_EQ(bodies.size(), kDigestMessages);
  auto last = std::string(Parse(bodies.back()).at("text").as_string());
  EXPECT_NE(last.find("more accounts"), std::string::npos);
}

TEST(DigestPayloadTest, SmallDigestIsOneSlackMessageWithEveryAccount) {
  auto bodies = DigestSlackPayloads(kEnglish, Digest(3, 4));
  ASSERT_EQ(bodies.size(), 1u);
  for (int a = 0; a < 3; ++a) {
    EXPECT_NE(bodies[0].find("shop-" + std::to_string(a)), std::string::npos);
  }
  EXPECT_NE(bodies[0].find("&lt;!channel&gt;"), std::string::npos);
  EXPECT_NE(bodies[0].find("▁▂▃▄▅▆▇█"), std::string::npos);
}

}  // namespace
}  // namespace sellerwatch::notify
