#pragma once

#include <ostream>

#include "notify/channel.hpp"

namespace sellerwatch::notify {

// `console` receiver: human-readable lines on stdout.
class ConsoleChannel final : public Channel {
 public:
  explicit ConsoleChannel(std::ostream& out) : out_(out) {}
  core::Result<void> Send(const core::Notification& notification) override;

 private:
  std::ostream& out_;
};

}  // namespace sellerwatch::notify
