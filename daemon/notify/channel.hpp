#pragma once

#include "core/alert.hpp"
#include "core/error.hpp"

namespace sellerwatch::notify {

// Renders and sends a notification to one receiver. kTransient errors may be retried,
// kPermanent ones will fail again.
class Channel {
 public:
  virtual ~Channel() = default;
  virtual core::Result<void> Send(const core::Notification& notification) = 0;
};

}  // namespace sellerwatch::notify
