// Every alert renderer fed hostile labels and annotations (buyer-written feedback reaches them):
// Slack, Discord, Teams, Google Chat, Mattermost, Telegram, the webhook and Alertmanager JSON,
// the console text, and the email (text, HTML, the whole MIME message). Strings come from the
// input, half of them behind the marker "<zz". The properties:
//   - every JSON body parses back (Boost.JSON refuses invalid UTF-8 too);
//   - the marker never reaches HTML or Slack/Telegram/Google Chat markup unescaped, and in the
//     Markdown channels (Discord, Teams, Mattermost) only behind a backslash;
//   - the email is 7-bit, CRLF only, its header lines are the fields BuildEmail writes (no
//     injected "Bcc:"), its boundary only delimits, and each part's quoted-printable decodes back
//     to the part's text.

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "i18n/languages.hpp"
#include "notify/render/alertmanager_payload.hpp"
#include "notify/render/console_text.hpp"
#include "notify/render/discord_payload.hpp"
#include "notify/render/email_body.hpp"
#include "notify/render/email_message.hpp"
#include "notify/render/google_chat_payload.hpp"
#include "notify/render/mattermost_payload.hpp"
#include "notify/render/notification_json.hpp"
#include "notify/render/slack_payload.hpp"
#include "notify/render/teams_payload.hpp"
#include "notify/render/telegram_payload.hpp"
#include "notify/render/webhook_payload.hpp"
#include "render_checks.hpp"

using namespace sellerwatch;
using namespace sellerwatch::fuzz;

namespace {

core::Alert MakeAlert(FuzzedDataProvider& in) {
  core::Alert a;
  a.labels = {{"account", Text(in, 40)}, {"marketplace", "amazon"},
              {"rule", Text(in, 40)},    {"metric", "order_defect_rate"},
              {"severity", "critical"},  {Text(in, 20), Text(in, 60)}};
  a.annotations = {
      {"summary", Text(in, 400)},  {"value", Text(in, 30)},  {"threshold", Text(in, 60)},
      {"headroom", Text(in, 120)}, {"window", Text(in, 20)}, {"hint", Text(in, 200)},
      {"comment", Text(in, 600)},  {"items", Text(in, 200)}, {Text(in, 20), Text(in, 200)}};
  for (const char* key : {"forecast", "value_raw", "numerator", "denominator"}) {
    if (in.ConsumeBool()) a.annotations[key] = Text(in, 40);
  }
  if (in.ConsumeBool()) {
    a.localized["zh-CN"] = {{"summary", Text(in, 400)},
                            {"title", Text(in, 60)},
                            {"hint", Text(in, 200)},
                            {"comment", Text(in, 300)}};
  }
  a.state = in.PickValueInArray({core::AlertState::kFiring, core::AlertState::kResolved,
                                 core::AlertState::kFlapping, core::AlertState::kPending,
                                 core::AlertState::kInactive});
  a.severity = in.ConsumeBool() ? core::Severity::kCritical : core::Severity::kWarning;
  a.starts_at = core::FromUnixMillis(in.ConsumeIntegralInRange<std::int64_t>(0, 4102444800000));
  if (in.ConsumeBool()) {
    a.ends_at = core::FromUnixMillis(in.ConsumeIntegralInRange<std::int64_t>(0, 4102444800000));
  }
  return a;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider in(data, size);
  // The receiver's language: English, or Chinese with the alerts' localized annotations.
  static const i18n::Translator kChinese = i18n::MakeTranslator("zh-CN");
  const i18n::Translator tr = in.ConsumeBool() ? kChinese : i18n::Translator();
  core::Notification n;
  n.receiver = "ops";
  n.group_key = Text(in, 80);
  n.created_at = core::FromUnixMillis(in.ConsumeIntegralInRange<std::int64_t>(0, 4102444800000));
  // Mostly a few alerts; sometimes a group large enough for the one-line-per-alert layouts.
  const std::size_t count = in.ConsumeBool() ? in.ConsumeIntegralInRange<std::size_t>(1, 3)
                                             : in.ConsumeIntegralInRange<std::size_t>(1, 26);
  for (std::size_t i = 0; i < count && (i == 0 || in.remaining_bytes() > 0); ++i) {
    n.alerts.push_back(MakeAlert(in));
  }

  CheckChat(notify::SlackPayloads(tr, n), Markup::kNoMarker, "slack");
  CheckChat(notify::DiscordPayloads(tr, n), Markup::kBackslashed, "discord");
  CheckChat(notify::TeamsPayloads(tr, n), Markup::kBackslashed, "teams");
  CheckChat(notify::MattermostPayloads(tr, n), Markup::kBackslashed, "mattermost");
  CheckChat(notify::GoogleChatPayloads(tr, n), Markup::kNoMarker, "google chat");
  CheckChat(notify::TelegramPayloads(tr, n, "-1001234567890"), Markup::kNoMarker, "telegram");
  CheckChat(notify::TelegramPayloads(tr, n, "@alerts"), Markup::kNoMarker, "telegram");

  RequireJson(notify::NotificationJson(n), "notification JSON");
  RequireJson(notify::AlertmanagerPayload(n, {"http://127.0.0.1:9187/api/v1/status"}),
              "alertmanager JSON");
  auto webhook = notify::BuildWebhookRequest(n, "msg_2Kx", 1795000000,
                                             "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
  Require(webhook.has_value(), "an unsigned webhook");
  RequireJson(webhook->body, "webhook JSON");

  // The console receiver writes to a terminal or a log: UTF-8, no control characters but line
  // ends, and every line one of its own (a date, or an indented detail), none injected.
  const std::string console = notify::ConsoleText(tr, n);
  Require(IsValidUtf8(console), "console text: not UTF-8", console);
  for (std::size_t pos = 0; pos < console.size();) {
    const std::size_t end = console.find('\n', pos);
    const std::string_view line = std::string_view(console).substr(pos, end - pos);
    Require(line.starts_with("    ") || (!line.empty() && line[0] >= '0' && line[0] <= '9'),
            "console text: a line it did not write", line);
    for (char c : line) {
      Require(static_cast<unsigned char>(c) >= 0x20 && c != 0x7F,
              "console text: a control character", line);
    }
    pos = end == std::string::npos ? console.size() : end + 1;
  }
  CheckEmail(tr, n);
  return 0;
}
