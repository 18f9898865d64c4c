#include "core/alert_json.hpp"

#include <gtest/gtest.h>

namespace sellerwatch::core {
namespace {

TEST(AlertJsonTest, NotificationRoundTrips) {
  Alert firing;
  firing.labels = {{"account", "a"}, {"rule", "odr"}};
  firing.annotations = {{"comment", "naïve \"quote\"\r\n<script>"}};
  firing.state = AlertState::kFlapping;
  firing.severity = Severity::kCritical;
  firing.starts_at = FromUnixMillis(1000);
  Alert resolved = firing;
  resolved.state = AlertState::kResolved;
  resolved.ends_at = FromUnixMillis(5000);
  Notification n{"ops", "g/1", FromUnixMillis(7000), {firing, resolved}};
  auto text = EncodeNotification(n);
  auto back = DecodeNotification(text);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(back->receiver, "ops");
  EXPECT_EQ(back->group_key, "g/1");
  EXPECT_EQ(back->created_at, FromUnixMillis(7000));
  ASSERT_EQ(back->alerts.size(), 2u);
  EXPECT_EQ(back->alerts[0].annotations, firing.annotations);
  EXPECT_EQ(back->alerts[0].state, AlertState::kFlapping);
  EXPECT_FALSE(back->alerts[0].ends_at);
  EXPECT_EQ(back->alerts[1].ends_at, FromUnixMillis(5000));
  EXPECT_EQ(EncodeNotification(*back), text);
}

TEST(AlertJsonTest, DigestNotificationRoundTrips) {
  Notification n{"ops", "digest/ops", FromUnixMillis(7000), {}};
  n.digest = DigestPayload{"[sellerwatch] Weekly digest",
                           "text ▁▂█\n",
                           "<html>\"</html>",
                           "title",
                           {{"shop", {"line 1", "line \"2\""}}, {"empty", {}}}};
  auto text = EncodeNotification(n);
  auto back = DecodeNotification(text);
  ASSERT_TRUE(back) << back.error().message;
  ASSERT_TRUE(back->digest);
  EXPECT_EQ(*back->digest, *n.digest);
  EXPECT_TRUE(back->alerts.empty());
  Notification plain{"ops", "g", FromUnixMillis(1), {}};
  EXPECT_FALSE(DecodeNotification(EncodeNotification(plain))->digest);
  auto broken = DecodeNotification(
      R"({"receiver":"r","group_key":"g","created_at":1,"alerts":[],"digest":{"subject":1}})");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().kind, ErrorKind::kData);
}

TEST(AlertJsonTest, BrokenDocumentsAreDataErrors) {
  for (std::string_view bad : {"", "[]", "{\"receiver\":1}",
                               R"({"receiver":"r","group_key":"g","created_at":1,"alerts":[{}]})",
                               R"({"receiver":"r","group_key":"g","created_at":1,"alerts":[
                                   {"state":"firing","severity":"loud","starts_at":1}]})"}) {
    auto n = DecodeNotification(bad);
    ASSERT_FALSE(n) << bad;
    EXPECT_EQ(n.error().kind, ErrorKind::kData);
  }
}

}  // namespace
}  // namespace sellerwatch::core
