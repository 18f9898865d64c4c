#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace sellerwatch::notify {

// Standard Webhooks v1 signature (alerting.md §7): "v1," + base64(HMAC-SHA256(key,
// "{msg_id}.{timestamp}.{body}")), where `secret` is "whsec_" + base64(key). The value goes
// into the `webhook-signature` header (several space-separated entries allow key rotation).
// Errors (kConfig): no "whsec_" prefix, bad base64, an empty key; (kData): a msg_id that
// fails IsValidWebhookId.
core::Result<std::string> SignWebhook(std::string_view secret, std::string_view msg_id,
                                      std::int64_t timestamp_seconds, std::string_view body);

// A `webhook-id` Standard Webhooks can carry: non-empty, printable ASCII without spaces, no
// '.' (the signed content is "{id}.{timestamp}.{body}").
bool IsValidWebhookId(std::string_view msg_id);

}  // namespace sellerwatch::notify
