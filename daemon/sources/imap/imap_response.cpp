#include "sources/imap/imap_response.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/ascii.hpp"

namespace sellerwatch::sources::imap {
using core::EqualsIgnoreCase;
using core::StartsWithIgnoreCase;
namespace {

std::optional<std::uint64_t> ToNumber(std::string_view s) {
  std::uint64_t n = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return n;
}

// Reads one response's values from `s` at `pos`, up to (and past) its line end.
class Reader {
 public:
  Reader(std::string_view s, std::size_t pos) : s_(s), pos_(pos) {}
  std::size_t pos() const { return pos_; }

  // The values up to the end of the line; nullopt on malformed input (error() says why).
  std::optional<std::vector<ImapValue>> Line() {
    std::vector<ImapValue> out;
    while (true) {
      SkipSpaces();
      if (AtLineEnd()) {
        SkipLineEnd();
        return out;
      }
      auto v = Value(0);
      if (!v) return std::nullopt;
      out.push_back(std::move(*v));
    }
  }

  // The rest of the line as text (a status response's human-readable part).
  std::string RestOfLine() {
    std::size_t end = s_.find('\n', pos_);
    if (end == std::string_view::npos) end = s_.size();
    std::string_view text = s_.substr(pos_, end - pos_);
    while (!text.empty() && (text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
    pos_ = std::min(end + 1, s_.size());
    return std::string(text);
  }

  const std::string& error() const { return error_; }

 private:
  bool AtLineEnd() const { return pos_ >= s_.size() || s_[pos_] == '\r' || s_[pos_] == '\n'; }
  void SkipLineEnd() {
    if (pos_ < s_.size() && s_[pos_] == '\r') ++pos_;
    if (pos_ < s_.size() && s_[pos_] == '\n') ++pos_;
  }
  void SkipSpaces() {
    while (pos_ < s_.size() && s_[pos_] == ' ') ++pos_;
  }
  std::nullopt_t Fail(std::string what) {
    error_ = fmt::format("{} at byte {}", what, pos_);
    return std::nullopt;
  }

  std::optional<ImapValue> Value(int depth) {
    if (depth > 32) return Fail("lists nested too deep");
    char c = s_[pos_];
    if (c == '(') {
      ++pos_;
      ImapValue list{ImapValue::Kind::kList, {}, {}};
      while (true) {
        SkipSpaces();
        if (pos_ >= s_.size()) return Fail("unterminated list");
        if (s_[pos_] == ')') {
          ++pos_;
          return list;
        }
        if (AtLineEnd()) return Fail("line ends inside a list");
        auto v = Value(depth + 1);
        if (!v) return std::nullopt;
        list.items.push_back(std::move(*v));
      }
    }
    if (c == '"') return QuotedString();
    if (c == '{' || (c == '~' && pos_ + 1 < s_.size() && s_[pos_ + 1] == '{')) return Literal();
    if (c == ')') return Fail("unexpected ')'");
    std::size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] != ' ' && s_[pos_] != '(' && s_[pos_] != ')' &&
           s_[pos_] != '\r' && s_[pos_] != '\n' && s_[pos_] != '"' && s_[pos_] != '{') {
      ++pos_;
    }
    std::string_view atom = s_.substr(start, pos_ - start);
    if (atom.empty()) return Fail(fmt::format("unexpected '{}'", c));
    if (EqualsIgnoreCase(atom, "NIL")) return ImapValue{ImapValue::Kind::kNil, {}, {}};
    return ImapValue{ImapValue::Kind::kAtom, std::string(atom), {}};
  }

  std::optional<ImapValue> QuotedString() {
    ++pos_;
    std::string text;
    while (pos_ < s_.size()) {
      char c = s_[pos_++];
      if (c == '"') return ImapValue{ImapValue::Kind::kString, std::move(text), {}};
      if (c == '\\' && pos_ < s_.size()) c = s_[pos_++];
      if (c == '\r' || c == '\n') break;
      text += c;
    }
    return Fail("unterminated quoted string");
  }

