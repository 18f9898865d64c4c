#pragma once

#include <string>

#include "core/alert.hpp"

namespace sellerwatch::notify {

// Both parts list at most this many alerts (worst first), then "+N more alerts": a
// notification of thousands stays a readable mail of a few hundred kilobytes.
inline constexpr std::size_t kEmailMaxAlerts = 300;

// The text/plain part: a headline, then per alert (worst first) state, severity, title,
// summary and the facts as "label: value" lines, then a footer. Untrusted text is cleaned to
// single lines (no control characters); UTF-8 with LF line ends (BuildEmail encodes it).
std::string EmailText(const core::Notification& notification);

// The text/html part: a simple table layout with inline CSS (Outlook/Gmail safe), no scripts,
// no external resources, every label and annotation HTML-escaped.
std::string EmailHtml(const core::Notification& notification);

}  // namespace sellerwatch::notify
