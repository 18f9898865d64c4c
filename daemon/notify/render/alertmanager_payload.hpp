#pragma once

#include <optional>
#include <string>

#include "core/alert.hpp"
#include "core/time.hpp"

namespace sellerwatch::notify {

// sellerwatch's own alerts (source_down, delivery_failed, ...) are events sent once, not kept
// alive by re-sends: they keep a long validity, so they do not expire before anyone looks.
inline constexpr core::Duration kMetaAlertValidity = std::chrono::hours(25);

struct AlertmanagerOptions {
  // The daemon's status endpoint ("http://host:9187/api/v1/status"); each alert's generatorURL
  // is it plus "?account=<id>". Empty: the field is omitted (Alertmanager validates it as a
  // URI).
  std::string status_url;
  // When the request is sent; unset: the notification's created_at.
  std::optional<core::Timestamp> now{};
  // Alertmanager resolves an alert at its `endsAt` (or resolve_timeout after the last post when
  // it is missing). A firing alert is sent with endsAt = now + firing_validity and re-sent well
  // before that, so it stays active while sellerwatch runs and expires when sellerwatch is gone.
  core::Duration firing_validity = std::chrono::minutes(4);
};

// The JSON array for Alertmanager's `POST /api/v2/alerts`: per alert `labels` (every alert
// label, plus `alertname` = the rule and `severity`; names not matching
// [a-zA-Z_][a-zA-Z0-9_]* get their other characters replaced by '_'; empty values dropped),
// `annotations` (each ≤4,096 UTF-16 units, invalid UTF-8 and control characters cleaned),
// `startsAt`, `endsAt` (resolved: its end time, or the send time; firing/flapping/pending: the
// send time + firing_validity; never before startsAt, which Alertmanager answers with a 400 for
// the whole batch) and `generatorURL` (when status_url is set). Alertmanager does no markup, so
// values are cleaned, not escaped; receivers downstream escape for their own target.
std::string AlertmanagerPayload(const core::Notification& notification,
                                const AlertmanagerOptions& options = {});

// The labels Alertmanager identifies an alert by (its fingerprint is a hash of them), as
// AlertmanagerPayload sends them.
core::Labels AlertmanagerLabels(const core::Alert& alert);

}  // namespace sellerwatch::notify
