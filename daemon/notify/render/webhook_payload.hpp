#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/alert.hpp"
#include "core/error.hpp"

namespace sellerwatch::notify {

// One generic-webhook POST: the NotificationJson body (schema in notification_json.hpp) and
// its headers: Content-Type, and the Standard Webhooks trio `webhook-id` (stable across
// retries: the leg's idempotency key), `webhook-timestamp` (this attempt, Unix seconds) and,
// when a secret is configured, `webhook-signature`.
struct WebhookRequest {
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// `secret` empty: unsigned. Errors as SignWebhook's (bad secret, bad msg_id).
core::Result<WebhookRequest> BuildWebhookRequest(const core::Notification& notification,
                                                 std::string_view msg_id,
                                                 std::int64_t timestamp_seconds,
                                                 std::string_view secret);

}  // namespace sellerwatch::notify
