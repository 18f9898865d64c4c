#include "core/text.hpp"

#include "core/utf8.hpp"

namespace sellerwatch::core {
namespace {

// Characters both Markdown dialects (Discord, Mattermost/Teams) escape with a backslash.
bool MarkdownSpecial(char32_t cp) {
  switch (cp) {
    case '\\':
    case '*':
    case '_':
    case '~':
    case '`':
    case '|':
    case '>':
    case '<':
    case '#':
    case '[':
    case ']':
      return true;
    default:
      return false;
  }
}

bool IsBidiControl(char32_t cp) {
  return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

bool IsControl(char32_t cp) {
  return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029;
}

std::string Clean(std::string_view text, bool single_line) {
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = NextCodePoint(text, pos);
    if (cp == '\r') {
      if (pos < text.size() && text[pos] == '\n') ++pos;  // CRLF is one line break
      cp = '\n';
    }
    if (IsBidiControl(cp)) continue;  // "Trojan source": reorders what the reader sees
    if ((cp == '\n' || cp == '\t') && !single_line) {
      out += static_cast<char>(cp);
    } else if (IsControl(cp)) {
      out += ' ';
    } else {
      AppendUtf8(out, cp);
    }
  }
  return out;
}

// Appends the escaped form of one code point. `line_start`: the previous output ended a line
// (or nothing was written yet), where Markdown gives '-' and '+' block meaning. Parentheses and
// '!' stay: with '[' and ']' escaped they cannot form a link or an image.
void AppendEscaped(std::string& out, char32_t cp, Markup markup, bool line_start) {
  switch (markup) {
    case Markup::kPlain:
      break;
    case Markup::kHtml:
    case Markup::kHtmlAttribute:
      switch (cp) {
        case '&':
          out += "&amp;";
          return;
        case '<':
          out += "&lt;";
          return;
        case '>':
          out += "&gt;";
          return;
        case '"':
          out += "&quot;";
          return;
        case '\'':
          out += "&#39;";
          return;
        default:
          break;
      }
      if (markup == Markup::kHtmlAttribute) {
        if (cp == '`') return void(out += "&#96;");
        if (cp == '\n') return void(out += "&#10;");
        if (cp == '\t') return void(out += "&#9;");
      }
      break;
    case Markup::kSlackMrkdwn:
    case Markup::kTelegramHtml:
      if (cp == '&') return void(out += "&amp;");
      if (cp == '<') return void(out += "&lt;");
      if (cp == '>') return void(out += "&gt;");
      break;
    case Markup::kDiscordMarkdown:
    case Markup::kMarkdown:
      if (cp == '@' && markup == Markup::kMarkdown) {
        // Mattermost has no escape for mentions: a word joiner after '@' keeps @channel
        // readable but stops it matching.
        out += "@\u2060";
        return;
      }
      if (MarkdownSpecial(cp) || (cp == '@' && markup == Markup::kDiscordMarkdown) ||
          (cp == '&' && markup == Markup::kMarkdown) || ((cp == '-' || cp == '+') && line_start)) {
        out += '\\';
      }
      break;
  }
  AppendUtf8(out, cp);
}

std::size_t CodeUnits(char32_t cp) { return cp >= 0x10000 ? 2 : 1; }

}  // namespace

std::string CleanText(std::string_view text) { return Clean(text, false); }
std::string CleanLine(std::string_view text) { return Clean(text, true); }

std::size_t TextLength(std::string_view utf8) {
  std::size_t n = 0;
  std::size_t pos = 0;
  while (pos < utf8.size()) n += CodeUnits(NextCodePoint(utf8, pos));
  return n;
}

std::string Escape(std::string_view text, Markup markup) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  std::size_t pos = 0;
  while (pos < text.size()) {
    bool line_start = out.empty() || out.back() == '\n';
    AppendEscaped(out, NextCodePoint(text, pos), markup, line_start);
  }
  return out;
}

std::string EscapeTruncated(std::string_view text, Markup markup, std::size_t max_length) {
  std::string whole = Escape(text, markup);
  if (TextLength(whole) <= max_length) return whole;
  if (max_length == 0) return {};
  const std::size_t budget = max_length - TextLength(kEllipsis);
  std::string out;
  std::size_t length = 0;
  std::size_t pos = 0;
  std::string piece;
  while (pos < text.size()) {
    piece.clear();
    bool line_start = out.empty() || out.back() == '\n';
    AppendEscaped(piece, NextCodePoint(text, pos), markup, line_start);
    std::size_t piece_length = TextLength(piece);
    if (length + piece_length > budget) break;
    out += piece;
    length += piece_length;
  }
  out += kEllipsis;
  return out;
}

std::string TruncateBytes(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  if (max_bytes < kEllipsis.size()) return {};
  std::size_t end = max_bytes - kEllipsis.size();
  // Back up to the start of a UTF-8 sequence (never land on a continuation byte).
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end)) + std::string(kEllipsis);
}

std::size_t TelegramVisibleLength(std::string_view html) {
  std::size_t n = 0;
  std::size_t pos = 0;
  while (pos < html.size()) {
    if (html[pos] == '<') {
      auto close = html.find('>', pos);
      pos = close == std::string_view::npos ? html.size() : close + 1;
      continue;
    }
    if (html[pos] == '&') {
      auto semi = html.find(';', pos);
      if (semi != std::string_view::npos && semi - pos <= 8) {
        ++n;
        pos = semi + 1;
        continue;
      }
    }
    n += CodeUnits(NextCodePoint(html, pos));
  }
  return n;
}

std::string PlainWithoutAngles(std::string_view text, std::size_t max_length) {
  std::string out;
  for (char c : text) {
    if (c == '<') {
      out += "\u2039";
    } else if (c == '>') {
      out += "\u203A";
    } else {
      out += c;
    }
  }
  return Truncate(out, max_length);
}

}  // namespace sellerwatch::core
