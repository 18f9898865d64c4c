// Notifications in the receiver's language (issue 19): every renderer, given an English and a
// Chinese translator, over groups of 1, 3, 25 and 120 alerts whose Chinese annotations are long.
// Chinese text is three bytes a character in UTF-8 and an astral emoji two UTF-16 units, so the
// budgets each channel keeps (characters, UTF-16 units or JSON bytes) must still hold, no text
// may be cut inside a character, the e-mail subject must stay valid RFC 2047, and the machine
// JSON (webhook, Alertmanager, file) must stay English.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <functional>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/base64.hpp"
#include "core/text.hpp"
#include "core/utf8.hpp"
#include "fakes/process.hpp"
#include "fakes/temp_dir.hpp"
#include "notify/render/alertmanager_payload.hpp"
#include "notify/render/console_text.hpp"
#include "notify/render/digest_payloads.hpp"
#include "notify/render/email_body.hpp"
#include "notify/render/email_message.hpp"
#include "notify/render/notification_json.hpp"
#include "notify/render/webhook_payload.hpp"
#include "unit/i18n/chinese_checks.hpp"
#include "unit/notify/render/chat_checks.hpp"
#include "unit/notify/render/mime_summary.hpp"
#include "unit/notify/render/render_fixtures.hpp"

namespace sellerwatch::notify {
namespace {

namespace json = boost::json;

using testing_zh::Chinese;

// UTF-16 code units of UTF-8 text, counted from the lead bytes alone (independently of
// core::TextLength): a four-byte sequence is a surrogate pair, any other sequence one unit.
std::size_t Utf16Units(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) == 0x80) continue;
    n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD: a repaired cut

// Chinese sentences with an astral emoji in them, repeated to at least `units` UTF-16 units.
std::string LongChinese(std::size_t units) {
  static constexpr std::string_view kSentence =
      "订单缺陷率已连续三天上升，买家投诉和亚马逊商城交易保障索赔明显增多\U0001F525；"
      "请尽快回复买家消息，核对物流追踪信息，并为有缺陷的订单办理退款。";
  std::string out;
  while (Utf16Units(out) < units) out += kSentence;
  return out;
}

// What a Chinese receiver's summary starts with: found in every Chinese rendering of it.
std::string ChineseSummaryStart(const std::string& account) {
  return account + " 的订单缺陷率为 1.20%";
}

// The alert as the alert builder writes it for a receiver reading Chinese: every human
// annotation again in Chinese, most of them long, plus a long buyer comment.
core::Alert Localized(core::Alert a) {
  const std::string account = a.Label("account");
  a.annotations["comment"] = "Buyer wrote: " + std::string(2000, 'x');
  a.localized["zh-CN"] = {
      {"title", "订单缺陷率（60 天）"},
      {"summary", ChineseSummaryStart(account) +
                      "（1000 笔订单中有 12 笔），已达到或超过严重阈值 0.90%。" +
                      LongChinese(1800)},
      {"value", "1.20%"},
      {"threshold", "警告 0.70%，严重 0.90%"},
      {"headroom", "已超过严重阈值 0.90%：还需 334 笔无缺陷订单才能恢复。" + LongChinese(700)},
      {"forecast", "按当前趋势，7 天后将达到 1.50%。" + LongChinese(400)},
      {"items", "111-2223334-5556667（周一 18:00 PST），" + LongChinese(500)},
      {"window", "60 天"},
      {"description", "有缺陷（差评、A-to-z 索赔、信用卡拒付）的订单所占比例。" + LongChinese(600)},
      {"hint", "请先回复未解决的亚马逊商城交易保障索赔，并为有缺陷的订单退款。" + LongChinese(900)},
      {"comment", "买家留言：" + LongChinese(3000)}};
  return a;
}

core::Notification LocalizedGroup(std::size_t count) {
  core::Notification n = count == 1 ? testing::OneAlert() : testing::ManyAlerts(count);
  for (auto& a : n.alerts) a = Localized(std::move(a));
  return n;
}

constexpr std::size_t kSizes[] = {1, 3, 25, 120};

struct Chat {
  std::string name;
  std::function<std::vector<std::string>(const i18n::Translator&, const core::Notification&)>
      render;
  std::function<void(const json::value&, const std::string&)> check;
};

std::vector<Chat> Chats() {
  return {
      {"Slack", SlackPayloads, testing::CheckSlack},
      {"Mattermost", MattermostPayloads, testing::CheckMattermost},
      {"Discord", DiscordPayloads, testing::CheckDiscord},
      {"Teams", TeamsPayloads, testing::CheckTeams},
      {"Telegram",
       [](const i18n::Translator& tr, const core::Notification& n) {
         return TelegramPayloads(tr, n, "-1001234567890");
       },
       testing::CheckTelegram},
      {"GoogleChat", GoogleChatPayloads,
       [](const json::value& doc, const std::string& body) {
         testing::CheckGoogleChat(doc, body);
         EXPECT_LE(body.size(), google_chat_limits::kBodyBytes);  // the margin it documents
       }},
  };
}

// Every string of every body, each checked: valid UTF-8 not repaired anywhere (a character cut
// in the middle would have become U+FFFD or broken the JSON), no control characters.
std::string RenderedText(const Chat& chat, const i18n::Translator& tr, const core::Notification& n,
                         std::size_t* messages = nullptr) {
  std::vector<std::string> bodies = chat.render(tr, n);
  EXPECT_FALSE(bodies.empty());
  EXPECT_LE(bodies.size(), 5u);
  if (messages) *messages = bodies.size();
  std::string all;
  for (const auto& body : bodies) {
    EXPECT_TRUE(core::IsValidUtf8(body));
    boost::system::error_code ec;
    json::value doc = json::parse(body, ec);  // Boost.JSON refuses invalid UTF-8 too
    EXPECT_FALSE(ec) << ec.message() << "\n" << body.substr(0, 300);
    if (ec) continue;
    chat.check(doc, body);
    testing::ForEachString(doc, [&](const std::string& s) {
      EXPECT_TRUE(core::IsValidUtf8(s));
      EXPECT_EQ(s.find(kReplacement), std::string::npos) << chat.name << ": " << s.substr(0, 200);
      for (unsigned char c : s) EXPECT_FALSE((c < 0x20 && c != '\n') || c == 0x7F);
      all += s;
      all += '\n';
    });
  }
  return all;
}

TEST(LocalizedRenderTest, Utf16CountingIsWhatChatApisCount) {
  // CJK is one unit a character, an astral emoji two: the code's unit is the chat APIs' unit.
  for (std::string_view s : {"订单缺陷率", "告警中\U0001F525", "\u26A0\uFE0F 严重", "abc"}) {
    EXPECT_EQ(core::TextLength(s), Utf16Units(s)) << s;
  }
  EXPECT_EQ(core::TextLength("\U0001F525"), 2u);
  EXPECT_EQ(core::TelegramVisibleLength("<b>告警中</b> &amp; \U0001F525"), 3u + 1 + 1 + 1 + 2);
  // A cut never splits a character: CJK or a surrogate pair.
  for (std::size_t max = 1; max < 12; ++max) {
    std::string cut = core::Truncate("订单\U0001F525缺陷率\U0001F525上升", max);
    EXPECT_TRUE(core::IsValidUtf8(cut)) << max;
    EXPECT_LE(core::TextLength(cut), max);
  }
}

TEST(LocalizedRenderTest, EveryChatChannelKeepsItsLimitsInBothLanguages) {
  const i18n::Translator english, chinese = Chinese();
  const std::regex english_more("\\+(\\d+) more alert");
  const std::regex chinese_more("另有 (\\d+) 条告警");
  for (const Chat& chat : Chats()) {
    for (std::size_t count : kSizes) {
      const core::Notification n = LocalizedGroup(count);
      for (const i18n::Translator* tr : {&english, &chinese}) {
        SCOPED_TRACE(chat.name + " " + std::to_string(count) + " alerts in " + tr->Language());
        std::string all = RenderedText(chat, *tr, n);
        // Every alert is shown or counted in "+N more", in the reader's words.
        std::set<std::string> shown;
        for (const auto& a : n.alerts) {
          if (all.find(a.Label("account")) != std::string::npos) shown.insert(a.Label("account"));
        }
        std::size_t more = 0;
        const std::regex& more_re = tr->IsEnglish() ? english_more : chinese_more;
        for (auto it = std::sregex_iterator(all.begin(), all.end(), more_re);
             it != std::sregex_iterator(); ++it) {
          more += std::stoul((*it)[1]);
        }
        EXPECT_EQ(shown.size() + more, count) << "shown " << shown.size() << " +" << more;
      }
    }
  }
}

TEST(LocalizedRenderTest, ChineseReceiverReadsChineseAndEnglishReceiverEnglish) {
  const i18n::Translator english, chinese = Chinese();
  const core::Notification n = LocalizedGroup(1);
  for (const Chat& chat : Chats()) {
    SCOPED_TRACE(chat.name);
    std::string zh = RenderedText(chat, chinese, n);
    for (const std::string& expected :
         {std::string("告警中"), std::string("严重"), std::string("当前值"), std::string("余量"),
          std::string("处理建议"), std::string("1.20%（警告 0.70%，严重 0.90%）"),
          std::string("订单缺陷率（60 天）"), ChineseSummaryStart("acme-us")}) {
      EXPECT_NE(zh.find(expected), std::string::npos) << expected << "\n" << zh.substr(0, 600);
    }
    for (const char* english_word : {"FIRING", "Value", "Headroom", "What to do", "critical"}) {
      EXPECT_EQ(zh.find(english_word), std::string::npos) << english_word;
    }
    std::string en = RenderedText(chat, english, n);
    for (const char* expected : {"FIRING", "critical", "Value", "is 1.20% (12 of 1000)"}) {
      EXPECT_NE(en.find(expected), std::string::npos) << expected;
    }
    for (const char* chinese_word : {"告警", "订单缺陷率", "当前值", "余量"}) {
      EXPECT_EQ(en.find(chinese_word), std::string::npos) << chinese_word;
    }
  }
  // A group's headline counts in Chinese: "告警中：3 条告警（…）".
  std::string group = RenderedText(Chats()[0], chinese, LocalizedGroup(3));
  EXPECT_NE(group.find("告警中：3 条告警（"), std::string::npos) << group.substr(0, 400);
  EXPECT_NE(group.find("条已恢复"), std::string::npos);
  EXPECT_NE(group.find("恢复于 2026年11月01日 12:00 UTC"), std::string::npos);
  EXPECT_NE(group.find("开始于 2026年11月01日 10:42 UTC"), std::string::npos);
}

TEST(LocalizedRenderTest, SplitMessagesAreNumberedInTheReadersLanguage) {
  // Twenty compact alerts in Chinese (three bytes a character) overflow one Teams card: each
  // part says which it is.
  std::size_t messages = 0;
  std::string all = RenderedText(Chats()[3], Chinese(), LocalizedGroup(20), &messages);
  ASSERT_GT(messages, 1u);
  EXPECT_NE(all.find("（1/" + std::to_string(messages) + "）"), std::string::npos);
  EXPECT_EQ(all.find(" (1/"), std::string::npos);
}

json::value ParseMail(const std::string& message) {
  return sellerwatch::testing::MimeSummary(message);
}

// The raw Subject field, unfolded lines included.
std::string RawSubject(const std::string& message) {
  std::size_t start = message.find("\r\nSubject:");
  if (start == std::string::npos) return {};
  start += 2;
  std::size_t end = start;
  do {
    end = message.find("\r\n", end) + 2;
  } while (message[end] == ' ' || message[end] == '\t');
  return message.substr(start, end - start);
}

TEST(LocalizedRenderTest, ChineseEmailSubjectIsValidRfc2047AndParsesBack) {
  const i18n::Translator english, chinese = Chinese();
  EmailEnvelope envelope;
  envelope.from = "sellerwatch <alerts@example.com>";
  envelope.to = {"ops@example.com"};
  envelope.message_id = "<sw.0123456789abcdef@example.com>";
  envelope.date = testing::At("2026-11-01T12:05:00Z");
  const std::regex word("=\\?UTF-8\\?B\\?([A-Za-z0-9+/=]*)\\?=");
  for (std::size_t count : kSizes) {
    const core::Notification n = LocalizedGroup(count);
    for (const i18n::Translator* tr : {&english, &chinese}) {
      SCOPED_TRACE(std::to_string(count) + " alerts in " + tr->Language());
      const std::string subject = EmailSubject(*tr, n);
      EXPECT_TRUE(core::IsValidUtf8(subject));
      EXPECT_EQ(subject.find(kReplacement), std::string::npos);
      EXPECT_LE(core::TextLength(subject), 200u);
      EXPECT_EQ(subject.find_first_of("\r\n"), std::string::npos);
      EXPECT_EQ(subject.rfind("[sellerwatch] ", 0), 0u);
      EXPECT_EQ(subject.find(tr->IsEnglish() ? "告警" : "FIRING"), std::string::npos) << subject;

      auto message = BuildEmail(*tr, n, envelope);
      ASSERT_TRUE(message) << message.error().message;
      // Encoded-words of at most 75 characters, each decoding to whole UTF-8 characters on its
      // own (RFC 2047 §5: a word may not split a character).
      const std::string raw = RawSubject(*message);
      std::size_t words = 0;
      for (auto it = std::sregex_iterator(raw.begin(), raw.end(), word);
           it != std::sregex_iterator(); ++it, ++words) {
        EXPECT_LE(it->length(), 75) << it->str();
        auto bytes = core::Base64Decode((*it)[1].str());
        ASSERT_TRUE(bytes) << it->str();
        EXPECT_TRUE(core::IsValidUtf8(*bytes)) << it->str();
      }
      if (!tr->IsEnglish()) {
        EXPECT_GT(words, 0u) << raw;
      }

      auto mail = ParseMail(*message);
      EXPECT_TRUE(mail.at("defects").as_array().empty()) << json::serialize(mail.at("defects"));
      EXPECT_LE(mail.at("max_line_length").as_int64(), 78);
      std::string parsed_subject = "<missing>";
      for (const auto& h : mail.at("headers").as_array()) {
        if (h.at(0).as_string() == "Subject") parsed_subject = std::string(h.at(1).as_string());
      }
      EXPECT_EQ(parsed_subject, subject);
      for (const auto& part : mail.at("parts").as_array()) {
        std::string text(part.at("text").as_string());
        EXPECT_EQ(text.find(kReplacement), std::string::npos);
        if (!tr->IsEnglish()) {
          EXPECT_NE(text.find(count == 1 ? "当前值" : "条告警"), std::string::npos);
          EXPECT_NE(text.find("接收方 ops"), std::string::npos);
        }
      }
    }
  }
}

TEST(LocalizedRenderTest, EmailAndConsoleSpeakTheReceiversLanguage) {
  const i18n::Translator english, chinese = Chinese();
  const core::Notification n = LocalizedGroup(1);
  const std::string zh_subject = EmailSubject(chinese, n);
  EXPECT_EQ(zh_subject.rfind("[sellerwatch] 告警中（严重）：" + ChineseSummaryStart("acme-us"), 0),
            0u)
      << zh_subject;
  EXPECT_EQ(EmailSubject(english, n).rfind("[sellerwatch] FIRING critical: acme-us order_", 0), 0u);

  const std::string zh_text = EmailText(chinese, n);
  for (const char* expected :
       {"告警中（严重）：acme-us · 订单缺陷率（60 天）", "当前值：", "处理建议：",
        "开始于 2026年11月01日 10:42 UTC", "sellerwatch \u00B7 接收方 ops \u00B7 1 条告警"}) {
    EXPECT_NE(zh_text.find(expected), std::string::npos) << expected << "\n" << zh_text;
  }
  const std::string zh_html = EmailHtml(chinese, n);
  EXPECT_NE(zh_html.find("<html lang=\"zh-CN\">"), std::string::npos);
  EXPECT_NE(zh_html.find("&middot; 接收方 ops &middot; 1 条告警"), std::string::npos);
  const std::string en_html = EmailHtml(english, n);
  EXPECT_NE(en_html.find("sellerwatch &middot; receiver ops &middot; 1 alert<"), std::string::npos);
  EXPECT_EQ(en_html.find("lang="), std::string::npos);

  const std::string zh_console = ConsoleText(chinese, n);
  for (const char* expected : {" 告警中 ", " 严重 ", "    余量：", "    规则：",
                               "订单缺陷率（60 天）（警告 0.70%，严重 0.90%，统计周期 60 天）",
                               "    处理建议：", "acme-us 的订单缺陷率为 1.20%"}) {
    EXPECT_NE(zh_console.find(expected), std::string::npos) << expected << "\n" << zh_console;
  }
  const std::string en_console = ConsoleText(english, n);
  EXPECT_NE(en_console.find(" FIRING   critical "), std::string::npos) << en_console;
  EXPECT_NE(en_console.find("    rule:       order_defect_rate (warn 0.70%, critical 0.90%, "
                            "window 60 days)\n"),
            std::string::npos)
      << en_console;
  EXPECT_EQ(en_console.find("订单"), std::string::npos);
}

TEST(LocalizedRenderTest, EmailOfAHugeGroupCountsTheRestInChinese) {
  const std::string text = EmailText(Chinese(), LocalizedGroup(kEmailMaxAlerts + 5));
  EXPECT_NE(text.find("另有 5 条告警（优先级较低）；运行 `sellerwatch status` 可查看全部"),
            std::string::npos);
}

TEST(LocalizedRenderTest, MachineJsonStaysEnglishWithoutLocalizedText) {
  const core::Notification n = LocalizedGroup(3);
  auto webhook = BuildWebhookRequest(n, "msg_1", 1795000000, "");
  ASSERT_TRUE(webhook);
  for (const std::string& body : {NotificationJson(n), AlertmanagerPayload(n), webhook->body}) {
    EXPECT_EQ(body.find("localized"), std::string::npos);
    EXPECT_EQ(body.find("订单"), std::string::npos);
    EXPECT_EQ(body.find("zh-CN"), std::string::npos);
    EXPECT_NO_THROW(json::parse(body));
  }
  auto doc = json::parse(NotificationJson(n));
  const auto& annotations = doc.at("alerts").at(0).at("annotations").as_object();
  EXPECT_EQ(annotations.at("summary").as_string(), n.alerts[0].annotations.at("summary"));
}

// A weekly digest arrives rendered in the receiver's language; what the chat split adds, the
// part numbers and "+N more accounts", is in it too, and the budgets hold for Chinese lines.
TEST(LocalizedRenderTest, DigestChatPayloadsKeepTheirLimitsInChinese) {
  const i18n::Translator chinese = Chinese();
  core::DigestPayload d;
  d.chat_title = "sellerwatch 每周摘要：300 个账户中有 3 个需要关注";
  for (std::size_t a = 0; a < 300; ++a) {
    core::DigestChatSection s;
    s.title = "\U0001F534 店铺-" + std::to_string(a) + "（亚马逊）：严重";
    for (int l = 0; l < 12; ++l)
      s.lines.push_back("订单缺陷率 1.2%（+0.14 个百分点）▁▂▃▄▅▆▇█ " + LongChinese(120));
    d.chat.push_back(std::move(s));
  }
  auto check_all = [&](const std::vector<std::string>& bodies, auto&& check) {
    EXPECT_LE(bodies.size(), kDigestMessages);
    std::string all;
    for (const auto& body : bodies) {
      EXPECT_TRUE(core::IsValidUtf8(body));
      auto doc = json::parse(body);
      check(doc, body);
      testing::ForEachString(doc, [&](const std::string& s) {
        EXPECT_EQ(s.find(kReplacement), std::string::npos);
        all += s;
      });
    }
    EXPECT_NE(all.find("另有 "), std::string::npos);
    EXPECT_NE(all.find(" 个账户未显示"), std::string::npos);
    EXPECT_NE(all.find("（1/"), std::string::npos);
  };
  check_all(DigestSlackPayloads(chinese, d), [](const json::value& doc, const std::string&) {
    for (const auto& b : doc.at("blocks").as_array()) {
      const auto& type = b.at("type").as_string();
      std::size_t limit = type == "header" ? 150u : 3000u;
      if (type != "context") {
        EXPECT_LE(testing::Len(b.at("text").at("text")), limit);
      }
    }
  });
  check_all(DigestDiscordPayloads(chinese, d), [](const json::value& doc, const std::string&) {
    EXPECT_LE(testing::Len(doc.at("content")), discord_limits::kContent);
    std::size_t total = 0;
    for (const auto& e : doc.at("embeds").as_array()) {
      EXPECT_LE(testing::Len(e.at("description")), discord_limits::kDescription);
      total += testing::Len(e.at("description"));
    }
    EXPECT_LE(total, discord_limits::kEmbedTotal);
  });
  check_all(DigestTelegramPayloads(chinese, d, "-100123"),
            [](const json::value& doc, const std::string&) {
              std::string text(doc.at("text").as_string());
              EXPECT_LE(testing::TelegramVisible(text), telegram_limits::kText);
            });
  check_all(DigestTeamsPayloads(chinese, d), [](const json::value&, const std::string& body) {
    EXPECT_LE(body.size(), teams_limits::kBodyBytes);
  });
  check_all(DigestMattermostPayloads(chinese, d), [](const json::value& doc, const std::string&) {
    EXPECT_LE(testing::Len(doc.at("text")), mattermost_limits::kPostText);
  });
  check_all(DigestGoogleChatPayloads(chinese, d), [](const json::value&, const std::string& body) {
    EXPECT_LE(body.size(), google_chat_limits::kMessageBytes);
  });
}

}  // namespace
}  // namespace sellerwatch::notify
