// No code name in what a seller reads (issue 18): an alert the daemon's own builder makes for
// every catalogue metric, on every marketplace, rendered by each channel a person reads, shows
// the metric in words ("Late shipment rate (10 days)"), never its code. Codes stay in labels,
// JSON keys and /metrics, which these channels do not show.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "core/metric_catalog.hpp"
#include "core/metric_words.hpp"
#include "notify/render/console_text.hpp"
#include "notify/render/discord_payload.hpp"
#include "notify/render/email_body.hpp"
#include "notify/render/email_message.hpp"
#include "notify/render/google_chat_payload.hpp"
#include "notify/render/mattermost_payload.hpp"
#include "notify/render/slack_payload.hpp"
#include "notify/render/teams_payload.hpp"
#include "notify/render/telegram_payload.hpp"
#include "rules/alert_builder.hpp"
#include "unit/notify/render/render_fixtures.hpp"

namespace sellerwatch::notify {
namespace {

const i18n::Translator kEnglish;  // the receivers' default language

const core::Timestamp kNow = testing::At("2026-11-01T12:00:00Z");

// What each channel shows a person, as text: every string of a chat payload, the email's
// subject and bodies, the console lines.
std::vector<std::string> HumanTexts(const core::Notification& n) {
  std::vector<std::string> out;
  auto strings = [&](const std::vector<std::string>& payloads) {
    for (const auto& p : payloads) {
      testing::ForEachString(boost::json::parse(p),
                             [&](const std::string& s) { out.push_back(s); });
    }
  };
  strings(SlackPayloads(kEnglish, n));
  strings(DiscordPayloads(kEnglish, n));
  strings(TeamsPayloads(kEnglish, n));
  strings(GoogleChatPayloads(kEnglish, n));
  strings(MattermostPayloads(kEnglish, n));
  strings(TelegramPayloads(kEnglish, n, "12345"));
  out.push_back(EmailSubject(kEnglish, n));
  out.push_back(EmailText(kEnglish, n));
  out.push_back(EmailHtml(kEnglish, n));
  out.push_back(ConsoleText(kEnglish, n));
  return out;
}

core::Alert Built(const core::MetricInfo& info, const std::string& marketplace,
                  config::RuleKind kind) {
  config::AccountConfig account;
  account.id = "shop";
  account.marketplace = marketplace;
  config::EffectiveRule rule;
  rule.name = std::string(info.name);  // as the presets name them: the code itself
  rule.metric = std::string(info.name);
  rule.kind = kind;
  rule.direction = info.direction;
  const bool above = info.direction == core::Direction::kAbove;
  rule.warn = above ? 0.02 : 0.97;
  rule.critical = above ? 0.04 : 0.95;
  const bool rate = info.unit == core::MetricUnit::kRate;
  metrics::MetricValue value{info, rate ? std::optional<double>(5) : std::nullopt, 100,
                             rate ? 0.05 : 5.0};
  store::AlertStateRecord record;
  record.account = account.id;
  record.rule = rule.name;
  record.state = core::AlertState::kFiring;
  record.severity = core::Severity::kCritical;
  record.since = record.updated_at = kNow;
  record.active_since = kNow;
  if (kind == config::RuleKind::kThreshold) return rules::BuildAlert(account, rule, value, record);
  rules::RuleEvaluation ev;
  ev.rule = &rule;
  ev.value = value;
  return rules::BuildAlert(account, ev, record);
}

TEST(HumanWordsTest, NoChannelShowsAMetricCode) {
  for (const core::MetricInfo& info : core::AllMetrics()) {
    for (const std::string marketplace : {"amazon", "ebay", "aliexpress", "shopify"}) {
      for (auto kind : {config::RuleKind::kThreshold, config::RuleKind::kForecast}) {
        core::Alert alert = Built(info, marketplace, kind);
        const core::MetricWords words = core::WordsFor(info.name, marketplace);
        SCOPED_TRACE(std::string(info.name) + " on " + marketplace);
        auto texts = HumanTexts(testing::MakeNotification({alert}));
        bool named = false, described = false;
        for (const auto& text : texts) {
          EXPECT_EQ(text.find(info.name), std::string::npos) << text;
          named = named || text.find(words.name) != std::string::npos;
          described = described || text.find(words.description) != std::string::npos;
        }
        EXPECT_TRUE(named) << "no channel names " << words.name;
        EXPECT_TRUE(described) << "no channel says what it counts: " << words.description;
      }
    }
  }
}

}  // namespace
}  // namespace sellerwatch::notify
