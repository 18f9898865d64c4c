#pragma once

#include <span>
#include <string>
#include <vector>

#include "config/config.hpp"

namespace sellerwatch::notify {

// Which routes an alert takes, Alertmanager-style: routes are tried in order, a route matches
// when every `match` label equals the alert's, the first match wins unless it says `continue`.
std::vector<const config::RouteConfig*> MatchRoutes(const core::Labels& labels,
                                                    std::span<const config::RouteConfig> routes);

// The receivers of the matching routes, each once, in route order.
std::vector<std::string> RouteReceivers(const core::Labels& labels,
                                        std::span<const config::RouteConfig> routes);

}  // namespace sellerwatch::notify