  std::optional<ImapValue> Literal() {
    if (s_[pos_] == '~') ++pos_;
    std::size_t close = s_.find('}', pos_);
    if (close == std::string_view::npos) return Fail("unterminated literal size");
    std::string_view size_text = s_.substr(pos_ + 1, close - pos_ - 1);
    if (!size_text.empty() && size_text.back() == '+') size_text.remove_suffix(1);
    auto size = ToNumber(size_text);
    if (!size) return Fail("bad literal size");
    pos_ = close + 1;
    if (pos_ < s_.size() && s_[pos_] == '\r') ++pos_;
    if (pos_ >= s_.size() || s_[pos_] != '\n') return Fail("literal size not followed by CRLF");
    ++pos_;
    if (*size > s_.size() - pos_) return Fail("literal longer than the answer (truncated?)");
    ImapValue v{ImapValue::Kind::kString, std::string(s_.substr(pos_, *size)), {}};
    pos_ += *size;
    return v;
  }

  std::string_view s_;
  std::size_t pos_;
  std::string error_;
};

bool IsStatus(std::string_view word) {
  for (std::string_view s : {"OK", "NO", "BAD", "BYE", "PREAUTH"})
    if (EqualsIgnoreCase(word, s)) return true;
  return false;
}

// "[UIDVALIDITY 3857529045]" → the number after `code`, in a status response.
std::optional<std::uint64_t> CodeNumber(const UntaggedResponse& r, std::string_view code) {
  if (r.values.size() < 3 || !IsStatus(r.values[0].text)) return std::nullopt;
  if (!EqualsIgnoreCase(r.values[1].text, std::string("[") + std::string(code))) {
    return std::nullopt;
  }
  std::string_view n = r.values[2].text;
  if (!n.empty() && n.back() == ']') n.remove_suffix(1);
  return ToNumber(n);
}

}  // namespace

bool ImapValue::IsAtom(std::string_view s) const {
  return kind == Kind::kAtom && EqualsIgnoreCase(text, s);
}

std::optional<std::uint64_t> ImapValue::Number() const {
  if (kind != Kind::kAtom) return std::nullopt;
  return ToNumber(text);
}

core::Result<std::vector<UntaggedResponse>> ParseUntagged(std::string_view stream,
                                                          std::string_view where) {
  std::vector<UntaggedResponse> out;
  std::size_t pos = 0;
  while (pos < stream.size()) {
    if (!stream.substr(pos).starts_with("* ")) {
      std::size_t end = stream.find('\n', pos);
      pos = end == std::string_view::npos ? stream.size() : end + 1;
      continue;
    }
    Reader reader(stream, pos + 2);
    // A status response's text is free-form: only its [CODE args] part is read as values.
    std::size_t word_end = stream.find_first_of(" \r\n", pos + 2);
    std::string_view first = stream.substr(
        pos + 2, word_end == std::string_view::npos ? std::string_view::npos : word_end - pos - 2);
    UntaggedResponse r;
    if (IsStatus(first)) {
      std::string text = Reader(stream, pos + 2).RestOfLine();
      std::size_t consumed = stream.find('\n', pos);
      pos = consumed == std::string_view::npos ? stream.size() : consumed + 1;
      std::string_view rest(text);
      r.values.push_back({ImapValue::Kind::kAtom, std::string(first), {}});
      rest.remove_prefix(std::min(rest.size(), first.size()));
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      if (rest.starts_with('[')) {
        std::size_t close = rest.find(']');
        std::string_view code =
            rest.substr(0, close == std::string_view::npos ? rest.size() : close + 1);
        std::size_t i = 0;
        while (i < code.size()) {
          std::size_t sp = code.find(' ', i);
          if (sp == std::string_view::npos) sp = code.size();
          if (sp > i)
            r.values.push_back({ImapValue::Kind::kAtom, std::string(code.substr(i, sp - i)), {}});
          i = sp + 1;
        }
        rest.remove_prefix(code.size());
      }
      while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
      if (!rest.empty()) r.values.push_back({ImapValue::Kind::kString, std::string(rest), {}});
    } else {
      auto values = reader.Line();
      if (!values) {
        return core::Error::Data(fmt::format("{}: unreadable answer: {}", where, reader.error()));
      }
      r.values = std::move(*values);
      pos = reader.pos();
    }
    out.push_back(std::move(r));
  }
  return out;
}

core::Result<MailboxState> ReadExamine(const std::vector<UntaggedResponse>& responses,
                                       std::string_view where) {
  MailboxState state;
  bool validity = false;
  for (const auto& r : responses) {
    if (auto n = CodeNumber(r, "UIDVALIDITY")) {
      state.uid_validity = static_cast<std::uint32_t>(*n);
      validity = true;
    } else if (auto next = CodeNumber(r, "UIDNEXT")) {
      state.uid_next = static_cast<std::uint32_t>(*next);
    } else if (r.values.size() == 2 && r.values[1].IsAtom("EXISTS")) {
      if (auto n = r.values[0].Number()) state.exists = static_cast<std::uint32_t>(*n);
    }
  }
  if (!validity) return core::Error::Data(fmt::format("{}: no UIDVALIDITY in the answer", where));
  return state;
}

std::vector<std::uint32_t> ReadSearch(const std::vector<UntaggedResponse>& responses) {
  std::vector<std::uint32_t> out;
  for (const auto& r : responses) {
    if (r.values.empty() || !r.values[0].IsAtom("SEARCH")) continue;
    for (std::size_t i = 1; i < r.values.size(); ++i)
      if (auto n = r.values[i].Number()) out.push_back(static_cast<std::uint32_t>(*n));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<ListedMailbox> ReadList(const std::vector<UntaggedResponse>& responses) {
  std::vector<ListedMailbox> out;
  for (const auto& r : responses) {
    if (r.values.size() < 4 || !r.values[0].IsAtom("LIST") ||
        r.values[1].kind != ImapValue::Kind::kList) {
      continue;
    }
    ListedMailbox m;
    m.name = r.values[3].text;
    for (const auto& f : r.values[1].items) m.flags.push_back(f.text);
    out.push_back(std::move(m));
  }
  return out;
}

std::optional<std::string> SentFolder(const std::vector<ListedMailbox>& mailboxes) {
  for (const auto& m : mailboxes) {
    if (m.name.find_first_of(std::string_view("\r\n\0", 3)) != std::string::npos) continue;
    for (const auto& f : m.flags) {
      if (f == "\\Sent" || f == "\\sent") return m.name;
    }
  }
  return std::nullopt;
}

core::Result<std::vector<FetchedHeader>> ReadFetch(const std::vector<UntaggedResponse>& responses,
                                                   std::string_view where) {
  std::vector<FetchedHeader> out;
  for (const auto& r : responses) {
    if (r.values.size() < 3 || !r.values[1].IsAtom("FETCH") ||
        r.values[2].kind != ImapValue::Kind::kList) {
      continue;
    }
    const auto& items = r.values[2].items;
    FetchedHeader h;
    bool has_header = false;
    for (std::size_t i = 0; i < items.size(); ++i) {
      const ImapValue& key = items[i];
      if (key.kind != ImapValue::Kind::kAtom) continue;
      if (key.IsAtom("UID") && i + 1 < items.size()) {
        if (auto n = items[++i].Number()) h.uid = static_cast<std::uint32_t>(*n);
      } else if (key.IsAtom("INTERNALDATE") && i + 1 < items.size()) {
        h.internal_date = items[++i].text;
      } else if (StartsWithIgnoreCase(key.text, "BODY[")) {
        // "BODY[HEADER.FIELDS" "(DATE FROM)" "]" or "BODY[HEADER]": the section ends at "]".
        while (i < items.size() && (items[i].kind != ImapValue::Kind::kAtom ||
                                    items[i].text.find(']') == std::string::npos)) {
          ++i;
        }
        if (i + 1 < items.size()) {
          h.header = items[++i].text;
          has_header = true;
        }
      } else {
        ++i;  // FLAGS (…), RFC822.SIZE n, …: not ours
      }
    }
    // Unsolicited FETCH responses (another client changed a flag) carry no header: not ours.
    if (!has_header) continue;
    if (h.uid == 0) {
      return core::Error::Data(fmt::format("{}: a FETCH answer without UID", where));
    }
    out.push_back(std::move(h));
  }
  return out;
}

std::string UidSet(const std::vector<std::uint32_t>& uids) {
  std::string out;
  for (std::size_t i = 0; i < uids.size();) {
    std::size_t j = i;
    while (j + 1 < uids.size() && uids[j + 1] == uids[j] + 1) ++j;
    if (!out.empty()) out += ',';
    out += std::to_string(uids[i]);
    if (j > i) out += ':' + std::to_string(uids[j]);
    i = j + 1;
  }
  return out;
}

std::string Quoted(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

}  // namespace sellerwatch::sources::imap
