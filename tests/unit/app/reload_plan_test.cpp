// The reload step's decisions, from (running config, new config) alone: which sources start,
// stop, restart or keep running, which accounts the engine loads or forgets, and which keys
// wait for a restart.

#include "app/reload_plan.hpp"

#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "sources/registry.hpp"

namespace sellerwatch::app {
namespace {

// Account `shop` with `sources` (a YAML flow sequence's items) and more `keys`.
std::string Shop(const std::string& sources = "{name: sim, type: simulator, seed: 1}",
                 const std::string& keys = "marketplace: amazon") {
  return "  - {id: shop, " + keys + ", sources: [" + sources + "]}\n";
}

std::shared_ptr<const config::Config> Parse(const std::string& accounts,
                                            const std::string& daemon = "") {
  config::LoadOptions options;
  options.source_types = sources::SourceTypeSpecs();
  auto loaded = config::ParseConfig("daemon: {state_dir: /tmp/sellerwatch-reload-plan-test" +
                                        daemon + "}\naccounts:\n" + accounts,
                                    "reload.yaml", options);
  EXPECT_TRUE(loaded.ok()) << (loaded.diagnostics.empty() ? "" : loaded.diagnostics[0].Format());
  return loaded.config;
}

using Ids = std::vector<std::string>;

// One source, kept or restarted by what changed in and around it.
TEST(PlanReload, WhatRestartsASource) {
  const std::string sim = "{name: sim, type: simulator, seed: 1";
  const std::string amazon = "marketplace: amazon, ";
  struct Case {
    const char* what;
    std::string after;
    bool restarts;
  };
  for (const Case& c : {
           Case{"nothing", Shop(), false},
           Case{"where it is written", "\n# moved down\n" + Shop(), false},
           Case{"a key of its type", Shop("{name: sim, type: simulator, seed: 2}"), true},
           Case{"a key every source has", Shop(sim + ", timeout: 10s}"), true},
           Case{"the account's marketplace", Shop(sim + "}", "marketplace: ebay"), true},
           Case{"the account's labels (on source_down)",
                Shop(sim + "}", amazon + "labels: {team: us}"), true},
           Case{"the account's timezone", Shop(sim + "}", amazon + "timezone: Asia/Tokyo"), false},
           Case{"the account's thresholds",
                Shop(sim + "}", amazon + "thresholds: {order_defect_rate: {warn: 0.5%}}"), false},
       }) {
    SCOPED_TRACE(c.what);
    auto before = Parse(Shop());
    auto after = Parse(c.after);
    ASSERT_TRUE(before && after);
    EXPECT_EQ(PlanReload(*before, *after),
              (ReloadPlan{.sources = c.restarts ? SourceChanges{.changed = {"shop/sim"}}
                                                : SourceChanges{.kept = {"shop/sim"}}}));
  }
}

TEST(PlanReload, SourcesAndAccounts) {
  struct Case {
    const char* what;
    std::string before;
    std::string after;
    SourceChanges sources;
    Ids added_accounts = {};
    Ids removed_accounts = {};
  };
  const std::string sim = "{name: sim, type: simulator, seed: 1}";
  const std::string other =
      "  - {id: other, marketplace: ebay, sources: [{name: feed, type: simulator}]}\n";
  for (const Case& c : {
           Case{"a source added",
                Shop(),
                Shop(sim + ", {name: more, type: simulator}"),
                {.added = {"shop/more"}, .kept = {"shop/sim"}}},
           Case{"a source renamed is another source",
                Shop(),
                Shop("{name: sim2, type: simulator, seed: 1}"),
                {.added = {"shop/sim2"}, .removed = {"shop/sim"}}},
           Case{"a source removed", Shop(), Shop(""), {.removed = {"shop/sim"}}},
           Case{"an account added",
                Shop(),
                Shop() + other,
                {.added = {"other/feed"}, .kept = {"shop/sim"}},
                {"other"}},
           Case{"an account removed",
                other + Shop(),
                Shop(),
                {.removed = {"other/feed"}, .kept = {"shop/sim"}},
                {},
                {"other"}},
       }) {
    SCOPED_TRACE(c.what);
    auto before = Parse(c.before);
    auto after = Parse(c.after);
    ASSERT_TRUE(before && after);
    const ReloadPlan plan = PlanReload(*before, *after);
    EXPECT_EQ(plan.sources.added, c.sources.added);
    EXPECT_EQ(plan.sources.changed, c.sources.changed);
    EXPECT_EQ(plan.sources.removed, c.sources.removed);
    EXPECT_EQ(plan.sources.kept, c.sources.kept);
    EXPECT_EQ(plan.added_accounts, c.added_accounts);
    EXPECT_EQ(plan.removed_accounts, c.removed_accounts);
    EXPECT_FALSE(plan.log_level_changed);
    EXPECT_FALSE(plan.heartbeat_changed);
  }
}

TEST(PlanReload, FromNothingEverySourceIsAdded) {
  auto c =
      Parse(Shop() +
            "  - {id: other, marketplace: ebay, sources: [{name: a, type: simulator}, {name: b, "
            "type: simulator}]}\n");
  ASSERT_TRUE(c);
  const ReloadPlan plan = PlanReload(config::Config{}, *c);
  EXPECT_EQ(plan.sources, (SourceChanges{.added = {"shop/sim", "other/a", "other/b"}}));
  EXPECT_EQ(plan.added_accounts, (Ids{"shop", "other"}));
}

TEST(PlanReload, DaemonKeysThatRestartALoop) {
  struct Case {
    const char* what;
    std::string before;
    std::string after;
    bool log_level_changed;
    bool heartbeat_changed;
  };
  for (const Case& c : {
           Case{"unchanged", ", log_level: info", ", log_level: info", false, false},
           Case{"log level", ", log_level: info", ", log_level: debug", true, false},
           Case{"heartbeat added", "", ", heartbeat: {url: \"http://hb/a\"}", false, true},
           Case{"heartbeat URL", ", heartbeat: {url: \"http://hb/a\"}",
                ", heartbeat: {url: \"http://hb/b\"}", false, true},
           Case{"heartbeat interval", ", heartbeat: {url: \"http://hb/a\", every: 5m}",
                ", heartbeat: {url: \"http://hb/a\", every: 1m}", false, true},
           Case{"heartbeat removed", ", heartbeat: {url: \"http://hb/a\"}", "", false, true},
       }) {
    SCOPED_TRACE(c.what);
    auto before = Parse(Shop(), c.before);
    auto after = Parse(Shop(), c.after);
    ASSERT_TRUE(before && after);
    const ReloadPlan plan = PlanReload(*before, *after);
    EXPECT_EQ(plan.log_level_changed, c.log_level_changed);
    EXPECT_EQ(plan.heartbeat_changed, c.heartbeat_changed);
    EXPECT_EQ(plan.sources, (SourceChanges{.kept = {"shop/sim"}}));
  }
}

// The digest loop runs on through a reload; only a change of the `digest:` section makes it
// start, stop or look at its schedule again.
TEST(PlanReload, WhatTouchesTheDigestLoop) {
  const std::string receivers =
      "receivers: [{name: a, console: {}}, {name: b, console: {}}]\n"
      "routes: [{match: {}, receivers: [a]}]\n";
  const std::string saturday = "digest: {schedule: \"Sat 09:00\", receivers: [a]}\n";
  struct Case {
    const char* what;
    std::string before;
    std::string after;
    bool digest_changed;
  };
  for (const Case& c : {
           Case{"no digest", "", "", false},
           Case{"unchanged", saturday, saturday, false},
           Case{"a route, not the digest", saturday,
                saturday + "rules: [{name: odr, metric: order_defect_rate, warn: 0.5%}]\n", false},
           Case{"added", "", saturday, true},
           Case{"removed", saturday, "", true},
           Case{"its time", saturday, "digest: {schedule: \"Sat 10:00\", receivers: [a]}\n", true},
           Case{"its zone", saturday,
                "digest: {schedule: \"Sat 09:00\", timezone: Asia/Tokyo, receivers: [a]}\n", true},
           Case{"its receivers", saturday, "digest: {schedule: \"Sat 09:00\", receivers: [a, b]}\n",
                true},
       }) {
    SCOPED_TRACE(c.what);
    auto before = Parse(Shop() + receivers + c.before);
    auto after = Parse(Shop() + receivers + c.after);
    ASSERT_TRUE(before && after);
    EXPECT_EQ(PlanReload(*before, *after).digest_changed, c.digest_changed);
  }
}

TEST(KeepStartupKeys, TheStoreAndTheSocketStayUntilARestart) {
  struct Case {
    const char* what;
    std::string after;
    std::size_t warnings;
  };
  const std::string running =
      ", listen: \"127.0.0.1:9187\", listen_token: old, evaluation_interval: 1m";
  for (const Case& c : {
           Case{"nothing bound changed", running, 0},
           Case{"evaluation_interval applies at once",
                ", listen: \"127.0.0.1:9187\", listen_token: old, evaluation_interval: 5m", 0},
           Case{"listen", ", listen: \"127.0.0.1:9999\", listen_token: old", 1},
           Case{"listen_token", ", listen: \"127.0.0.1:9187\", listen_token: new", 1},
           Case{"state_dir, listen and the token", "-moved, listen: \"\", listen_token: new", 3},
       }) {
    SCOPED_TRACE(c.what);
    auto before = Parse(Shop(), running);
    auto parsed = Parse(Shop(), c.after);
    ASSERT_TRUE(before && parsed);
    config::Config next = *parsed;
    auto warnings = KeepStartupKeys(*before, next);
    EXPECT_EQ(warnings.size(), c.warnings);
    EXPECT_EQ(next.daemon.state_dir, before->daemon.state_dir);
    EXPECT_EQ(next.daemon.listen, before->daemon.listen);
    EXPECT_EQ(next.daemon.listen_token, before->daemon.listen_token);
    EXPECT_EQ(next.daemon.evaluation_interval, parsed->daemon.evaluation_interval);
  }
}

TEST(KeepStartupKeys, AWarningNamesTheKeyAndWhatStays) {
  auto before = Parse(Shop(), ", listen: \"127.0.0.1:9187\"");
  auto parsed = Parse(Shop(), "-moved, listen: \"127.0.0.1:9187\"");
  ASSERT_TRUE(before && parsed);
  config::Config next = *parsed;
  EXPECT_EQ(KeepStartupKeys(*before, next),
            (Ids{"daemon.state_dir changed; that takes a restart (still using "
                 "/tmp/sellerwatch-reload-plan-test)"}));
}

}  // namespace
}  // namespace sellerwatch::app
