#include "notify/render/mime_encoding.hpp"

#include <date/date.h>

#include "core/base64.hpp"

namespace sellerwatch::notify {
namespace {

constexpr std::size_t kQpLine = 76;
constexpr std::size_t kHeaderLine = 78;
constexpr std::size_t kWordBytes = 36;  // 48 base64 chars: a 60-char encoded word

std::string Hex(unsigned char b) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return {'=', kHex[b >> 4], kHex[b & 0xF]};
}

void EncodeLine(std::string_view line, std::string& out) {
  std::size_t column = 0;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const auto b = static_cast<unsigned char>(line[i]);
    const bool last = i + 1 == line.size();
    std::string token;
    bool literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !last);
    token = literal ? std::string(1, static_cast<char>(b)) : Hex(b);
    // The last token may use all 76 columns; any other must leave room for the soft break.
    std::size_t limit = last ? kQpLine : kQpLine - 1;
    if (column + token.size() > limit) {
      out += "=\r\n";
      column = 0;
    }
    if (column == 0 && literal && (b == '.' || (b == 'F' && line.substr(i, 5) == "From "))) {
      token = Hex(b);
    }
    out += token;
    column += token.size();
  }
}

}  // namespace

std::string QuotedPrintableEncode(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 4);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find_first_of("\r\n", start);
    if (end == std::string_view::npos) {
      EncodeLine(text.substr(start), out);
      break;
    }
    EncodeLine(text.substr(start, end - start), out);
    out += "\r\n";
    start = end + ((text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ? 2 : 1);
  }
  return out;
}

std::vector<std::string> EncodedWords(std::string_view utf8) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < utf8.size()) {
    std::size_t end = std::min(utf8.size(), start + kWordBytes);
    // Never split a UTF-8 sequence across words (RFC 2047 §5: each word decodes on its own).
    while (end < utf8.size() && end > start &&
           (static_cast<unsigned char>(utf8[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (end == start) end = std::min(utf8.size(), start + kWordBytes);  // invalid input
    words.push_back("=?UTF-8?B?" + core::Base64Encode(utf8.substr(start, end - start)) + "?=");
    start = end;
  }
  return words;
}

std::string FoldHeaderField(std::string_view name, const std::vector<std::string>& tokens) {
  std::string out(name);
  out += ":";
  std::size_t column = out.size();
  for (const auto& token : tokens) {
    if (column > name.size() + 1 && column + 1 + token.size() > kHeaderLine) {
      out += "\r\n";
      column = 0;
    }
    out += " ";
    out += token;
    column += 1 + token.size();
  }
  out += "\r\n";
  return out;
}

std::string EncodedHeaderField(std::string_view name, std::string_view value) {
  bool plain =
      name.size() + 2 + value.size() <= kHeaderLine && value.find("=?") == std::string_view::npos;
  for (char c : value) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) {
      plain = false;
    }
  }
  if (plain) return std::string(name) + ": " + std::string(value) + "\r\n";
  return FoldHeaderField(name, EncodedWords(value));
}

std::string FormatRfc5322Date(core::Timestamp t) {
  return date::format("%a, %d %b %Y %H:%M:%S +0000", std::chrono::floor<std::chrono::seconds>(t));
}

}  // namespace sellerwatch::notify
