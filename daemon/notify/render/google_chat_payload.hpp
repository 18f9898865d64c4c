#pragma once

#include <string>
#include <vector>

#include "core/alert.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::notify {

// Google Chat incoming-webhook bodies (alerting.md §5): a plain `text` fallback plus
// `cardsV2` with one card whose header names the notification and one section per alert
// (worst first): a textParagraph with the summary and decoratedText facts; groups of more than
// 20 alerts are one section with a decoratedText line per alert. Card text is the
// HTML subset Chat renders, so untrusted text is HTML-escaped; `text` and the card header are
// plain with angle brackets replaced (Chat's <users/all> mentions are made of them). Post with
// a stable `threadKey` per group (the caller's URL parameter). Limits kept: each body ≤28,000
// bytes of JSON (Chat: 32,000 bytes for text + cards), ≤40 sections per card, ≤5 messages,
// then "+N more". Text in `tr`'s language (the receiver's).
std::vector<std::string> GoogleChatPayloads(const i18n::Translator& tr,
                                            const core::Notification& notification);

namespace google_chat_limits {
inline constexpr std::size_t kMessageBytes = 32000;
inline constexpr std::size_t kBodyBytes = 28000;
inline constexpr std::size_t kAlertsPerMessage = 40;
inline constexpr std::size_t kMessages = 5;
inline constexpr std::size_t kLinesPerMessage = 100;  // groups over 20: one widget per alert
}  // namespace google_chat_limits

}  // namespace sellerwatch::notify
