#pragma once

#include <boost/asio/awaitable.hpp>
#include <map>
#include <memory>
#include <string>

#include "core/alert.hpp"
#include "notify/delivery_policy.hpp"

namespace sellerwatch::notify {

// What one delivery attempt of one outbox leg knows about itself.
struct LegContext {
  std::string key;  // stable idempotency key: Message-ID for mail, webhook-id for webhooks
  int attempt = 1;  // 1 for the first try
  core::Timestamp now;
};

// Renders and sends a notification to one receiver, and says how it went: delivered, worth a
// retry (with the server's wait hint), or refused for good. Never throws for I/O failures.
class Channel {
 public:
  virtual ~Channel() = default;
  virtual boost::asio::awaitable<SendOutcome> Send(const core::Notification& notification,
                                                   const LegContext& leg) = 0;
};

// By receiver name. Shared: a send in flight keeps its channel alive across a reload.
using Channels = std::map<std::string, std::shared_ptr<Channel>, std::less<>>;

}  // namespace sellerwatch::notify
