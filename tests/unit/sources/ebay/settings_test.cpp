// The `ebay` source's keys: defaults, the poll.standards minimum (eBay's Analytics quotas) with
// FILE:LINE:COL, and the eBay preset's standards rules.

#include "sources/ebay/settings.hpp"

#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "sources/registry.hpp"

namespace sellerwatch::sources::ebay {
namespace {
using namespace std::chrono_literals;

config::LoadResult Parse(const std::string& source_keys) {
  config::LoadOptions options;
  options.source_types = SourceTypeSpecs();
  options.require_credentials = false;
  options.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  return config::ParseConfig(
      "accounts:\n"
      "  - id: shop\n"
      "    marketplace: ebay\n"
      "    sources:\n"
      "      - type: ebay\n"
      "        client_id: id\n"
      "        client_secret: secret\n"
      "        refresh_token: token\n" +
          source_keys,
      "e.yaml", options);
}

std::vector<std::string> Errors(const config::LoadResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics)
    if (!d.warning) out.push_back(d.Format());
  return out;
}

TEST(EbaySettings, Defaults) {
  auto r = Parse("");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Errors(r));
  const auto& s = r.config->accounts[0].sources[0].SettingsAs<Settings>();
  EXPECT_EQ(s.endpoint, "https://api.ebay.com");
  EXPECT_EQ(s.token_endpoint, "https://api.ebay.com/identity/v1/oauth2/token");
  EXPECT_EQ(s.scopes, kDefaultScopes);
  EXPECT_EQ(s.program, "PROGRAM_US");
  EXPECT_EQ(s.marketplace_id, "EBAY_US");
  EXPECT_EQ(s.poll_orders, core::Duration(10min));
  EXPECT_EQ(s.poll_standards, core::Duration(6h));
  EXPECT_EQ(s.overlap, core::Duration(5min));
  EXPECT_EQ(s.ShortestPoll(), core::Duration(10min));
}

TEST(EbaySettings, StandardsPollShorterThanAnHourIsRefusedNamingTheQuota) {
  auto r = Parse("        poll: {orders: 1m, standards: 59m}\n");
  ASSERT_FALSE(r.ok());
  auto errors = Errors(r);
  ASSERT_EQ(errors.size(), 1u) << ::testing::PrintToString(errors);
  EXPECT_TRUE(errors[0].starts_with(
      "e.yaml:9:39: accounts[0].sources[0].poll.standards: 59m is too often: at least 1h"))
      << errors[0];
  EXPECT_NE(errors[0].find("getSellerStandardsProfile calls, eBay allows 100 a day"),
            std::string::npos);
  EXPECT_NE(errors[0].find("getCustomerServiceMetric calls, eBay allows 400 a day"),
            std::string::npos);
  auto hourly = Parse("        poll: {standards: 1h}\n");
  ASSERT_TRUE(hourly.ok()) << ::testing::PrintToString(Errors(hourly));
  EXPECT_EQ(hourly.config->accounts[0].sources[0].SettingsAs<Settings>().poll_standards,
            core::Duration(1h));
}

TEST(EbaySettings, ScopesAndProgram) {
  auto r = Parse(
      "        scopes: [https://api.ebay.com/oauth/api_scope]\n"
      "        program: PROGRAM_DE\n"
      "        marketplace_id: EBAY_DE\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Errors(r));
  const auto& s = r.config->accounts[0].sources[0].SettingsAs<Settings>();
  EXPECT_EQ(s.scopes, std::vector<std::string>{"https://api.ebay.com/oauth/api_scope"});
  EXPECT_EQ(s.program, "PROGRAM_DE");
  auto empty = Parse("        scopes: []\n");
  ASSERT_FALSE(empty.ok());
  EXPECT_TRUE(
      Errors(empty)[0].starts_with("e.yaml:9:17: accounts[0].sources[0].scopes: needs at "
                                   "least one OAuth scope"))
      << Errors(empty)[0];
  auto program = Parse("        program: PROGRAM_FR\n");
  ASSERT_FALSE(program.ok());
  EXPECT_NE(Errors(program)[0].find("PROGRAM_FR"), std::string::npos);
}

TEST(EbayPreset, StandardsRules) {
  auto r = Parse("");
  ASSERT_TRUE(r.ok());
  const auto& rules = r.config->accounts[0].rules;
  auto find = [&](const std::string& name) -> const config::EffectiveRule* {
    for (const auto& rule : rules)
      if (rule.name == name) return &rule;
    return nullptr;
  };
  struct Expect {
    const char* rule;
    const char* metric;
    std::vector<std::string> warn, critical;
  };
  for (const auto& e : std::vector<Expect>{
           {"standards_level", "platform.standards_level", {}, {"BELOW_STANDARD"}},
           {"standards_level_projected",
            "platform.standards_level_projected",
            {},
            {"BELOW_STANDARD"}},
           {"standards_projection", "platform.standards_projection", {"DROPS"}, {}}}) {
    const config::EffectiveRule* rule = find(e.rule);
    ASSERT_NE(rule, nullptr) << e.rule;
    EXPECT_EQ(rule->kind, config::RuleKind::kStatusChange) << e.rule;
    EXPECT_EQ(rule->metric, e.metric);
    EXPECT_EQ(rule->warn_values, e.warn) << e.rule;
    EXPECT_EQ(rule->critical_values, e.critical) << e.rule;
  }
}

}  // namespace
}  // namespace sellerwatch::sources::ebay
