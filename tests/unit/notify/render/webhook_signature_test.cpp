// Standard Webhooks signing (alerting.md §7) and the generic webhook request.

#include "notify/render/webhook_signature.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "notify/render/notification_json.hpp"
#include "notify/render/webhook_payload.hpp"
#include "unit/notify/render/render_fixtures.hpp"

namespace sellerwatch::notify {
namespace {

namespace json = boost::json;

// The Standard Webhooks / Svix reference vector; cross-checked with
//   printf '%s' 'msg_p5jXN8AQM9LWM0D4loKWxJek.1614265330.{"test": 2432232314}' |
//   openssl dgst -sha256 -mac HMAC -macopt hexkey:$(printf MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw |
//   base64 -d | xxd -p -c 256) -binary | base64
TEST(WebhookSignatureTest, MatchesTheStandardWebhooksVector) {
  auto sig = SignWebhook("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
                         1614265330, R"({"test": 2432232314})");
  ASSERT_TRUE(sig) << sig.error().message;
  EXPECT_EQ(*sig, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
}

TEST(WebhookSignatureTest, RejectsBadSecretsAndIds) {
  struct Case {
    const char* secret;
    const char* id;
    core::ErrorKind kind;
  };
  for (const Case& c : std::vector<Case>{
           {"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_1", core::ErrorKind::kConfig},  // no prefix
           {"whsec_not base64!", "msg_1", core::ErrorKind::kConfig},
           {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaS", "msg_1", core::ErrorKind::kConfig},
           {"whsec_", "msg_1", core::ErrorKind::kConfig},
           {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg.1", core::ErrorKind::kData},
           {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg\r\n1", core::ErrorKind::kData},
           {"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "", core::ErrorKind::kData},
       }) {
    auto sig = SignWebhook(c.secret, c.id, 1, "{}");
    ASSERT_FALSE(sig) << c.secret << " " << c.id;
    EXPECT_EQ(sig.error().kind, c.kind) << c.secret << " " << c.id;
  }
}

TEST(WebhookPayloadTest, RequestCarriesBodyAndStandardHeaders) {
  const std::string secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  auto req = BuildWebhookRequest(testing::OneAlert(), "leg-42", 1700000000, secret);
  ASSERT_TRUE(req);
  EXPECT_EQ(req->body, NotificationJson(testing::OneAlert()));
  std::map<std::string, std::string> headers(req->headers.begin(), req->headers.end());
  EXPECT_EQ(headers["webhook-id"], "leg-42");
  EXPECT_EQ(headers["webhook-timestamp"], "1700000000");
  EXPECT_EQ(headers["webhook-signature"], *SignWebhook(secret, "leg-42", 1700000000, req->body));
  auto unsigned_req = BuildWebhookRequest(testing::OneAlert(), "leg-42", 1700000000, "");
  ASSERT_TRUE(unsigned_req);
  for (const auto& [k, v] : unsigned_req->headers) EXPECT_NE(k, "webhook-signature");
  EXPECT_FALSE(BuildWebhookRequest(testing::OneAlert(), "leg\r\nX: y", 1, ""));
  EXPECT_FALSE(BuildWebhookRequest(testing::OneAlert(), "leg-42", 1, "whsec_!"));
}

TEST(WebhookPayloadTest, NotificationJsonKeepsSchemaVersionOne) {
  auto doc = json::parse(NotificationJson(testing::HostileAlert()));
  EXPECT_EQ(doc.at("version").as_int64(), 1);
  EXPECT_EQ(doc.at("type").as_string(), "alert.firing");
  EXPECT_EQ(doc.at("status").as_string(), "firing");
  EXPECT_EQ(doc.at("receiver").as_string(), "ops");
  const auto& a = doc.at("alerts").at(0);
  for (const char* key : {"status", "severity", "labels", "annotations", "starts_at", "ends_at"}) {
    EXPECT_TRUE(a.as_object().contains(key)) << key;
  }
  EXPECT_TRUE(a.at("ends_at").is_null());
  // The comment survives as data (receivers escape it), only invalid UTF-8 is replaced.
  std::string comment(a.at("annotations").at("comment").as_string());
  EXPECT_NE(comment.find("<script>alert(1)</script>"), std::string::npos);
  EXPECT_NE(comment.find("\uFFFD"), std::string::npos);
}

}  // namespace
}  // namespace sellerwatch::notify
