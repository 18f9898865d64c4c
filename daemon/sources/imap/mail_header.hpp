#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace sellerwatch::sources::imap {

// A message's header fields (RFC 5322 §2.2): names lower-cased, values unfolded and trimmed,
// the first occurrence of each kept. Lines that are not fields are skipped.
using HeaderFields = std::map<std::string, std::string>;
HeaderFields ParseHeaderFields(std::string_view block);

// RFC 2047 encoded words (=?charset?B?…?= and =?charset?Q?…?=) decoded to their bytes; the
// charset is not converted (only ASCII order numbers are looked for in it).
std::string DecodeWords(std::string_view value);

// The first address of an address list ("Jane <a@b.c>", "a@b.c (Jane)"), lower-cased; empty
// when there is none.
std::string FirstAddress(std::string_view value);

// The message ids ("<…>") in a Message-ID, In-Reply-To or References value.
std::vector<std::string> MessageIds(std::string_view value);

// An RFC 5322 date ("Tue, 1 Dec 2026 09:30:00 +0100", obsolete zones and a trailing
// "(comment)" accepted); nullopt when it cannot be read.
std::optional<core::Timestamp> ParseMailDate(std::string_view value);

// IMAP INTERNALDATE ("17-Jul-1996 02:44:25 -0700").
std::optional<core::Timestamp> ParseInternalDate(std::string_view value);

}  // namespace sellerwatch::sources::imap
