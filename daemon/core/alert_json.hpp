#pragma once

#include <string>
#include <string_view>

#include "core/alert.hpp"
#include "core/error.hpp"

namespace boost::json {
class value;
}

namespace sellerwatch::core {

// The store's own round-trip encoding of alerts and notifications (times in unix ms). Not a
// public format: receivers get notify/render's versioned JSON instead.
boost::json::value AlertToJson(const Alert& alert);
Result<Alert> AlertFromJson(const boost::json::value& value);

std::string EncodeNotification(const Notification& notification);
Result<Notification> DecodeNotification(std::string_view text);

}  // namespace sellerwatch::core
