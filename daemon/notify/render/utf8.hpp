#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sellerwatch::notify {

inline constexpr char32_t kReplacementChar = 0xFFFD;

// Decodes the code point starting at text[pos] and advances pos past it. An invalid or
// truncated sequence (overlong, surrogate, > U+10FFFF) yields U+FFFD and consumes one byte.
char32_t NextCodePoint(std::string_view text, std::size_t& pos);

void AppendUtf8(std::string& out, char32_t cp);

}  // namespace sellerwatch::notify
