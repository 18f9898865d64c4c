#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/alert.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::notify {

// Chat bodies for a digest notification (core::Notification::digest): the chat title, then
// one block per account section, whole sections packed into as few messages as each channel's
// limits allow (at most kDigestMessages; sections left over are counted in a last "+N more
// accounts" line). Section text is the digest's plain text escaped for the channel's markup;
// a section too long for one message loses its last lines. Limits are the alert renderers'
// (see each *_payload.hpp): Slack ≤20 sections of ≤3000 characters and ≤12,000 per message;
// Discord ≤10 embeds, description ≤3000, ≤5800 per message; Teams ≤20,000 bytes of JSON;
// Telegram ≤4000 visible characters; Mattermost ≤15,000; Google Chat ≤28,000 bytes of JSON.
// The digest's own text arrives in the receiver's language; `tr` (the same language) writes
// what the split adds: "(1/2)" and "+N more accounts".
inline constexpr std::size_t kDigestMessages = 5;

std::vector<std::string> DigestSlackPayloads(const i18n::Translator& tr,
                                             const core::DigestPayload& digest);
std::vector<std::string> DigestDiscordPayloads(const i18n::Translator& tr,
                                               const core::DigestPayload& digest);
std::vector<std::string> DigestTeamsPayloads(const i18n::Translator& tr,
                                             const core::DigestPayload& digest);
std::vector<std::string> DigestTelegramPayloads(const i18n::Translator& tr,
                                                const core::DigestPayload& digest,
                                                std::string_view chat_id);
std::vector<std::string> DigestMattermostPayloads(const i18n::Translator& tr,
                                                  const core::DigestPayload& digest);
std::vector<std::string> DigestGoogleChatPayloads(const i18n::Translator& tr,
                                                  const core::DigestPayload& digest);

}  // namespace sellerwatch::notify
