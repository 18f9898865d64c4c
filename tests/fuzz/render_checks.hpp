// What every rendered notification must satisfy, whatever text it carries (render_fuzz and
// digest_fuzz). A broken property traps.
#pragma once

#include <fuzzer/FuzzedDataProvider.h>

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/alert.hpp"
#include "fuzz_support.hpp"
#include "notify/render/email_body.hpp"
#include "notify/render/email_message.hpp"

namespace sellerwatch::fuzz {

// The text a hostile buyer would use to open a tag; "<zz" cannot come out of any template.
inline constexpr std::string_view kMarker = "<zz";

// A string from the input, half of the time behind the marker, so that every field is checked
// for escaping on every run.
inline std::string Text(FuzzedDataProvider& in, std::size_t max_length) {
  const bool marked = in.ConsumeBool();
  std::string s = in.ConsumeRandomLengthString(max_length);
  return marked ? std::string(kMarker) + s : s;
}

enum class Markup {
  kNoMarker,     // HTML and HTML-like markup (Slack mrkdwn, Telegram, Google Chat): escaped
  kBackslashed,  // Markdown (Discord, Teams, Mattermost): '<' is backslash-escaped
};

inline void CheckMarker(std::string_view s, Markup markup, std::string_view what) {
  for (std::size_t at = s.find(kMarker); at != std::string_view::npos;
       at = s.find(kMarker, at + 1)) {
    const bool escaped = markup == Markup::kBackslashed && at > 0 && s[at - 1] == '\\';
    if (!escaped) Fail(std::string(what) + ": the marker '<zz' is not escaped", s);
  }
}

inline void ForEachString(const boost::json::value& v, const auto& f) {
  if (v.is_string()) {
    f(std::string_view(v.get_string()));
  } else if (v.is_array()) {
    for (const auto& e : v.get_array()) ForEachString(e, f);
  } else if (v.is_object()) {
    for (const auto& kv : v.get_object()) {
      f(std::string_view(kv.key()));
      ForEachString(kv.value(), f);
    }
  }
}

// Chat bodies: JSON objects whose strings never show the marker unescaped.
inline void CheckChat(const std::vector<std::string>& bodies, Markup markup,
                      std::string_view what) {
  Require(!bodies.empty(), std::string(what) + ": no message at all");
  for (const auto& body : bodies) {
    boost::json::value v = RequireJson(body, std::string(what) + ": a body that is not JSON");
    Require(v.is_object(), std::string(what) + ": a body that is not a JSON object", body);
    ForEachString(v, [&](std::string_view s) { CheckMarker(s, markup, what); });
  }
}

inline void CheckHtml(std::string_view html, std::string_view what) {
  Require(IsValidUtf8(html), std::string(what) + ": not UTF-8");
  CheckMarker(html, Markup::kNoMarker, what);
}

// Quoted-printable back to bytes: "=\r\n" is a soft break, "=XX" a byte.
inline std::string DecodeQuotedPrintable(std::string_view qp) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < qp.size(); ++i) {
    if (qp[i] != '=') {
      out += qp[i];
      continue;
    }
    if (qp.substr(i + 1, 2) == "\r\n") {
      i += 2;
      continue;
    }
    Require(i + 2 < qp.size() && hex(qp[i + 1]) >= 0 && hex(qp[i + 2]) >= 0,
            "quoted-printable with a bad '=' escape", qp);
    out += static_cast<char>(hex(qp[i + 1]) * 16 + hex(qp[i + 2]));
    i += 2;
  }
  return out;
}

// LF, CRLF and CR line breaks as CRLF: what a decoded part must equal.
inline std::string WithCrlf(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\r\n";
    } else if (text[i] == '\n') {
      out += "\r\n";
    } else {
      out += text[i];
    }
  }
  return out;
}

