#pragma once

#include <string>
#include <vector>

#include "core/alert.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::notify {

// Microsoft Teams Workflows-webhook bodies (alerting.md §5): {"type":"message","attachments":[
// {"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,"content":
// <AdaptiveCard 1.4>}]}. The card has a headline TextBlock and one Container per alert (state
// line coloured by severity, summary, FactSet), worst first; groups of more than 20 alerts are
// one FactSet with a fact per alert. The retired Office 365 connector
// MessageCard format is not produced. Limits kept: each body ≤20,000 bytes of JSON (Teams
// rejects ~28 KB with 413; libraries report trouble from ~21 KB), ≤40 alerts per card, ≤5
// messages, then "+N more". Untrusted text is Markdown-escaped (TextBlock/FactSet render a
// Markdown subset). Text in `tr`'s language (the receiver's).
std::vector<std::string> TeamsPayloads(const i18n::Translator& tr,
                                       const core::Notification& notification);

namespace teams_limits {
inline constexpr std::size_t kBodyBytes = 20000;
inline constexpr std::size_t kAlertsPerMessage = 40;
inline constexpr std::size_t kMessages = 5;
inline constexpr std::size_t kLinesPerMessage = 150;  // groups over 20: one fact per alert
}  // namespace teams_limits

}  // namespace sellerwatch::notify
