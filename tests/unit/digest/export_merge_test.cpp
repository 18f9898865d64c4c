#include "digest/export_merge.hpp"

#include <gtest/gtest.h>

#include <functional>

#include "config/loader.hpp"
#include "digest_test_data.hpp"

namespace sellerwatch::digest {
namespace {

using namespace std::chrono_literals;
using testdata::kNow;

const std::string kSha(64, 'c');

// hashmod for N = 3 (the vectors): shop-1 → 0, acme-de → 1, acme-us and ebay-main → 2.
std::shared_ptr<const config::Config> Config() {
  auto loaded = config::ParseConfig(
      "accounts:\n"
      "  - {id: acme-us, marketplace: amazon}\n"
      "  - {id: shop-1, marketplace: shopify}\n"
      "  - {id: acme-de, marketplace: amazon}\n"
      "  - {id: ebay-main, marketplace: ebay}\n"
      "receivers: [{name: console, console: {}}]\n"
      "digest: {schedule: \"Sat 09:00\", timezone: Europe/Berlin, receivers: [console]}\n",
      "/etc/sellerwatch/sellerwatch.yaml");
  EXPECT_TRUE(loaded.ok());
  return loaded.config;
}

NamedExport Export(std::uint64_t index, std::vector<std::string> accounts) {
  NamedExport e;
  e.file = "shard-" + std::to_string(index) + ".json";
  e.data.shard = core::Shard{index, 3};
  e.data.config_sha256 = kSha;
  e.data.config_path = "/etc/sellerwatch/sellerwatch.yaml";
  e.data.built_at = kNow + 5min + std::chrono::minutes(index);
  e.data.slot = kNow;
  for (const auto& id : accounts) e.data.accounts.push_back(testdata::Account(id, false));
  return e;
}

// A complete, consistent set, files in no particular order.
std::vector<NamedExport> GoodSet() {
  return {Export(2, {"acme-us", "ebay-main"}), Export(0, {"shop-1"}), Export(1, {"acme-de"})};
}

TEST(MergeExports, JoinsEveryAccountOnceInConfigOrder) {
  auto merged = MergeExports(GoodSet(), *Config(), kSha);
  ASSERT_TRUE(merged) << merged.error().message;
  std::vector<std::string> ids;
  for (const auto& a : merged->accounts) ids.push_back(a.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"acme-us", "shop-1", "acme-de", "ebay-main"}));
  EXPECT_EQ(merged->shards, (core::Shard{0, 3}));
  EXPECT_EQ(merged->slot, kNow);
  EXPECT_EQ(merged->built_at, kNow + 7min);  // the latest export's
  auto input = merged->For("console", "Europe/Berlin");
  EXPECT_EQ(input.receiver, "console");
  EXPECT_EQ(input.accounts.size(), 4u);
}

// The merge's own instance may itself be a shard: it then knows only its own accounts.
TEST(MergeExports, AcceptsAMergingConfigThatIsItselfAShard) {
  auto sharded = std::make_shared<config::Config>(*Config());
  sharded->shard = core::Shard{1, 3};
  std::erase_if(sharded->accounts, [](const auto& a) { return a.id != "acme-de"; });
  auto merged = MergeExports(GoodSet(), *sharded, kSha);
  ASSERT_TRUE(merged) << merged.error().message;
  EXPECT_EQ(merged->accounts.size(), 4u);
  EXPECT_EQ(merged->accounts.front().id, "acme-de");
}

struct RefusalCase {
  const char* name;
  std::function<void(std::vector<NamedExport>&)> spoil;
  std::string error;  // expected in the message
};

class MergeRefuses : public ::testing::TestWithParam<RefusalCase> {};

TEST_P(MergeRefuses, NamingTheFiles) {
  auto set = GoodSet();
  GetParam().spoil(set);
  auto merged = MergeExports(set, *Config(), kSha);
  ASSERT_FALSE(merged);
  EXPECT_EQ(merged.error().kind, core::ErrorKind::kData);
  EXPECT_NE(merged.error().message.find(GetParam().error), std::string::npos)
      << merged.error().message;
}

