#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sellerwatch::core {

// Every label and annotation is untrusted (buyer-written feedback reaches annotations), so each
// renderer passes text through Clean* and then escapes it for its target markup.

// The markup a piece of text is about to be embedded in.
enum class Markup {
  kPlain,            // no escaping (plain_text fields, email text part, JSON-only values)
  kHtml,             // HTML element content: & < > " '
  kHtmlAttribute,    // a double-quoted HTML attribute value: also newlines and backticks
  kSlackMrkdwn,      // Slack: & < > only (api.slack.com "Escaping text"); kills <!channel>, <@U1>
  kDiscordMarkdown,  // Discord: backslash before markdown specials and '@'
  kTelegramHtml,     // Telegram parse_mode HTML: & < > only
  kMarkdown,         // CommonMark-ish (Mattermost, Teams): backslash escapes, '@' defused
};

// Valid UTF-8 with every invalid byte replaced by U+FFFD; CRLF and CR become LF; other control
// characters (C0 but LF/TAB, DEL, C1, U+2028/2029) become spaces; bidi overrides are dropped.
std::string CleanText(std::string_view text);
// CleanText on one line: LF and TAB become spaces too. What chat fields and headers take.
std::string CleanLine(std::string_view text);

// Length the way chat APIs count it: UTF-16 code units (JavaScript string length). Never less
// than the number of code points, so it is the conservative choice for "characters" budgets.
std::size_t TextLength(std::string_view utf8);

// `text` escaped for `markup`, whole.
std::string Escape(std::string_view text, Markup markup);
inline std::string EscapeHtml(std::string_view t) { return Escape(t, Markup::kHtml); }
inline std::string EscapeHtmlAttribute(std::string_view t) {
  return Escape(t, Markup::kHtmlAttribute);
}
inline std::string EscapeSlackMrkdwn(std::string_view t) { return Escape(t, Markup::kSlackMrkdwn); }
inline std::string EscapeDiscordMarkdown(std::string_view t) {
  return Escape(t, Markup::kDiscordMarkdown);
}
inline std::string EscapeTelegramHtml(std::string_view t) {
  return Escape(t, Markup::kTelegramHtml);
}
inline std::string EscapeMarkdown(std::string_view t) { return Escape(t, Markup::kMarkdown); }

inline constexpr std::string_view kEllipsis = "\u2026";  // "…", one UTF-16 unit

// `text` escaped for `markup` with TextLength(result) <= max_length: when it does not fit, as
// many whole code points as fit followed by "…". The cut is made on the unescaped text, so it
// never splits a UTF-8 sequence, an entity (&amp;) or a backslash escape.
std::string EscapeTruncated(std::string_view text, Markup markup, std::size_t max_length);
// Plain truncation by TextLength, same guarantees.
inline std::string Truncate(std::string_view text, std::size_t max_length) {
  return EscapeTruncated(text, Markup::kPlain, max_length);
}
// For plain-text fields of chat APIs that still turn <…> into mentions or links (Slack
// plain_text, Google Chat `text` and card headers): '<' and '>' become the look-alikes ‹ ›,
// then Truncate.
std::string PlainWithoutAngles(std::string_view text, std::size_t max_length);
// Cuts at most `max_bytes` bytes (for byte budgets), never inside a UTF-8 sequence, with "…".
std::string TruncateBytes(std::string_view text, std::size_t max_bytes);

// Characters Telegram counts after parsing parse_mode=HTML: tags removed, an entity counts as
// one character, measured in UTF-16 units.
std::size_t TelegramVisibleLength(std::string_view html);

}  // namespace sellerwatch::core
