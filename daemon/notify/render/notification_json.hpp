#pragma once

#include <string>

#include "core/alert.hpp"

namespace sellerwatch::notify {

// The versioned JSON document of a notification: file receiver lines and the generic webhook
// body. Schema version 1 (fields are only ever added; a rename or removal bumps "version"):
//
//   {
//     "version":    1,                          // integer
//     "type":       "alert.firing" | "alert.resolved",   // Standard Webhooks event type
//     "receiver":   string,                     // receiver name from the config
//     "group_key":  string,                     // stable per alert group
//     "created_at": RFC 3339 UTC string,        // when the notification was made
//     "status":     "firing" | "resolved",      // firing while any alert is not resolved
//     "alerts": [{
//       "status":      "firing" | "resolved" | "flapping" | "pending" | "inactive",
//       "severity":    "warning" | "critical",
//       "labels":      {string: string},        // account, marketplace, rule, metric, severity,
//                                               // and the account's labels
//       "annotations": {string: string},        // summary, value, threshold, headroom,
//                                               // forecast, window, hint, items, ... (untrusted
//                                               // text: escape before display)
//       "starts_at":   RFC 3339 UTC string,
//       "ends_at":     RFC 3339 UTC string | null   // null unless resolved
//     }, ...]
//   }
//
// A weekly digest has "type" and "status" "digest", empty "alerts" and
//     "digest": {"subject": string, "text": string}   // the digest's subject and text part
//
// Strings are exactly as the alerts carry them, except that invalid UTF-8 is replaced by
// U+FFFD so the document is always valid JSON text.
std::string NotificationJson(const core::Notification& notification);

}  // namespace sellerwatch::notify