INSTANTIATE_TEST_SUITE_P(
    Table, MergeRefuses,
    ::testing::Values(
        RefusalCase{"nothing", [](auto& s) { s.clear(); }, "no exports to merge"},
        RefusalCase{"other_format", [](auto& s) { s[1].data.format = 2; },
                    "shard-0.json: export format 2; this sellerwatch reads format 1"},
        RefusalCase{"other_shard_count",
                    [](auto& s) {
                      s[2].data.shard = {1, 4};
                    },
                    "shard-1.json is shard 1/4 but shard-2.json is shard 2/3"},
        RefusalCase{"shard_twice",
                    [](auto& s) {
                      s[0] = Export(1, {"acme-de"});
                      s[0].file = "again.json";
                    },
                    "shard 1/3 appears twice: again.json and shard-1.json"},
        RefusalCase{"shard_missing", [](auto& s) { s.erase(s.begin()); },
                    "incomplete set: shard 2/3 missing; have shard-0.json (0/3), shard-1.json "
                    "(1/3)"},
        RefusalCase{"two_shards_missing", [](auto& s) { s.resize(1); },
                    "incomplete set: shards 0/3, 1/3 missing"},
        RefusalCase{"other_config",
                    [](auto& s) {
                      s[2].data.config_sha256 = std::string(64, 'd');
                      s[2].data.config_path = "/srv/old.yaml";
                    },
                    "exported with another config than /etc/sellerwatch/sellerwatch.yaml (sha256 "
                    "cccccccccccc…): shard-1.json (config /srv/old.yaml sha256 dddddddddddd…)"},
        RefusalCase{"other_week", [](auto& s) { s[1].data.slot = kNow - 7 * core::kDay; },
                    "shard-0.json covers the digest of 2026-11-21T08:00:00Z but shard-2.json "
                    "covers the digest of 2026-11-28T08:00:00Z"},
        RefusalCase{"no_slot", [](auto& s) { s[2].data.slot.reset(); },
                    "shard-1.json covers no digest slot"},
        RefusalCase{"built_too_far_apart",
                    [](auto& s) { s[2].data.built_at = kNow + 3 * core::kDay; },
                    "shard-0.json was built at 2026-11-28T08:05:00Z but shard-1.json at "
                    "2026-12-01T08:00:00Z: more than 6 h apart"},
        RefusalCase{
            "account_in_wrong_shard",
            [](auto& s) { s[1].data.accounts.push_back(testdata::Account("acme-de", false)); },
            "shard-0.json (shard 0/3) holds account acme-de, which shard 1/3 owns"},
        RefusalCase{
            "account_twice",
            [](auto& s) { s[0].data.accounts.push_back(testdata::Account("acme-us", false)); },
            "account acme-us appears in shard-2.json and in shard-2.json"},
        RefusalCase{"account_missing", [](auto& s) { s[0].data.accounts.pop_back(); },
                    "account ebay-main of /etc/sellerwatch/sellerwatch.yaml is in no export"},
        RefusalCase{"account_not_configured",
                    [](auto& s) { s[2].data.accounts.push_back(testdata::Account("x", false)); },
                    "shard-1.json holds account x, which /etc/sellerwatch/sellerwatch.yaml does "
                    "not configure"}),
    [](const auto& info) { return std::string(info.param.name); });

TEST(MergeExports, AnExportOfTheSameShardBuiltHoursLaterIsStillOneWeek) {
  auto set = GoodSet();
  set[1].data.built_at = kNow + kMaxExportSpread;  // a shard catching up after a reboot
  EXPECT_TRUE(MergeExports(set, *Config(), kSha));
}

}  // namespace
}  // namespace sellerwatch::digest
