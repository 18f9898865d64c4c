#pragma once

#include <string>

#include "core/alert.hpp"
#include "core/time.hpp"

namespace sellerwatch::notify {

struct AlertmanagerOptions {
  // The daemon's base URL for `generatorURL` ("http://host:9187"); empty: the field is omitted
  // (Alertmanager validates it as a URI).
  std::string generator_url;
  // Alertmanager resolves an alert at its `endsAt`, or resolve_timeout (5m) after the last
  // post when `endsAt` is missing. sellerwatch re-posts a firing alert only on change or
  // repeat_interval, so a firing alert is sent with endsAt = created_at + firing_validity;
  // set it above the route's repeat_interval (the default covers the 24h default) so the
  // alert stays active until our resolved post or the next repeat, and still expires if
  // sellerwatch goes away.
  core::Duration firing_validity = std::chrono::hours(25);
};

// The JSON array for Alertmanager's `POST /api/v2/alerts`: per alert `labels` (every alert
// label, plus `alertname` = the rule and `severity`; names not matching
// [a-zA-Z_][a-zA-Z0-9_]* get their other characters replaced by '_'; empty values dropped),
// `annotations` (each ≤4,096 UTF-16 units, invalid UTF-8 and control characters cleaned),
// `startsAt`, `endsAt` (resolved: its end time, or created_at; firing/flapping/pending:
// created_at + firing_validity; never before startsAt, which Alertmanager answers with a
// 400 for the whole batch) and `generatorURL` (the given base URL, when not empty).
// Alertmanager does no markup, so values are cleaned, not escaped; receivers downstream
// escape for their own target.
std::string AlertmanagerPayload(const core::Notification& notification,
                                const AlertmanagerOptions& options = {});

}  // namespace sellerwatch::notify
