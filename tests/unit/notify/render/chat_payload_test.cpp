// Every chat channel's payloads (alerting.md §5, DESIGN §1.5): valid JSON, within each
// documented limit, hostile buyer text arriving inert, and big groups split or summarised
// without losing an alert.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "notify/render/discord_payload.hpp"
#include "notify/render/google_chat_payload.hpp"
#include "notify/render/mattermost_payload.hpp"
#include "notify/render/slack_payload.hpp"
#include "notify/render/teams_payload.hpp"
#include "notify/render/telegram_payload.hpp"
#include "unit/notify/render/chat_checks.hpp"
#include "unit/notify/render/render_fixtures.hpp"

namespace sellerwatch::notify {
namespace {

const i18n::Translator kEnglish;  // the receivers' default language

namespace json = boost::json;
using testing::ForEachString;

using testing::CheckDiscord;
using testing::CheckGoogleChat;
using testing::CheckMattermost;
using testing::CheckSlack;
using testing::CheckTeams;
using testing::CheckTelegram;

struct Channel {
  std::string name;
  std::function<std::vector<std::string>(const core::Notification&)> render;
  std::function<void(const json::value&, const std::string&)> check;
};

std::ostream& operator<<(std::ostream& os, const Channel& c) { return os << c.name; }

std::vector<Channel> Channels() {
  return {
      {"Slack", [](const core::Notification& n) { return SlackPayloads(kEnglish, n); }, CheckSlack},
      {"Mattermost", [](const core::Notification& n) { return MattermostPayloads(kEnglish, n); },
       CheckMattermost},
      {"Discord", [](const core::Notification& n) { return DiscordPayloads(kEnglish, n); },
       CheckDiscord},
      {"Teams", [](const core::Notification& n) { return TeamsPayloads(kEnglish, n); }, CheckTeams},
      {"Telegram",
       [](const core::Notification& n) { return TelegramPayloads(kEnglish, n, "-1001234567890"); },
       CheckTelegram},
      {"GoogleChat", [](const core::Notification& n) { return GoogleChatPayloads(kEnglish, n); },
       CheckGoogleChat},
  };
}

class ChatPayloadTest : public ::testing::TestWithParam<Channel> {
 protected:
  // Renders, parses (Boost.JSON rejects invalid UTF-8) and checks limits; returns each
  // message's strings joined, for content checks.
  std::vector<std::string> RenderChecked(const core::Notification& n) {
    std::vector<std::string> bodies = GetParam().render(n);
    EXPECT_FALSE(bodies.empty());
    std::vector<std::string> texts;
    for (const auto& body : bodies) {
      boost::system::error_code ec;
      json::value doc = json::parse(body, ec);
      EXPECT_FALSE(ec) << ec.message() << "\n" << body.substr(0, 400);
      if (ec) continue;
      GetParam().check(doc, body);
      std::string all;
      ForEachString(doc, [&](const std::string& s) {
        for (unsigned char c : s) {
          EXPECT_FALSE((c < 0x20 && c != '\n') || c == 0x7F) << "control byte " << int(c);
        }
        all += s;
        all += '\n';
      });
      texts.push_back(std::move(all));
    }
    return texts;
  }
};

TEST_P(ChatPayloadTest, OneAlertShowsWhatToKnowAndDo) {
  auto texts = RenderChecked(testing::OneAlert());
  ASSERT_EQ(texts.size(), 1u);
  for (const char* expected : {"FIRING", "critical", "acme-us", "1.20%", "0.90%",
                               "334 more orders needed", "Answer open A"}) {
    EXPECT_NE(texts[0].find(expected), std::string::npos) << expected << "\n" << texts[0];
  }
}

TEST_P(ChatPayloadTest, ResolvedAlertSaysResolvedAndDropsTheHint) {
  auto texts = RenderChecked(testing::MakeNotification(
      {testing::MakeAlert("acme-us", core::Severity::kCritical, core::AlertState::kResolved)}));
  ASSERT_EQ(texts.size(), 1u);
  EXPECT_NE(texts[0].find("RESOLVED"), std::string::npos);
  EXPECT_EQ(texts[0].find("Answer open A"), std::string::npos);
}

TEST_P(ChatPayloadTest, HostileCommentArrivesInertAndWithinLimits) {
  auto texts = RenderChecked(testing::HostileAlert());
  ASSERT_FALSE(texts.empty());
  std::string all;
  for (const auto& t : texts) all += t;
  EXPECT_NE(all.find("Terrible seller"), std::string::npos);  // shown, not dropped
  const bool markdown =
      GetParam().name == "Discord" || GetParam().name == "Mattermost" || GetParam().name == "Teams";
  if (markdown) {
    // Backslash-escaped characters are literal text: drop them, and what is left must not
    // hold any markup.
    all = std::regex_replace(all, std::regex(R"(\\[\s\S])"), "");
  }
  for (const char* raw : {"<script", "<!channel", "<!here", "<@U123", "<users/all>", "<b>more",
                          "\xE2\x80\xAE", "\r"}) {
    EXPECT_EQ(all.find(raw), std::string::npos) << GetParam().name << " lets through " << raw;
  }
  if (markdown) {
    // Markdown channels: a mention word never appears bare.
    for (const char* mention : {"@everyone", "@here", "@channel"}) {
      EXPECT_EQ(all.find(std::string(" ") + mention), std::string::npos) << mention;
    }
    EXPECT_EQ(all.find("[click](http"), std::string::npos);  // no masked link
  }
}

TEST_P(ChatPayloadTest, OneAlertWithManyLongAnnotationsStaysWithinLimits) {
  core::Alert a = testing::MakeAlert();
  for (int i = 0; i < 30; ++i) {
    a.annotations[fmt::format("comment_{:02}", i)] = testing::HostileComment();
  }
  a.annotations["summary"] = testing::HostileComment();
  auto texts = RenderChecked(testing::MakeNotification({a}));
  ASSERT_FALSE(texts.empty());
  EXPECT_NE(texts[0].find("acme-us"), std::string::npos);
}

TEST_P(ChatPayloadTest, ManyAlertsAreSplitOrSummarisedWithoutLosingOne) {
  for (std::size_t count : {120u, 1000u}) {
    auto texts = RenderChecked(testing::ManyAlerts(count));
    ASSERT_FALSE(texts.empty());
    EXPECT_LE(texts.size(), 5u);  // chat channels throttle: never a burst of messages
    std::set<std::string> mentioned;
    std::size_t more = 0;
    for (const auto& t : texts) {
      for (std::size_t i = 0; i < count; ++i) {
        if (t.find(testing::ShopName(i)) != std::string::npos) {
          mentioned.insert(testing::ShopName(i));
        }
      }
      std::smatch m;
      if (std::regex_search(t, m, std::regex("\\+(\\d+) more alert"))) more += std::stoul(m[1]);
    }
    EXPECT_EQ(mentioned.size() + more, count) << "mentioned " << mentioned.size() << " +" << more;
    if (count == 120) {
      EXPECT_EQ(more, 0u);  // one line per alert fits a group this size
    }
    // Worst first: the first critical firing alert (4) comes before any warning (1).
    EXPECT_LT(texts[0].find(testing::ShopName(4)), texts[0].find(testing::ShopName(1)));
  }
}

TEST_P(ChatPayloadTest, MidSizeGroupShowsEveryAlertCompactly) {
  auto texts = RenderChecked(testing::ManyAlerts(12));
  std::string all;
  for (const auto& t : texts) all += t;
  for (std::size_t i = 0; i < 12; ++i) {
    EXPECT_NE(all.find(testing::ShopName(i)), std::string::npos) << testing::ShopName(i);
  }
  EXPECT_EQ(all.find("Answer open A"), std::string::npos);  // compact: no hint per alert
}

TEST_P(ChatPayloadTest, EmptyNotificationStillRendersOneValidMessage) {
  auto texts = RenderChecked(testing::MakeNotification({}));
  EXPECT_EQ(texts.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Render, ChatPayloadTest, ::testing::ValuesIn(Channels()),
                         [](const auto& info) { return info.param.name; });

TEST(TelegramPayloadTest, ChatIdIsANumberOrAString) {
  auto numeric = json::parse(TelegramPayloads(kEnglish, testing::OneAlert(), "12345")[0]);
  EXPECT_EQ(numeric.at("chat_id").as_int64(), 12345);
  auto named = json::parse(TelegramPayloads(kEnglish, testing::OneAlert(), "@shop_alerts")[0]);
  EXPECT_EQ(named.at("chat_id").as_string(), "@shop_alerts");
}

TEST(DiscordPayloadTest, ColourFollowsSeverityAndState) {
  auto color = [](core::Severity s, core::AlertState st) {
    auto doc = json::parse(
        DiscordPayloads(kEnglish, testing::MakeNotification({testing::MakeAlert("a", s, st)}))[0]);
    return doc.at("embeds").at(0).at("color").to_number<std::int64_t>();
  };
  EXPECT_EQ(color(core::Severity::kCritical, core::AlertState::kFiring), 0xE01E5A);
  EXPECT_EQ(color(core::Severity::kWarning, core::AlertState::kFiring), 0xECB22E);
  EXPECT_EQ(color(core::Severity::kCritical, core::AlertState::kResolved), 0x2EB67D);
}

}  // namespace
}  // namespace sellerwatch::notify
