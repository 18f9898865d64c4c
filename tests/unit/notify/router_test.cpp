// Routing (DESIGN.md §1.5, Alertmanager's shape): routes are tried in order, a route matches when
// every `match` label equals the alert's (empty match: everything), the first match wins unless
// it says `continue`, and receivers are collected once each in route order.

#include "notify/router.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

namespace sellerwatch::notify {
namespace {

using core::Labels;

config::RouteConfig Route(Labels match, std::vector<std::string> receivers,
                          bool continue_matching = false) {
  config::RouteConfig r;
  r.match = std::move(match);
  r.receivers = std::move(receivers);
  r.continue_matching = continue_matching;
  return r;
}

Labels Alert(const std::string& account, const std::string& severity) {
  return {{"account", account},          {"marketplace", "amazon"},
          {"rule", "order_defect_rate"}, {"metric", "order_defect_rate"},
          {"severity", severity},        {"team", "ops"}};
}

// A typical tree: critical pages (and keeps going), shop-eu goes to its team, the rest to a
// default receiver.
std::vector<config::RouteConfig> Typical() {
  return {
      Route({{"severity", "critical"}}, {"pager", "slack"}, /*continue_matching=*/true),  // 0
      Route({{"account", "shop-eu"}}, {"slack", "email"}),                                // 1
      Route({}, {"default"}),                                                             // 2
  };
}

struct RouterCase {
  std::string name;
  std::vector<config::RouteConfig> routes;
  Labels labels;
  std::vector<std::size_t> routes_matched;  // indices into `routes`
  std::vector<std::string> receivers;
};

void PrintTo(const RouterCase& c, std::ostream* os) { *os << c.name; }

std::vector<RouterCase> RouterCases() {
  return {
      // critical continues past route 0, then route 1 matches and stops; "slack" once
      {"ContinueThenFirstMatchStops",
       Typical(),
       Alert("shop-eu", "critical"),
       {0, 1},
       {"pager", "slack", "email"}},
      {"FirstMatchWins", Typical(), Alert("shop-eu", "warning"), {1}, {"slack", "email"}},
      {"ContinueFallsThroughToCatchAll",
       Typical(),
       Alert("shop-us", "critical"),
       {0, 2},
       {"pager", "slack", "default"}},
      {"CatchAllOnly", Typical(), Alert("shop-us", "warning"), {2}, {"default"}},
      {"EmptyMatchMatchesEverything", {Route({}, {"all"})}, Alert("x", "warning"), {0}, {"all"}},
      {"EmptyMatchMatchesNoLabels", {Route({}, {"all"})}, {}, {0}, {"all"}},
      {"NoRoutes", {}, Alert("shop-eu", "critical"), {}, {}},
      {"NoMatch",
       {Route({{"account", "shop-us"}}, {"us"}), Route({{"severity", "critical"}}, {"pager"})},
       Alert("shop-eu", "warning"),
       {},
       {}},
      {"EqualityIsExactNotPrefix",
       {Route({{"account", "shop"}}, {"shop"})},
       Alert("shop-eu", "warning"),
       {},
       {}},
      {"EqualityIsCaseSensitive",
       {Route({{"severity", "Critical"}}, {"pager"})},
       Alert("shop-eu", "critical"),
       {},
       {}},
      {"MissingLabelDoesNotMatch",
       {Route({{"region", "eu"}}, {"eu"})},
       Alert("shop-eu", "critical"),
       {},
       {}},
      {"EveryMatchLabelMustEqual",
       {Route({{"account", "shop-eu"}, {"severity", "critical"}}, {"eu-pager"}),
        Route({{"account", "shop-eu"}}, {"eu"})},
       Alert("shop-eu", "warning"),
       {1},
       {"eu"}},
      {"AllMatchLabelsEqual",
       {Route({{"account", "shop-eu"}, {"severity", "critical"}}, {"eu-pager"}),
        Route({{"account", "shop-eu"}}, {"eu"})},
       Alert("shop-eu", "critical"),
       {0},
       {"eu-pager"}},
      {"ContinueOnNonMatchingRouteHasNoEffect",
       {Route({{"account", "shop-us"}}, {"us"}, true), Route({}, {"a"}), Route({}, {"b"})},
       Alert("shop-eu", "warning"),
       {1},
       {"a"}},
      {"ContinueOnEveryRoute",
       {Route({}, {"a", "b"}, true), Route({{"team", "ops"}}, {"b", "c"}, true),
        Route({}, {"a", "d"}, true)},
       Alert("shop-eu", "warning"),
       {0, 1, 2},
       {"a", "b", "c", "d"}},  // deduplicated, in first-seen route order
      {"DuplicateReceiverWithinOneRoute",
       {Route({}, {"x", "y", "x"})},
       Alert("a", "warning"),
       {0},
       {"x", "y"}},
      {"MatchedRouteWithoutReceivers",
       {Route({{"severity", "warning"}}, {}), Route({}, {"z"})},
       Alert("a", "warning"),
       {0},
       {}},  // matched and stopped: nothing to deliver to
  };
}

class RouterTest : public ::testing::TestWithParam<RouterCase> {};

TEST_P(RouterTest, Routes) {
  const RouterCase& c = GetParam();
  std::vector<const config::RouteConfig*> matched = MatchRoutes(c.labels, c.routes);
  std::vector<std::size_t> indices;
  for (const auto* r : matched) indices.push_back(static_cast<std::size_t>(r - c.routes.data()));
  EXPECT_EQ(indices, c.routes_matched);
  EXPECT_EQ(RouteReceivers(c.labels, c.routes), c.receivers);

  // Targets name the same receivers, each from the first matched route that lists it.
  std::vector<RouteTarget> targets = RouteTargets(c.labels, c.routes);
  std::vector<std::string> receivers;
  for (const auto& t : targets) {
    receivers.push_back(t.receiver);
    ASSERT_LT(t.route_index, c.routes.size());
    const auto& listed = c.routes[t.route_index].receivers;
    EXPECT_NE(std::find(listed.begin(), listed.end(), t.receiver), listed.end());
    EXPECT_NE(std::find(indices.begin(), indices.end(), t.route_index), indices.end());
    for (std::size_t earlier : indices) {
      if (earlier >= t.route_index) break;
      const auto& before = c.routes[earlier].receivers;
      EXPECT_EQ(std::find(before.begin(), before.end(), t.receiver), before.end());
    }
  }
  EXPECT_EQ(receivers, c.receivers);
}

INSTANTIATE_TEST_SUITE_P(Router, RouterTest, ::testing::ValuesIn(RouterCases()),
                         [](const ::testing::TestParamInfo<RouterCase>& info) {
                           return info.param.name;
                         });

TEST(RouterTest, TargetsCarryTheirRoute) {
  std::vector<RouteTarget> expected = {{0, "pager"}, {0, "slack"}, {1, "email"}};
  EXPECT_EQ(RouteTargets(Alert("shop-eu", "critical"), Typical()), expected);
  expected = {{2, "default"}};
  EXPECT_EQ(RouteTargets(Alert("shop-us", "warning"), Typical()), expected);
}

}  // namespace
}  // namespace sellerwatch::notify
