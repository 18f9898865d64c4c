#pragma once

#include <string>

#include "core/alert.hpp"

namespace sellerwatch::notify {

// A notification as a few lines for a terminal or a log: a headline per alert, then headroom,
// window and thresholds, and what to do.
std::string ConsoleText(const core::Notification& notification);

}  // namespace sellerwatch::notify
