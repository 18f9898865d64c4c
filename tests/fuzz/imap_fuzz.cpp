// The imap source on a hostile server or hostile mail. The first byte picks:
//   0  a server's answer stream (untagged responses, literals), read as EXAMINE, SEARCH, LIST
//      and FETCH answers; every fetched header then read as a buyer's and as a seller's mail
//   1  one message's header block, read the same way
// The mails then go through the reply matching; every message event must be storable.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_support.hpp"
#include "sources/imap/imap_response.hpp"
#include "sources/imap/mail_header.hpp"
#include "sources/imap/mail_item.hpp"
#include "sources/imap/mail_rules.hpp"
#include "sources/imap/reply_matching.hpp"

using namespace sellerwatch;
using namespace sellerwatch::sources::imap;

namespace {

const core::Timestamp kKeepAfter = core::FromUnixMillis(1700000000000);

const MailRules& Rules() {
  static const MailRules rules("amazon", {"*@customers.example.com"});
  return rules;
}

void Match(const std::vector<FetchedHeader>& headers) {
  std::vector<MailItem> items;
  for (const auto& h : headers) {
    for (auto side : {MailItem::Side::kBuyer, MailItem::Side::kSeller}) {
      auto item = ReadMailItem(h, "INBOX", side, Rules());
      if (item && *item) items.push_back(std::move(**item));
    }
  }
  std::vector<OpenMessage> open = {{"m-open", "who-open", "", kKeepAfter}};
  Matched matched = MatchReplies(open, std::move(items), "acme-mail", kKeepAfter);
  for (const auto& m : matched.messages) fuzz::CheckStorable(core::Event(m));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [mode, text] = fuzz::Select(data, size, 2);
  if (mode == 1) {
    // The header functions on their own, then as a fetched mail.
    HeaderFields fields = ParseHeaderFields(text);
    for (const auto& [name, value] : fields) {
      (void)DecodeWords(value);
      (void)FirstAddress(value);
      (void)MessageIds(value);
      (void)ParseMailDate(value);
      (void)ParseInternalDate(value);
      (void)OrderIdIn(value);
    }
    (void)NeedsNoAnswer(fields, DecodeWords(text));
    (void)Rules().IsBuyer(text);
    Match({FetchedHeader{7, "01-Dec-2026 09:30:05 +0000", std::string(text)}});
    return 0;
  }
  auto responses = ParseUntagged(text, "UID FETCH");
  if (!responses) return 0;
  (void)ReadExamine(*responses, "EXAMINE INBOX");
  std::vector<std::uint32_t> uids = ReadSearch(*responses);
  std::sort(uids.begin(), uids.end());
  uids.erase(std::unique(uids.begin(), uids.end()), uids.end());
  const std::string set = UidSet(uids);
  fuzz::Require(set.find_first_not_of("0123456789:,") == std::string::npos, "a bad UID set", set);
  const std::vector<ListedMailbox> listed = ReadList(*responses);
  for (const auto& mailbox : listed) {
    const std::string quoted = Quoted(mailbox.name);
    fuzz::Require(quoted.size() >= 2 && quoted.front() == '"' && quoted.back() == '"',
                  "a mailbox name quoted badly", quoted);
  }
  if (auto sent = SentFolder(listed)) {
    // The sent folder's name goes into the next command line (EXAMINE): a line break there
    // would end the command and start another.
    const std::string quoted = Quoted(*sent);
    fuzz::Require(quoted.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos,
                  "a sent folder name that breaks the command line", quoted);
  }
  auto fetched = ReadFetch(*responses, "UID FETCH in INBOX");
  if (fetched) Match(*fetched);
  return 0;
}
