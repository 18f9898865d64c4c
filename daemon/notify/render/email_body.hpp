#pragma once

#include <string>

#include "core/alert.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::notify {

// Both parts list at most this many alerts (worst first), then "+N more alerts": a
// notification of thousands stays a readable mail of a few hundred kilobytes.
inline constexpr std::size_t kEmailMaxAlerts = 300;

// The footer's parts, shared by both: "receiver ops", "3 alerts".
std::string EmailReceiverNote(const i18n::Translator& tr, const core::Notification& notification);
std::string EmailAlertCount(const i18n::Translator& tr, std::size_t alerts);
// "+3 more alerts (lower priority)": what the parts leave out.
std::string EmailMoreAlerts(const i18n::Translator& tr, std::size_t omitted);

// The text/plain part: a headline, then per alert (worst first) state, severity, title,
// summary and the facts as "label: value" lines, then a footer. Untrusted text is cleaned to
// single lines (no control characters); UTF-8 with LF line ends (BuildEmail encodes it). In
// `tr`'s language (the receiver's), as is the HTML part.
std::string EmailText(const i18n::Translator& tr, const core::Notification& notification);

// The text/html part: a simple table layout with inline CSS (Outlook/Gmail safe), no scripts,
// no external resources, every label and annotation HTML-escaped.
std::string EmailHtml(const i18n::Translator& tr, const core::Notification& notification);

}  // namespace sellerwatch::notify
