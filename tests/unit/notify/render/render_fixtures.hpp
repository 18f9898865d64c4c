// Notifications shared by the renderer tests: a plain alert, one carrying a hostile
// buyer comment, and a large group.
#pragma once

#include <fmt/format.h>

#include <boost/json.hpp>
#include <functional>
#include <string>
#include <vector>

#include "core/alert.hpp"
#include "core/time.hpp"

namespace sellerwatch::notify::testing {

inline core::Timestamp At(const char* rfc3339) { return *core::ParseRfc3339(rfc3339); }

inline core::Alert MakeAlert(const std::string& account = "acme-us",
                             core::Severity severity = core::Severity::kCritical,
                             core::AlertState state = core::AlertState::kFiring) {
  core::Alert a;
  a.labels = {{"account", account},
              {"marketplace", "amazon"},
              {"rule", "order_defect_rate"},
              {"metric", "order_defect_rate"},
              {"severity", std::string(core::Name(severity))},
              {"team", "us"}};
  a.annotations = {
      {"summary", account + " order_defect_rate is 1.20% (12 of 1000), at or above the critical "
                            "limit 0.90%"},
      {"value", "1.20%"},
      {"value_raw", "0.012"},
      {"numerator", "12"},
      {"denominator", "1000"},
      {"threshold", "warn 0.70%, critical 0.90%"},
      {"headroom", "critical 0.90% breached: 334 more orders needed to recover"},
      {"window", "60 days"},
      {"hint", "Answer open A-to-z claims and refund defective orders first."}};
  a.state = state;
  a.severity = severity;
  a.starts_at = At("2026-11-01T10:42:00Z");
  if (state == core::AlertState::kResolved) a.ends_at = At("2026-11-01T12:00:00Z");
  return a;
}

inline core::Notification MakeNotification(std::vector<core::Alert> alerts) {
  core::Notification n;
  n.receiver = "ops";
  n.group_key = "{}:{account=\"acme-us\"}";
  n.created_at = At("2026-11-01T12:05:00Z");
  n.alerts = std::move(alerts);
  return n;
}

// What a buyer can write: header injection, HTML, Slack/Discord/Mattermost control sequences,
// Markdown, bidi overrides, control bytes, invalid UTF-8, astral characters, and length.
inline std::string HostileComment() {
  std::string s =
      "Terrible seller!\r\nBcc: x@example.com\r\nSubject: pwned\n<script>alert(1)</script> "
      "<!channel> <!here|here> <@U123> @everyone @here @channel @all <users/all> "
      "[click](http://evil.example) *bold* _it_ `code` ~~strike~~ ||spoiler|| \n# heading\n"
      "> quote &amp; &lt;b&gt; \xE2\x80\xAE"
      "desrever\xE2\x80\xAC \x01\x7f\xff\xc3 ñ 日本語 😀 = =3D trailing   ";
  while (s.size() < 5200) s += "more <b>bold</b> & <i>text</i> 日本 😀 @everyone <!channel> ";
  return s;
}

inline core::Notification OneAlert() { return MakeNotification({MakeAlert()}); }

inline core::Notification HostileAlert() {
  core::Alert a = MakeAlert("acme-us");
  a.annotations["comment"] = HostileComment();
  a.annotations["summary"] = "acme-us negative feedback: " + HostileComment().substr(0, 300);
  return MakeNotification({a});
}

inline std::string ShopName(std::size_t i) { return fmt::format("shop{:04}", i); }

// 120 alerts over many accounts and every state, for budgets and splitting.
inline core::Notification ManyAlerts(std::size_t count = 120) {
  std::vector<core::Alert> alerts;
  for (std::size_t i = 0; i < count; ++i) {
    auto severity = i % 4 == 0 ? core::Severity::kCritical : core::Severity::kWarning;
    auto state = i % 5 == 0   ? core::AlertState::kResolved
                 : i % 7 == 0 ? core::AlertState::kFlapping
                              : core::AlertState::kFiring;
    core::Alert a = MakeAlert(ShopName(i), severity, state);
    a.annotations["items"] =
        "111-2223334-5556667 (Mon 18:00 PST), 111-2223334-5556668 (Mon "
        "19:00 PST), +4 more";
    alerts.push_back(std::move(a));
  }
  return MakeNotification(std::move(alerts));
}

// Every string (keys excluded) inside a JSON value, depth first.
inline void ForEachString(const boost::json::value& v,
                          const std::function<void(const std::string&)>& f) {
  if (v.is_string()) {
    f(std::string(v.get_string()));
  } else if (v.is_array()) {
    for (const auto& e : v.get_array()) ForEachString(e, f);
  } else if (v.is_object()) {
    for (const auto& kv : v.get_object()) ForEachString(kv.value(), f);
  }
}

}  // namespace sellerwatch::notify::testing
