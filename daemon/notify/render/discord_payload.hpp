#pragma once

#include <string>
#include <vector>

#include "core/alert.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::notify {

// Discord webhook bodies (alerting.md §5): `content` headline, one embed per alert (worst
// first) coloured by state/severity, and `allowed_mentions: {"parse": []}` so no text can ping
// anyone. Groups of more than 20 alerts list one line per alert in embed descriptions
// (≤3,000 each) instead. Limits kept: content ≤2000, ≤10 embeds per message, embed title ≤256,
// description ≤4096, ≤25 fields (name ≤256, value ≤1024), footer ≤2048, all embed text ≤5,800 per
// message (Discord: 6,000), ≤5 messages; the rest is counted as "+N more" in the last content.
// Untrusted text is Discord-Markdown-escaped (backslash before specials and '@'). Text in `tr`'s
// language (the receiver's).
std::vector<std::string> DiscordPayloads(const i18n::Translator& tr,
                                         const core::Notification& notification);

namespace discord_limits {
inline constexpr std::size_t kContent = 2000;
inline constexpr std::size_t kEmbeds = 10;
inline constexpr std::size_t kTitle = 256;
inline constexpr std::size_t kDescription = 4096;
inline constexpr std::size_t kFields = 25;
inline constexpr std::size_t kFieldName = 256;
inline constexpr std::size_t kFieldValue = 1024;
inline constexpr std::size_t kFooter = 2048;
inline constexpr std::size_t kEmbedTotal = 6000;
inline constexpr std::size_t kEmbedTextPerMessage = 5800;
inline constexpr std::size_t kMessages = 5;
inline constexpr std::size_t kLinesPerMessage = 100;  // groups over 20: one line per alert
}  // namespace discord_limits

}  // namespace sellerwatch::notify
