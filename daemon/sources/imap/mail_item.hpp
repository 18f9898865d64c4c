#pragma once

// One fetched mail's header as the reply matching sees it (pure: the mailbox stream reads the
// folders, this reads one message; the fuzz target feeds it hostile headers).

#include <optional>
#include <string_view>

#include "core/error.hpp"
#include "sources/imap/imap_response.hpp"
#include "sources/imap/mail_rules.hpp"
#include "sources/imap/reply_matching.hpp"

namespace sellerwatch::sources::imap {

// nullopt when the mail is not about a buyer (or asks for no answer); an error (kData) names
// `folder` and the UID. Addresses and message ids become keys (hashed), never stored as text.
core::Result<std::optional<MailItem>> ReadMailItem(const FetchedHeader& header,
                                                   std::string_view folder, MailItem::Side side,
                                                   const MailRules& rules);

}  // namespace sellerwatch::sources::imap
