#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sellerwatch::sources::imap {

// One value of an IMAP response (RFC 3501 §4): an atom or number, a quoted string or literal
// (both kString), NIL, or a parenthesized list. Atoms keep brackets that belong to them
// ("BODY[HEADER.FIELDS" is an atom, the field list that follows a list).
struct ImapValue {
  enum class Kind { kAtom, kString, kNil, kList };
  Kind kind = Kind::kAtom;
  std::string text;              // atom or string
  std::vector<ImapValue> items;  // list

  bool IsAtom(std::string_view s) const;  // case-insensitive
  std::optional<std::uint64_t> Number() const;
};

// One untagged response ("* ..."), its values in order, without the "*".
struct UntaggedResponse {
  std::vector<ImapValue> values;
};

// Splits what a server sent for one command into its untagged responses, literals included
// ("{123}\r\n" followed by 123 bytes). Tagged and continuation lines are skipped. Errors
// (kData) name the offset of what could not be read; `where` says which command's answer.
core::Result<std::vector<UntaggedResponse>> ParseUntagged(std::string_view stream,
                                                          std::string_view where);

// What EXAMINE reports about a mailbox.
struct MailboxState {
  std::uint32_t uid_validity = 0;
  std::uint32_t uid_next = 0;  // 0 when the server did not say
  std::uint32_t exists = 0;
};
core::Result<MailboxState> ReadExamine(const std::vector<UntaggedResponse>& responses,
                                       std::string_view where);

// "* SEARCH 1 2 3": the numbers.
std::vector<std::uint32_t> ReadSearch(const std::vector<UntaggedResponse>& responses);

// "* LIST (\HasNoChildren \Sent) "/" "Sent Items"": each mailbox with its flags.
struct ListedMailbox {
  std::string name;
  std::vector<std::string> flags;  // as sent, e.g. "\Sent"
};
std::vector<ListedMailbox> ReadList(const std::vector<UntaggedResponse>& responses);
// The mailbox flagged \Sent (RFC 6154 SPECIAL-USE), whatever its name; nullopt when none is.
// A name with CR, LF or NUL is passed over: a quoted string cannot hold them (RFC 3501 §9), and
// in the EXAMINE that follows they would end the command line and start another.
std::optional<std::string> SentFolder(const std::vector<ListedMailbox>& mailboxes);

// "* 12 FETCH (UID 7 INTERNALDATE "…" BODY[HEADER.FIELDS (…)] {n}…)": per message that came
// with its header; unsolicited FETCH responses (flag changes) are left out.
struct FetchedHeader {
  std::uint32_t uid = 0;
  std::string internal_date;  // as sent: "17-Jul-1996 02:44:25 -0700"
  std::string header;         // the header block fetched (BODY[HEADER...])
};
core::Result<std::vector<FetchedHeader>> ReadFetch(const std::vector<UntaggedResponse>& responses,
                                                   std::string_view where);

// A UID set for a command: "1:4,7,9:10" from sorted unique UIDs.
std::string UidSet(const std::vector<std::uint32_t>& sorted_uids);

// A mailbox name as an IMAP quoted string (modified UTF-7 is the caller's business: names
// that are not ASCII are refused by the settings).
std::string Quoted(std::string_view s);

}  // namespace sellerwatch::sources::imap
