#pragma once

#include <string>
#include <vector>

#include "core/alert.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::notify {

// Mattermost incoming-webhook bodies (alerting.md §5): {"text": <Markdown>} with a
// heading, one block per alert (worst first) and a "+N more" line. Mattermost renders Markdown,
// not Slack Block Kit. Up to 3 alerts show every fact, up to 20 the essentials, larger groups
// one list line per alert. Limits kept: text ≤15,000 UTF-16 units per post (Mattermost allows
// 16,383), ≤50 alerts per post, ≤5 posts. Untrusted text is Markdown-escaped and @mentions
// (@channel, @all, @here) are defused with a word joiner. Text in `tr`'s language (the
// receiver's).
std::vector<std::string> MattermostPayloads(const i18n::Translator& tr,
                                            const core::Notification& notification);

namespace mattermost_limits {
inline constexpr std::size_t kPostText = 16383;
inline constexpr std::size_t kTextPerMessage = 15000;
inline constexpr std::size_t kAlertsPerMessage = 50;
inline constexpr std::size_t kLinesPerMessage = 150;  // groups over 20 alerts: one line each
inline constexpr std::size_t kMessages = 5;
}  // namespace mattermost_limits

}  // namespace sellerwatch::notify
