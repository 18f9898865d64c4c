#pragma once

#include <memory>
#include <ostream>

#include "config/config.hpp"
#include "notify/channel.hpp"

namespace sellerwatch::net {
class HttpClient;
class SmtpClient;
}  // namespace sellerwatch::net

namespace sellerwatch::notify {

// Explicit type → constructor map for receivers (no static self-registration).
std::unique_ptr<Channel> MakeChannel(const config::ReceiverConfig& receiver, std::ostream& console,
                                     net::HttpClient& http, net::SmtpClient& smtp);

}  // namespace sellerwatch::notify
