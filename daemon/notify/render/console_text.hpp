#pragma once

#include <string>

#include "core/alert.hpp"
#include "i18n/translator.hpp"

namespace sellerwatch::notify {

// A notification as a few lines for a terminal or a log: a headline per alert, then headroom,
// window and thresholds, and what to do; in `tr`'s language (the receiver's).
std::string ConsoleText(const i18n::Translator& tr, const core::Notification& notification);

}  // namespace sellerwatch::notify
