#include "notify/render/email_message.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/sha256.hpp"
#include "core/text.hpp"
#include "notify/render/alert_view.hpp"
#include "notify/render/email_body.hpp"
#include "notify/render/mime_encoding.hpp"

namespace sellerwatch::notify {
namespace {

constexpr std::size_t kSubjectLength = 200;

bool HasControl(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    auto b = static_cast<unsigned char>(c);
    return b < 0x20 || b == 0x7F;
  });
}

bool IsAtext(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

// dot-atom@domain, ASCII only: what config addresses need; quoted local parts are refused.
bool ValidAddress(std::string_view a) {
  auto at = a.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == a.size() || a.size() > 254) {
    return false;
  }
  std::string_view local = a.substr(0, at), domain = a.substr(at + 1);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) {
    return false;
  }
  for (char c : local) {
    if (!IsAtext(c) && c != '.') return false;
  }
  if (domain.front() == '.' || domain.back() == '.' || domain.front() == '-') return false;
  for (char c : domain) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

core::Result<std::string> ValidMessageId(std::string_view id, std::string_view what) {
  bool ok = id.size() >= 5 && id.size() <= 250 && id.front() == '<' && id.back() == '>' &&
            !HasControl(id);
  if (ok) {
    std::string_view inner = id.substr(1, id.size() - 2);
    auto at = inner.find('@');
    ok = at != std::string_view::npos && at > 0 && at + 1 < inner.size() &&
         std::none_of(inner.begin(), inner.end(), [](char c) {
           return c == ' ' || c == '<' || c == '>' || static_cast<unsigned char>(c) > 0x7E;
         });
  }
  if (!ok) return core::Error::Config(fmt::format("email: {} must look like <left@right>", what));
  return std::string(id);
}

// Display name tokens: atoms as they are, other ASCII as a quoted-string, non-ASCII as
// encoded-words.
std::vector<std::string> PhraseTokens(std::string_view name) {
  if (name.empty()) return {};
  bool ascii = std::all_of(name.begin(), name.end(),
                           [](char c) { return static_cast<unsigned char>(c) < 0x7F; });
  if (!ascii) return EncodedWords(name);
  bool atoms = std::all_of(name.begin(), name.end(), [](char c) { return IsAtext(c) || c == ' '; });
  if (atoms && name.find("=?") == std::string_view::npos) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < name.size()) {
      auto end = name.find(' ', start);
      if (end == std::string_view::npos) end = name.size();
      if (end > start) out.emplace_back(name.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  quoted += '"';
  if (quoted.size() > 70) return EncodedWords(name);  // keep header lines short
  return {quoted};
}

void AppendMailboxTokens(const Mailbox& m, std::vector<std::string>& tokens) {
  auto phrase = PhraseTokens(m.display_name);
  tokens.insert(tokens.end(), phrase.begin(), phrase.end());
  tokens.push_back(phrase.empty() ? m.address : "<" + m.address + ">");
}

std::string Boundary(std::string_view message_id) {
  return "=_sw_" + core::Sha256Hex(message_id).substr(0, 32);
}

}  // namespace

core::Result<Mailbox> ParseMailbox(std::string_view text) {
  if (HasControl(text)) {
    return core::Error::Config("email address must not contain CR, LF or control characters");
  }
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
    return s;
  };
  text = trim(text);
  Mailbox m;
  std::string_view address = text;
  if (!text.empty() && text.back() == '>') {
    auto open = text.rfind('<');
    if (open == std::string_view::npos) {
      return core::Error::Config(fmt::format("email address \"{}\": missing '<'", text));
    }
    address = text.substr(open + 1, text.size() - open - 2);
    std::string_view name = trim(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    m.display_name = core::CleanLine(name);
  }
  if (!ValidAddress(address)) {
    return core::Error::Config(fmt::format("email address \"{}\" is not a valid address", text));
  }
  m.address = std::string(address);
  return m;
}

std::string EmailSubject(const i18n::Translator& tr, const core::Notification& n) {
  if (n.digest) return core::Truncate(core::CleanLine(n.digest->subject), kSubjectLength);
  std::string text;
  if (n.alerts.size() == 1) {
    // One alert: its summary already names account and metric, so it is the whole subject.
    const AlertView v = OrderedAlertViews(tr, n).front();
    text = tr.TrC("state severity: title", "{0} {1}: {2}", v.state, v.severity, v.summary);
  } else {
    text = NotificationHeadline(tr, n);
  }
  return core::Truncate(core::CleanLine("[sellerwatch] " + text), kSubjectLength);
}

core::Result<std::string> MakeMessageId(std::string_view idempotency_key, std::string_view from) {
  auto mailbox = ParseMailbox(from);
  if (!mailbox) return mailbox.error();
  std::string domain = mailbox->address.substr(mailbox->address.rfind('@') + 1);
  return "<sw." + core::Sha256Hex(idempotency_key).substr(0, 32) + "@" + domain + ">";
}

core::Result<std::string> BuildEmail(const i18n::Translator& tr, const core::Notification& n,
                                     const EmailEnvelope& env) {
  auto from = ParseMailbox(env.from);
  if (!from) return from.error().Context("email: from");
  if (env.to.empty()) return core::Error::Config("email: no recipients in to");
  std::vector<std::string> to_tokens;
  for (std::size_t i = 0; i < env.to.size(); ++i) {
    auto to = ParseMailbox(env.to[i]);
    if (!to) return to.error().Context("email: to");
    AppendMailboxTokens(*to, to_tokens);
    if (i + 1 < env.to.size()) to_tokens.back() += ",";
  }
  auto message_id = ValidMessageId(env.message_id, "message_id");
  if (!message_id) return message_id.error();
  std::vector<std::string> from_tokens;
  AppendMailboxTokens(*from, from_tokens);

  std::string msg;
  msg += FoldHeaderField("From", from_tokens);
  msg += FoldHeaderField("To", to_tokens);
  msg += EncodedHeaderField("Subject", EmailSubject(tr, n));
  msg += "Date: " + FormatRfc5322Date(env.date) + "\r\n";
  msg += "Message-ID: " + *message_id + "\r\n";
  if (env.thread_message_id) {
    auto thread = ValidMessageId(*env.thread_message_id, "thread_message_id");
    if (!thread) return thread.error();
    msg += "In-Reply-To: " + *thread + "\r\n";
    msg += "References: " + *thread + "\r\n";
  }
  const std::string boundary = Boundary(*message_id);
  msg += "MIME-Version: 1.0\r\n";
  msg += "Auto-Submitted: auto-generated\r\n";  // RFC 3834: no vacation replies to alerts
  msg += "Content-Type: multipart/alternative;\r\n boundary=\"" + boundary + "\"\r\n";
  msg += "\r\n";
  msg += "This is a multi-part message in MIME format.\r\n";
  // Text first, HTML last: RFC 2046 puts the preferred alternative last.
  for (auto [type, body] : {std::pair{"text/plain", n.digest ? n.digest->text : EmailText(tr, n)},
                            std::pair{"text/html", n.digest ? n.digest->html : EmailHtml(tr, n)}}) {
    msg += "\r\n--" + boundary + "\r\n";
    msg += fmt::format("Content-Type: {}; charset=utf-8\r\n", type);
    msg += "Content-Transfer-Encoding: quoted-printable\r\n\r\n";
    msg += QuotedPrintableEncode(body);
  }
  msg += "\r\n--" + boundary + "--\r\n";
  return msg;
}

}  // namespace sellerwatch::notify
