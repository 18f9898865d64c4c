// config::RestrictToShard: a shard keeps exactly the accounts hashmod gives it, every account
// has exactly one shard, and whatever else names accounts (routes, `rules:`, digest) is kept as
// validated against the whole file.

#include "config/shard_filter.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "config/loader.hpp"
#include "sources/registry.hpp"

namespace sellerwatch::config {
namespace {

// The issue's accounts (their hashmod vectors are pinned in core/shard_test.cpp), with a route,
// a `rules:` entry and per-account thresholds that name some of them.
constexpr const char* kConfig = R"(
daemon: {state_dir: /tmp/sellerwatch-shard-test, listen: ""}
accounts:
  - {id: acme-us, marketplace: amazon, thresholds: {order_defect_rate: {warn: 0.6%}}}
  - {id: acme-de, marketplace: amazon}
  - {id: shop-1, marketplace: shopify}
  - {id: ebay-main, marketplace: ebay}
  - {id: x, marketplace: custom}
rules:
  - {name: odr_tight, metric: order_defect_rate, warn: 0.5%, accounts: [acme-us, shop-1]}
routes:
  - match: {account: acme-de}
    receivers: [console]
  - match: {}
    receivers: [console]
receivers:
  - {name: console, console: {}}
digest:
  schedule: "Sat 09:00"
  receivers: [console]
)";

std::shared_ptr<const Config> Whole() {
  LoadOptions options;
  options.source_types = sources::SourceTypeSpecs();
  auto r = ParseConfig(kConfig, "shards.yaml", options);
  EXPECT_TRUE(r.ok());
  EXPECT_TRUE(r.diagnostics.empty()) << r.diagnostics.front().Format();
  return r.config;
}

std::vector<std::string> Ids(const Config& c) {
  std::vector<std::string> ids;
  for (const auto& a : c.accounts) ids.push_back(a.id);
  return ids;
}

TEST(RestrictToShard, KeepsTheAccountsHashmodGivesTheShardInConfigOrder) {
  auto whole = Whole();
  ASSERT_TRUE(whole);
  struct Case {
    core::Shard shard;
    std::vector<std::string> owned;
  };
  // From the vectors: N=3 acme-us 2, acme-de 1, shop-1 0, ebay-main 2, x 1;
  // N=4 0 1 1 3 2; N=7 4 4 3 4 4.
  for (const Case& c : {
           Case{{0, 1}, {"acme-us", "acme-de", "shop-1", "ebay-main", "x"}},
           Case{{0, 3}, {"shop-1"}},
           Case{{1, 3}, {"acme-de", "x"}},
           Case{{2, 3}, {"acme-us", "ebay-main"}},
           Case{{0, 4}, {"acme-us"}},
           Case{{1, 4}, {"acme-de", "shop-1"}},
           Case{{2, 4}, {"x"}},
           Case{{3, 4}, {"ebay-main"}},
           Case{{3, 7}, {"shop-1"}},
           Case{{4, 7}, {"acme-us", "acme-de", "ebay-main", "x"}},
           Case{{0, 7}, {}},
       }) {
    SCOPED_TRACE(c.shard.Label());
    Config mine = RestrictToShard(*whole, c.shard);
    EXPECT_EQ(mine.shard, c.shard);
    EXPECT_EQ(Ids(mine), c.owned);
  }
}

TEST(RestrictToShard, EveryAccountIsInExactlyOneShardOfAnyCount) {
  auto whole = Whole();
  ASSERT_TRUE(whole);
  for (std::uint64_t n = 1; n <= 9; ++n) {
    std::multiset<std::string> seen;
    for (std::uint64_t i = 0; i < n; ++i) {
      Config mine = RestrictToShard(*whole, core::Shard{i, n});
      for (const auto& id : Ids(mine)) {
        seen.insert(id);
        EXPECT_EQ(OwnerOf(id, core::Shard{i, n}), (core::Shard{i, n})) << id;
      }
    }
    auto all = Ids(*whole);
    EXPECT_EQ(seen, std::multiset<std::string>(all.begin(), all.end())) << "N=" << n;
  }
}

// What an owned account works with is what it had in the whole config; what names accounts of
// other shards stays as written (it matches nothing here and must not be refused).
TEST(RestrictToShard, OwnedAccountsAndEverythingElseAreUntouched) {
  auto whole = Whole();
  ASSERT_TRUE(whole);
  Config mine = RestrictToShard(*whole, core::Shard{0, 4});  // acme-us only
  ASSERT_EQ(Ids(mine), std::vector<std::string>{"acme-us"});
  const AccountConfig& before = *whole->FindAccount("acme-us");
  const AccountConfig& after = mine.accounts.front();
  ASSERT_EQ(after.rules.size(), before.rules.size());
  for (std::size_t i = 0; i < before.rules.size(); ++i) {
    EXPECT_EQ(after.rules[i].name, before.rules[i].name);
    EXPECT_EQ(after.rules[i].warn, before.rules[i].warn);
  }
  EXPECT_TRUE(std::any_of(after.rules.begin(), after.rules.end(),
                          [](const auto& r) { return r.name == "odr_tight"; }));
  EXPECT_EQ(mine.rules.size(), 1u);
  EXPECT_EQ(mine.rules[0].accounts, (std::vector<std::string>{"acme-us", "shop-1"}));
  ASSERT_EQ(mine.routes.size(), 2u);
  EXPECT_EQ(mine.routes[0].match.at("account"), "acme-de");  // another shard's: kept, inert
  EXPECT_EQ(mine.receivers.size(), whole->receivers.size());
  ASSERT_TRUE(mine.digest);
  EXPECT_EQ(mine.digest->receivers, whole->digest->receivers);
  EXPECT_EQ(mine.path, whole->path);
  EXPECT_EQ(mine.daemon.state_dir, whole->daemon.state_dir);
  EXPECT_EQ(whole->accounts.size(), 5u);  // the whole config is not changed
  EXPECT_EQ(whole->shard, core::Shard{});
}

TEST(OwnedElsewhere, NamesTheOwningShardOnlyForConfiguredAccountsOfOtherShards) {
  auto whole = Whole();
  ASSERT_TRUE(whole);
  struct Case {
    core::Shard shard;
    std::string account;
    std::string message;  // empty: owned here, or not configured
  };
  for (const Case& c : {
           Case{{1, 3},
                "acme-us",
                "account 'acme-us' belongs to shard 2/3, not to this shard 1/3 (run with --shard "
                "2/3)"},
           Case{{2, 3}, "acme-us", ""},
           Case{{0, 1}, "acme-us", ""},
           Case{{0, 3}, "not-configured", ""},
           Case{{0, 4},
                "x",
                "account 'x' belongs to shard 2/4, not to this shard 0/4 (run with "
                "--shard 2/4)"},
       }) {
    SCOPED_TRACE(c.shard.Label() + " " + c.account);
    EXPECT_EQ(OwnedElsewhere(*whole, c.shard, c.account), c.message);
  }
}

}  // namespace
}  // namespace sellerwatch::config
