// The documented limits of each chat channel's payload (alerting.md §5), checked on one parsed
// body: what chat_payload_test and localized_render_test both hold every payload to. Lengths
// are UTF-16 code units (what Slack, Discord and Telegram count; never less than code points).
#pragma once

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "core/text.hpp"
#include "notify/render/discord_payload.hpp"
#include "notify/render/google_chat_payload.hpp"
#include "notify/render/mattermost_payload.hpp"
#include "notify/render/slack_payload.hpp"
#include "notify/render/teams_payload.hpp"
#include "notify/render/telegram_payload.hpp"

namespace sellerwatch::notify::testing {

namespace json = boost::json;

inline std::size_t Len(json::value const& v) { return core::TextLength(v.as_string()); }

inline void CheckSlack(const json::value& doc, const std::string&) {
  const auto& o = doc.as_object();
  ASSERT_TRUE(o.contains("text"));
  EXPECT_LE(Len(o.at("text")), 40000u);
  const auto& blocks = o.at("blocks").as_array();
  EXPECT_LE(blocks.size(), slack_limits::kBlocks);
  ASSERT_FALSE(blocks.empty());
  for (const auto& b : blocks) {
    std::string type(b.at("type").as_string());
    if (type == "header") {
      EXPECT_EQ(b.at("text").at("type").as_string(), "plain_text");
      EXPECT_LE(Len(b.at("text").at("text")), slack_limits::kHeaderText);
    } else if (type == "section") {
      EXPECT_LE(Len(b.at("text").at("text")), slack_limits::kSectionText);
      if (b.as_object().contains("fields")) {
        const auto& fields = b.at("fields").as_array();
        EXPECT_LE(fields.size(), slack_limits::kFields);
        for (const auto& f : fields) EXPECT_LE(Len(f.at("text")), slack_limits::kFieldText);
      }
    } else {
      EXPECT_EQ(type, "context");
    }
  }
}

inline void CheckMattermost(const json::value& doc, const std::string&) {
  EXPECT_LE(Len(doc.at("text")), mattermost_limits::kPostText);
}

inline void CheckDiscord(const json::value& doc, const std::string&) {
  namespace lim = discord_limits;
  EXPECT_LE(Len(doc.at("content")), lim::kContent);
  EXPECT_TRUE(doc.at("allowed_mentions").at("parse").as_array().empty());
  const auto& embeds = doc.at("embeds").as_array();
  EXPECT_LE(embeds.size(), lim::kEmbeds);
  std::size_t total = 0;
  for (const auto& e : embeds) {
    // Title is optional (one-line listings have none); an embed needs some text.
    std::size_t title = e.as_object().contains("title") ? Len(e.at("title")) : 0;
    EXPECT_LE(title, lim::kTitle);
    EXPECT_GT(Len(e.at("description")), 0u);
    EXPECT_LE(Len(e.at("description")), lim::kDescription);
    EXPECT_LE(Len(e.at("footer").at("text")), lim::kFooter);
    total += title + Len(e.at("description")) + Len(e.at("footer").at("text"));
    EXPECT_TRUE(e.at("color").is_int64() || e.at("color").is_uint64());
    if (e.as_object().contains("fields")) {
      const auto& fields = e.at("fields").as_array();
      EXPECT_LE(fields.size(), lim::kFields);
      for (const auto& f : fields) {
        EXPECT_LE(Len(f.at("name")), lim::kFieldName);
        EXPECT_LE(Len(f.at("value")), lim::kFieldValue);
        EXPECT_GT(Len(f.at("value")), 0u);
        total += Len(f.at("name")) + Len(f.at("value"));
      }
    }
  }
  EXPECT_LE(total, lim::kEmbedTotal);
}

inline void CheckTeams(const json::value& doc, const std::string& body) {
  EXPECT_LE(body.size(), teams_limits::kBodyBytes);
  EXPECT_LE(body.size(), 28u * 1024u);
  EXPECT_EQ(doc.at("type").as_string(), "message");
  const auto& attachments = doc.at("attachments").as_array();
  ASSERT_EQ(attachments.size(), 1u);
  EXPECT_EQ(attachments[0].at("contentType").as_string(),
            "application/vnd.microsoft.card.adaptive");
  const auto& card = attachments[0].at("content");
  EXPECT_EQ(card.at("type").as_string(), "AdaptiveCard");
  EXPECT_EQ(card.at("version").as_string(), "1.4");
  EXPECT_FALSE(card.at("body").as_array().empty());
}

// What Telegram counts after parsing parse_mode=HTML, computed independently of the renderer.
inline std::size_t TelegramVisible(const std::string& html) {
  std::string text = std::regex_replace(html, std::regex("<[^>]*>"), "");
  text = std::regex_replace(text, std::regex("&(lt|gt|amp|quot);"), "x");
  return core::TextLength(text);
}

inline void CheckTelegram(const json::value& doc, const std::string&) {
  EXPECT_EQ(doc.at("chat_id").as_int64(), -1001234567890);
  EXPECT_EQ(doc.at("parse_mode").as_string(), "HTML");
  EXPECT_TRUE(doc.at("disable_web_page_preview").as_bool());
  std::string text(doc.at("text").as_string());
  EXPECT_GE(TelegramVisible(text), 1u);
  EXPECT_LE(TelegramVisible(text), telegram_limits::kText);
  // Only the tags we write, only the entities Telegram knows.
  std::regex tag("<[^>]*>");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), tag); it != std::sregex_iterator();
       ++it) {
    static const std::set<std::string> kAllowed = {"<b>",  "</b>",   "<i>",
                                                   "</i>", "<code>", "</code>"};
    EXPECT_TRUE(kAllowed.count(it->str())) << it->str();
  }
  std::regex entity("&[^;\\s]*;?");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), entity);
       it != std::sregex_iterator(); ++it) {
    EXPECT_TRUE(it->str() == "&lt;" || it->str() == "&gt;" || it->str() == "&amp;") << it->str();
  }
}

inline void CheckGoogleChat(const json::value& doc, const std::string& body) {
  EXPECT_LE(body.size(), google_chat_limits::kMessageBytes);
  EXPECT_TRUE(doc.at("text").is_string());
  const auto& cards = doc.at("cardsV2").as_array();
  ASSERT_EQ(cards.size(), 1u);
  EXPECT_TRUE(cards[0].at("card").at("header").at("title").is_string());
}

}  // namespace sellerwatch::notify::testing
