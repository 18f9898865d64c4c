#pragma once

#include <cstddef>
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

// One receiver of one matching route: what the Grouper keys its groups by.
struct RouteTarget {
  std::size_t route_index = 0;  // into the routes passed in (config order)
  std::string receiver;
  bool operator==(const RouteTarget&) const = default;
};

// RouteReceivers with the route each receiver came from: each receiver once, taken from the
// first matching route that names it (so one alert yields one notification per receiver).
std::vector<RouteTarget> RouteTargets(const core::Labels& labels,
                                      std::span<const config::RouteConfig> routes);

}  // namespace sellerwatch::notify
