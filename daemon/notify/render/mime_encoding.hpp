#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

namespace sellerwatch::notify {

// Quoted-printable (RFC 2045 §6.7) of UTF-8 text. Line breaks in `text` (LF, CRLF or CR)
// become CRLF hard breaks; every output line is ≤76 characters (soft breaks "=" CRLF, never
// inside an =XX triplet); '=', non-ASCII, control bytes and a space or tab at the end of a line
// are encoded; a '.' or the 'F' of "From " starting an output line is encoded too, so relays
// that dot-stuff or mbox-quote cannot alter the body. Decoding gives back `text` exactly, with
// CRLF line ends.
std::string QuotedPrintableEncode(std::string_view text);

// A complete header field "Name: value\r\n", folded so that no line exceeds 78 characters.
// `value` must already be clean (no CR/LF; see core::CleanLine); printable ASCII that fits one line
// stays as it is, anything else becomes RFC 2047 B encoded-words (UTF-8, ≤36 bytes each, cut
// at code-point boundaries) separated by folding whitespace.
std::string EncodedHeaderField(std::string_view name, std::string_view value);

// Folds ready-made tokens (atoms, encoded-words, "<addr>,") into "Name: t1 t2\r\n t3\r\n",
// breaking between tokens so lines stay ≤78 characters where the tokens allow.
std::string FoldHeaderField(std::string_view name, const std::vector<std::string>& tokens);

// RFC 2047 B encoded-words for a phrase (display name or unstructured text), each ≤60 chars.
std::vector<std::string> EncodedWords(std::string_view utf8);

// RFC 5322 date-time in UTC: "Mon, 23 Nov 2026 20:11:36 +0000".
std::string FormatRfc5322Date(core::Timestamp t);

}  // namespace sellerwatch::notify
