#pragma once

// UTF-8 decoding for text from outside (buyer comments, report cells): every invalid byte reads
// as U+FFFD, so whatever comes in, what goes out is valid UTF-8.

#include <cstddef>
#include <string>
#include <string_view>

namespace sellerwatch::core {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point starting at text[pos] and advances pos past it. An invalid or
// truncated sequence (overlong, surrogate, > U+10FFFF) yields U+FFFD and consumes one byte.
char32_t NextCodePoint(std::string_view text, std::size_t& pos);
void AppendUtf8(std::string& out, char32_t cp);

bool IsValidUtf8(std::string_view text);
// `text` with each invalid byte replaced by U+FFFD (a copy of `text` when it is valid).
std::string ValidUtf8(std::string_view text);

}  // namespace sellerwatch::core
