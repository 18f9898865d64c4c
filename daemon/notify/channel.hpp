#pragma once

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "core/alert.hpp"
#include "notify/delivery_policy.hpp"

namespace sellerwatch::notify {

// How far earlier attempts got with a notification its channel sends as several messages
// (chat receivers over their length budget, digests).
struct PartsProgress {
  int delivered = 0;     // messages 1..delivered arrived
  std::string digest{};  // of all the messages then: when they render differently now (a reload
                         // changed the receiver), the count is void and sending starts over
  bool operator==(const PartsProgress&) const = default;
};

// What one delivery attempt of one outbox leg knows about itself.
struct LegContext {
  std::string key;  // stable idempotency key: Message-ID for mail, webhook-id for webhooks
  int attempt = 1;  // 1 for the first try
  core::Timestamp now;
  PartsProgress parts{};  // from the outbox: a retry sends only the messages not yet delivered
  // Called after each message of a split notification is delivered, before the next one is
  // sent, so the outbox holds the progress should the process die (empty: nothing to keep).
  std::function<void(const PartsProgress&)> on_part{};
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
