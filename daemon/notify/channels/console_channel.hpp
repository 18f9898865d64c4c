#pragma once

#include <ostream>

#include "notify/channel.hpp"

namespace sellerwatch::notify {

// `console` receiver: human-readable lines on stdout.
class ConsoleChannel final : public Channel {
 public:
  explicit ConsoleChannel(std::ostream& out) : out_(out) {}
  boost::asio::awaitable<SendOutcome> Send(const core::Notification& notification,
                                           const LegContext& leg) override;

 private:
  std::ostream& out_;
};

}  // namespace sellerwatch::notify