inline void CheckMime(std::string_view msg, std::string_view text, std::string_view html) {
  for (std::size_t i = 0; i < msg.size(); ++i) {
    const auto c = static_cast<unsigned char>(msg[i]);
    if (c == '\r') {
      Require(i + 1 < msg.size() && msg[i + 1] == '\n', "email: a bare CR", msg);
    } else if (c == '\n') {
      Require(i > 0 && msg[i - 1] == '\r', "email: a bare LF", msg);
    } else {
      Require(c == '\t' || (c >= 0x20 && c < 0x7F), "email: a byte that is not 7-bit text", msg);
    }
  }
  const std::size_t header_end = msg.find("\r\n\r\n");
  Require(header_end != std::string_view::npos, "email: no end of header", msg);
  static constexpr std::array<std::string_view, 10> kFields = {
      "From",        "To",         "Subject",      "Date",           "Message-ID",
      "In-Reply-To", "References", "MIME-Version", "Auto-Submitted", "Content-Type"};
  std::array<int, kFields.size()> seen{};
  std::string_view header = msg.substr(0, header_end);
  for (std::size_t pos = 0; pos <= header.size();) {
    std::size_t end = header.find("\r\n", pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view line = header.substr(pos, end - pos);
    pos = end + 2;
    Require(line.size() <= 998, "email: a header line over 998 characters", line);
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) continue;  // folded
    std::string_view name = line.substr(0, line.find(':'));
    auto it = std::find(kFields.begin(), kFields.end(), name);
    Require(it != kFields.end() && line.size() > name.size(),
            "email: a header line BuildEmail does not write (injected?)", line);
    Require(++seen[static_cast<std::size_t>(it - kFields.begin())] == 1,
            "email: a header field twice", line);
  }
  // The subject may spell out 'boundary="' itself: read it from the Content-Type field only.
  constexpr std::string_view kType = "\r\nContent-Type: multipart/alternative;\r\n boundary=\"";
  const std::size_t b = header.find(kType);
  Require(b != std::string_view::npos, "email: no boundary", header);
  const std::size_t start = b + kType.size();
  const std::string_view boundary = header.substr(start, header.find('"', start) - start);
  Require(!boundary.empty(), "email: an empty boundary", header);
  const std::string delimiter = "\r\n--" + std::string(boundary);
  std::size_t count = 0;
  for (std::size_t at = msg.find(delimiter); at != std::string_view::npos;
       at = msg.find(delimiter, at + 1)) {
    ++count;
  }
  Require(count == 3, "email: the boundary occurs inside a part", msg);
  // Each part: its headers, a blank line, quoted-printable up to the next delimiter.
  std::size_t at = msg.find(delimiter);
  for (std::string_view want : {text, html}) {
    const std::size_t body = msg.find("\r\n\r\n", at + delimiter.size()) + 4;
    const std::size_t next = msg.find(delimiter, body);
    const std::string decoded = DecodeQuotedPrintable(msg.substr(body, next - body));
    Require(decoded == WithCrlf(want), "email: a part does not decode to its text", decoded);
    at = next;
  }
}

// The email as the SMTP channel sends it (in `tr`'s language), and its two parts on their own.
inline void CheckEmail(const i18n::Translator& tr, const core::Notification& n) {
  const std::string text = n.digest ? n.digest->text : notify::EmailText(tr, n);
  const std::string html = n.digest ? n.digest->html : notify::EmailHtml(tr, n);
  Require(IsValidUtf8(text), "email text: not UTF-8", text);
  CheckHtml(html, "email html");
  const std::string subject = notify::EmailSubject(tr, n);
  Require(IsValidUtf8(subject) && subject.find_first_of("\r\n") == std::string::npos,
          "email subject: not one line of UTF-8", subject);
  notify::EmailEnvelope envelope{"sellerwatch <alerts@example.com>",
                                 {"ops@example.com", "Jane Doe <jane@example.org>"},
                                 "<sw.1@example.com>",
                                 n.created_at,
                                 std::string("<sw.0@example.com>")};
  auto message = notify::BuildEmail(tr, n, envelope);
  Require(message.has_value(), "email: a fixed envelope refused");
  CheckMime(*message, text, html);
}

}  // namespace sellerwatch::fuzz
