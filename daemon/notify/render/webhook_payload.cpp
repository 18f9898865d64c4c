#include "notify/render/webhook_payload.hpp"

#include "notify/render/notification_json.hpp"
#include "notify/render/webhook_signature.hpp"

namespace sellerwatch::notify {

core::Result<WebhookRequest> BuildWebhookRequest(const core::Notification& notification,
                                                 std::string_view msg_id,
                                                 std::int64_t timestamp_seconds,
                                                 std::string_view secret) {
  WebhookRequest r;
  r.body = NotificationJson(notification);
  if (!IsValidWebhookId(msg_id)) {
    return core::Error::Data("webhook message id must be printable ASCII without '.'");
  }
  r.headers.emplace_back("Content-Type", "application/json");
  r.headers.emplace_back("webhook-id", std::string(msg_id));
  r.headers.emplace_back("webhook-timestamp", std::to_string(timestamp_seconds));
  if (!secret.empty()) {
    auto signature = SignWebhook(secret, msg_id, timestamp_seconds, r.body);
    if (!signature) return signature.error();
    r.headers.emplace_back("webhook-signature", *signature);
  }
  return r;
}

}  // namespace sellerwatch::notify
