#include "notify/router.hpp"

#include <algorithm>

namespace sellerwatch::notify {
namespace {

bool Matches(const core::Labels& labels, const config::RouteConfig& route) {
  return std::all_of(route.match.begin(), route.match.end(), [&labels](const auto& kv) {
    auto it = labels.find(kv.first);
    return it != labels.end() && it->second == kv.second;
  });
}

}  // namespace

std::vector<const config::RouteConfig*> MatchRoutes(const core::Labels& labels,
                                                    std::span<const config::RouteConfig> routes) {
  std::vector<const config::RouteConfig*> out;
  for (const auto& route : routes) {
    if (!Matches(labels, route)) continue;
    out.push_back(&route);
    if (!route.continue_matching) break;
  }
  return out;
}

std::vector<RouteTarget> RouteTargets(const core::Labels& labels,
                                      std::span<const config::RouteConfig> routes) {
  std::vector<RouteTarget> out;
  for (const auto* route : MatchRoutes(labels, routes)) {
    auto index = static_cast<std::size_t>(route - routes.data());
    for (const auto& r : route->receivers) {
      bool seen = std::any_of(out.begin(), out.end(),
                              [&r](const RouteTarget& t) { return t.receiver == r; });
      if (!seen) out.push_back({index, r});
    }
  }
  return out;
}

std::vector<std::string> RouteReceivers(const core::Labels& labels,
                                        std::span<const config::RouteConfig> routes) {
  std::vector<std::string> out;
  for (auto& target : RouteTargets(labels, routes)) out.push_back(std::move(target.receiver));
  return out;
}

}  // namespace sellerwatch::notify
