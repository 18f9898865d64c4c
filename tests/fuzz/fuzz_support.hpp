// Shared by the libFuzzer targets: the properties every parser's output must have. A broken
// property is a bug like a crash, so it traps, and libFuzzer keeps the input as a reproducer.
#pragma once

#include <algorithm>
#include <boost/json.hpp>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "core/event.hpp"
#include "core/event_json.hpp"

namespace sellerwatch::fuzz {

[[noreturn]] inline void Fail(std::string_view what, std::string_view detail = {}) {
  std::fprintf(stderr, "fuzz invariant broken: %.*s\n", static_cast<int>(what.size()), what.data());
  if (!detail.empty()) {
    std::fprintf(stderr, "  in: %.*s\n",
                 static_cast<int>(std::min<std::size_t>(detail.size(), 2000)), detail.data());
  }
  __builtin_trap();
}

inline void Require(bool ok, std::string_view what, std::string_view detail = {}) {
  if (!ok) Fail(what, detail);
}

inline std::string_view AsText(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Targets that hold several parsers pick one by the first byte: its low four bits modulo
// `modes`, so the seeds can start with a readable '0', '1', ... The rest is the parser's input.
struct Selected {
  unsigned mode = 0;
  std::string_view rest;
};

inline Selected Select(const std::uint8_t* data, std::size_t size, unsigned modes) {
  if (size == 0) return {0, {}};
  return {(data[0] & 0x0Fu) % modes, AsText(data + 1, size - 1)};
}

// Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing above U+10FFFF. Written
// apart from core::IsValidUtf8 on purpose: the oracle must not share the code it judges.
inline bool IsValidUtf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if (c < 0x80) {
      ++i;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (i + n >= s.size()) return false;  // truncated sequence
    for (std::size_t k = 1; k <= n; ++k) {
      const auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n + 1;
  }
  return true;
}

// `s` with every byte that does not start a valid UTF-8 sequence dropped: for inputs that can
// only be UTF-8 where the daemon gets them (YAML, the metric catalog).
inline std::string DropInvalidUtf8(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = 1;
    while (n <= 4 && i + n <= s.size() && !IsValidUtf8(s.substr(i, n))) ++n;
    if (n <= 4 && i + n <= s.size()) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      ++i;
    }
  }
  return out;
}

// A whole document that must parse as JSON (Boost.JSON also refuses invalid UTF-8 in strings).
inline boost::json::value RequireJson(std::string_view text, std::string_view what) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec) Fail(what, text);
  Require(IsValidUtf8(text), what, text);
  return v;
}

// What the store does with every event a parser hands it: it keeps `payload` and reads it back
// with DecodeEvent at start-up, and a payload parsed again must come out the same. An event the
// store cannot read back would be lost at the next restart.
inline void CheckStorable(const core::ParsedEvent& parsed) {
  auto decoded = core::DecodeEvent(parsed.payload);
  if (!decoded)
    Fail("a payload the store cannot read back: " + decoded.error().message, parsed.payload);
  Require(core::EncodeEvent(*decoded) == core::EncodeEvent(parsed.event),
          "a payload that reads back as another event", parsed.payload);
  auto again = core::ParseEventJson(parsed.payload);
  if (!again) Fail("a payload that does not parse again: " + again.error().message, parsed.payload);
  Require(again->payload == parsed.payload, "a payload that changes when parsed again",
          parsed.payload);
  Require(IsValidUtf8(parsed.payload), "a payload that is not UTF-8", parsed.payload);
}

inline void CheckStorable(const std::vector<core::ParsedEvent>& events) {
  for (const auto& e : events) CheckStorable(e);
}

// An event a mapper built directly: its canonical payload must be storable as well.
inline void CheckStorable(const core::Event& event) {
  CheckStorable(core::ParsedEvent{event, core::EncodeEvent(event)});
}

}  // namespace sellerwatch::fuzz
