#pragma once

#include <memory>
#include <ostream>

#include "config/config.hpp"
#include "core/error.hpp"
#include "notify/channel.hpp"

namespace sellerwatch::notify {

// Whether this build can deliver through a receiver of this type.
bool ReceiverTypeAvailable(config::ReceiverType type);

// Explicit type → constructor map for receivers (no static self-registration).
core::Result<std::unique_ptr<Channel>> MakeChannel(const config::ReceiverConfig& receiver,
                                                   std::ostream& console);

}  // namespace sellerwatch::notify
