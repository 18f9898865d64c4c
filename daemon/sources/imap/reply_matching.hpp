#pragma once

#include <string>
#include <vector>

#include "core/event.hpp"

namespace sellerwatch::sources::imap {

// One mail as the matching sees it: no addresses or text, only keys (hashed) and times.
struct MailItem {
  enum class Side { kBuyer, kSeller };
  Side side = Side::kBuyer;
  std::string id;        // the message event id (from the Message-ID)
  std::string who;       // the buyer: From of a buyer's mail, To of the seller's (hashed)
  std::string order_id;  // the order number in the subject, if any
  core::Timestamp at;    // Date (INTERNALDATE when missing)
  std::vector<std::string> answers;  // ids of the mails it answers (In-Reply-To, References)
};

// A buyer's message still waiting for its answer (kept in the cursor between polls).
struct OpenMessage {
  std::string id;
  std::string who;
  std::string order_id;
  core::Timestamp received_at;
};

struct Matched {
  std::vector<core::Message> messages;  // every buyer message read or answered now
  std::vector<OpenMessage> open;        // still unanswered (received after `keep_after`)
};

// Replies by time (README, IMAP: matching rules): the first mail from the seller to a buyer
// sent after a buyer's message answers every open message of that buyer before it — all of
// them when it names no order, those about the same order (or none) when it does, and in any
// case the ones it answers by In-Reply-To / References. A buyer's follow-up after a reply is
// open again; a seller's mail before the buyer's is not an answer. The thread is the buyer
// key plus the order number.
Matched MatchReplies(std::vector<OpenMessage> open, std::vector<MailItem> mail,
                     const std::string& account, core::Timestamp keep_after);

}  // namespace sellerwatch::sources::imap
