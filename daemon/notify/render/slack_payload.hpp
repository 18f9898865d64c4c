#pragma once

#include <string>
#include <vector>

#include "core/alert.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::notify {

// Slack incoming-webhook bodies (alerting.md §5): a top-level `text` fallback (what phones show
// in the notification) and Block Kit blocks: one header, one section per alert, worst first,
// and a context line for "+N more"; groups of more than 20 alerts list one line per alert,
// packed into sections. Limits kept: header ≤150, section text ≤3000, ≤10 fields
// of ≤2000, ≤22 blocks and ≤12,000 characters of block text per message (well under 50 blocks
// and Slack's undocumented msg_blocks_too_long), ≤20 alerts per message, ≤5 messages; the rest
// is counted in "+N more". All label/annotation text is mrkdwn-escaped (& < >), so
// <!channel> and <@U123> arrive as text. Text in `tr`'s language (the receiver's).
std::vector<std::string> SlackPayloads(const i18n::Translator& tr,
                                       const core::Notification& notification);

namespace slack_limits {
inline constexpr std::size_t kHeaderText = 150;
inline constexpr std::size_t kSectionText = 3000;
inline constexpr std::size_t kFields = 10;
inline constexpr std::size_t kFieldText = 2000;
inline constexpr std::size_t kBlocks = 50;
inline constexpr std::size_t kFallbackText = 1000;
inline constexpr std::size_t kBlockTextPerMessage = 12000;
inline constexpr std::size_t kAlertsPerMessage = 20;
inline constexpr std::size_t kLinesPerMessage = 100;  // groups over 20: one line per alert
inline constexpr std::size_t kMessages = 5;
}  // namespace slack_limits

}  // namespace sellerwatch::notify
