#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/alert.hpp"
#include "core/error.hpp"
#include "core/time.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::notify {

struct EmailEnvelope {
  std::string from;             // "sellerwatch <alerts@example.com>" or "alerts@example.com"
  std::vector<std::string> to;  // same forms; at least one
  std::string message_id;       // "<id@domain>", e.g. from MakeMessageId
  core::Timestamp date;         // the Date header (the notification time, not "now")
  std::optional<std::string> thread_message_id;  // "<…@…>": In-Reply-To/References, to thread
};

// The complete RFC 5322 message (CRLF line ends) for SMTP upload: From, To, Subject (RFC 2047
// B-words, folded ≤78), Date (RFC 5322, +0000), Message-ID, optional In-Reply-To/References,
// MIME-Version, Auto-Submitted, and a multipart/alternative body: text/plain first, then
// text/html, both UTF-8 quoted-printable (lines ≤76). The boundary is "=_sw_" + 32 hex of
// SHA-256(message_id): reproducible, and "=_" can never occur in quoted-printable text.
// Untrusted text reaches headers only through the Subject, cleaned of CR, LF and every
// control character first. Errors (kConfig): a From/To/Message-ID that does not parse as an
// address / "<left@right>", contains CR, LF or control characters, or an empty To list.
// Subject and parts are in `tr`'s language (the receiver's); a digest arrives rendered.
core::Result<std::string> BuildEmail(const i18n::Translator& tr,
                                     const core::Notification& notification,
                                     const EmailEnvelope& envelope);

// "[sellerwatch] FIRING critical: <summary>" for one alert, "[sellerwatch] FIRING: 3 alerts
// (2 critical) — acme-us · rule and 2 more" for a group; ≤200 characters (UTF-16 units), one
// line, cleaned; in `tr`'s language.
std::string EmailSubject(const i18n::Translator& tr, const core::Notification& notification);

// A stable Message-ID for a delivery leg, so a retried send is recognisably the same message:
// "<sw." + 32 hex of SHA-256(idempotency_key) + "@" + the From address's domain + ">".
// Errors as BuildEmail's for an unusable From.
core::Result<std::string> MakeMessageId(std::string_view idempotency_key, std::string_view from);

// A config address ("Name <a@b>", "\"Name\" <a@b>" or "a@b") checked and split.
struct Mailbox {
  std::string display_name;  // may be empty; UTF-8
  std::string address;       // local@domain, ASCII
};
core::Result<Mailbox> ParseMailbox(std::string_view text);

}  // namespace sellerwatch::notify
