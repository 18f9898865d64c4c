#pragma once

#include <string>
#include <string_view>

#include "config/config.hpp"
#include "net/http_client.hpp"
#include "notify/channel.hpp"

namespace sellerwatch::notify {

// The `alertmanager` receiver: POSTs the alerts to every peer of the cluster at once, since
// Alertmanager gossips silences and its notification log but not alerts (each peer must hear
// every alert; the cluster dedupes the notifications). Delivered when at least one peer
// answers 2xx — the others are caught up by the re-sends (AlertmanagerResender). When none
// does: retried if any failure is worth a retry (the longest wait hint wins), else permanent.
// Every POST's result is in the outcome's `posts`, by peer.
class AlertmanagerChannel final : public Channel {
 public:
  AlertmanagerChannel(config::ReceiverConfig receiver, net::HttpClient& client)
      : receiver_(std::move(receiver)), client_(client) {}
  boost::asio::awaitable<SendOutcome> Send(const core::Notification& notification,
                                           const LegContext& leg) override;

 private:
  config::ReceiverConfig receiver_;
  net::HttpClient& client_;
};

// A peer's URL as metrics and logs show it: scheme, host, port and path, without user
// information (credentials), query or fragment ("https://am-1.example:9093").
std::string ShownPeerUrl(std::string_view url);

}  // namespace sellerwatch::notify
