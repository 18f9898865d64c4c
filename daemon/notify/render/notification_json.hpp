#pragma once

#include <string>

#include "core/alert.hpp"

namespace sellerwatch::notify {

// The versioned JSON document of a notification (file receiver lines; the webhook body):
// {"version":1,"receiver","group_key","created_at","status":"firing|resolved",
//  "alerts":[{"status","severity","labels","annotations","starts_at","ends_at"}]}
std::string NotificationJson(const core::Notification& notification);

}  // namespace sellerwatch::notify
