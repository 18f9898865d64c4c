#include "core/shard.hpp"

#include <gtest/gtest.h>

namespace sellerwatch::core {
namespace {

// Vectors from the issue, computed with Prometheus' hashmod (md5, last 8 bytes big-endian).
TEST(HashMod, MatchesPrometheusVectors) {
  struct Case {
    const char* account;
    std::uint64_t mod3, mod4, mod7;
  };
  for (const Case& c : {Case{"acme-us", 2, 0, 4}, Case{"acme-de", 1, 1, 4}, Case{"shop-1", 0, 1, 3},
                        Case{"ebay-main", 2, 3, 4}, Case{"x", 1, 2, 4}}) {
    SCOPED_TRACE(c.account);
    EXPECT_EQ(HashMod(c.account, 3), c.mod3);
    EXPECT_EQ(HashMod(c.account, 4), c.mod4);
    EXPECT_EQ(HashMod(c.account, 7), c.mod7);
  }
}

TEST(Shard, EveryAccountHasExactlyOneOwner) {
  for (std::string account : {"acme-us", "acme-de", "shop-1", "ebay-main", "x", ""}) {
    int owners = 0;
    for (std::uint64_t i = 0; i < 5; ++i) owners += Owns(Shard{i, 5}, account);
    EXPECT_EQ(owners, 1) << account;
    EXPECT_TRUE(Owns(Shard{}, account));
  }
}

TEST(Shard, ParsesAndRefuses) {
  auto ok = ParseShard("2/7", "--shard");
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, (Shard{2, 7}));
  EXPECT_EQ(ok->Label(), "2/7");
  EXPECT_TRUE(ok->sharded());
  EXPECT_FALSE((Shard{0, 1}).sharded());
  for (const char* bad : {"", "3", "3/3", "4/3", "0/0", "-1/3", "a/3", "1/b", "1/3/5", " 1/3"}) {
    auto r = ParseShard(bad, "SELLERWATCH_SHARD");
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, ErrorKind::kConfig);
    EXPECT_NE(r.error().message.find("SELLERWATCH_SHARD"), std::string::npos);
  }
}

}  // namespace
}  // namespace sellerwatch::core
