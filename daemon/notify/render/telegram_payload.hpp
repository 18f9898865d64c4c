#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/alert.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::notify {

// Telegram Bot API sendMessage bodies (alerting.md §5): {"chat_id", "text", "parse_mode":
// "HTML", "disable_web_page_preview": true}. `chat_id` is sent as a JSON number when it is
// an integer ("-1001234567890") and as a string otherwise ("@channel"). The text uses only
// <b>, <i> and <code>; untrusted text has & < > escaped. Up to 3 alerts show every fact,
// up to 20 the essentials, larger groups one line per alert. Limits kept: ≤4,000 characters per
// message counted after entity parsing in UTF-16 units (Telegram: 4096), ≤30 alerts (80 one-line
// alerts) per message, ≤5 messages (Telegram throttles ~20 messages/min per group), then "+N more".
// One sendMessage body: `text` (parse_mode HTML, already escaped) for `chat_id`.
std::string TelegramMessageBody(std::string_view chat_id, std::string text);

// Text in `tr`'s language (the receiver's).
std::vector<std::string> TelegramPayloads(const i18n::Translator& tr,
                                          const core::Notification& notification,
                                          std::string_view chat_id);

namespace telegram_limits {
inline constexpr std::size_t kText = 4096;
inline constexpr std::size_t kTextPerMessage = 4000;
inline constexpr std::size_t kAlertsPerMessage = 30;
inline constexpr std::size_t kLinesPerMessage = 80;  // groups over 20 alerts: one line each
inline constexpr std::size_t kMessages = 5;
}  // namespace telegram_limits

}  // namespace sellerwatch::notify
