#pragma once

#include "config/config.hpp"
#include "net/http_client.hpp"
#include "notify/channel.hpp"

namespace sellerwatch::notify {

// Every URL-based receiver: posts the rendered request(s) in order and classifies each answer
// (2xx delivered; 429/5xx/network retried with the server's wait hint; other 4xx permanent).
// A notification split into several messages stops at the first one not delivered and reports
// each one delivered through leg.on_part; a retry given that progress (leg.parts) sends only
// the messages not yet delivered. Chat webhooks take no idempotency key, so a message whose
// answer was lost in flight is the one that may arrive twice.
class HttpChannel final : public Channel {
 public:
  HttpChannel(config::ReceiverConfig receiver, net::HttpClient& client)
      : receiver_(std::move(receiver)), client_(client) {}
  boost::asio::awaitable<SendOutcome> Send(const core::Notification& notification,
                                           const LegContext& leg) override;

 private:
  config::ReceiverConfig receiver_;
  net::HttpClient& client_;
};

}  // namespace sellerwatch::notify
