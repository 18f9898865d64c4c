#pragma once

#include <vector>

#include "config/config.hpp"
#include "core/error.hpp"
#include "net/http_client.hpp"
#include "notify/channel.hpp"

namespace sellerwatch::notify {

// The HTTP request(s) that deliver one notification to a URL-based receiver (chat webhooks,
// Telegram, the signed generic webhook, Alertmanager): the channel's renderer, its endpoint and
// headers, the receiver's timeout and CA file. Several requests when the channel's length
// budget splits the content, and for Alertmanager one per peer (the same body, whose firing
// endsAt counts from leg.now). Fails (kConfig) only for an unusable secret.
core::Result<std::vector<net::HttpRequest>> BuildHttpRequests(
    const config::ReceiverConfig& receiver, const core::Notification& notification,
    const LegContext& leg);

}  // namespace sellerwatch::notify
