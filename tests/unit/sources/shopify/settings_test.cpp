// The keys of a `shopify` source: defaults, handling_time, and what validation refuses.

#include "sources/shopify/settings.hpp"

#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "sources/registry.hpp"

namespace sellerwatch::sources::shopify {
namespace {
using namespace std::chrono_literals;

config::LoadResult Load(const std::string& source_keys) {
  config::LoadOptions options;
  options.source_types = SourceTypeSpecs();
  options.getenv = [](const std::string& name) -> std::optional<std::string> {
    if (name == "SHOPIFY_TOKEN") return "shpat_secret";
    return std::nullopt;
  };
  return config::ParseConfig(
      "accounts:\n"
      "  - id: shop\n"
      "    marketplace: shopify\n"
      "    sources:\n"
      "      - type: shopify\n"
      "        endpoint: https://acme.myshopify.com\n"
      "        access_token: ${SHOPIFY_TOKEN}\n" +
          source_keys,
      "s.yaml", options);
}

std::string Errors(const config::LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.Format() + "\n";
  return out;
}

TEST(ShopifySettings, Defaults) {
  auto r = Load("");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& s = r.config->accounts[0].sources[0].SettingsAs<Settings>();
  EXPECT_EQ(s.endpoint, "https://acme.myshopify.com");
  EXPECT_EQ(s.access_token.Reveal(), "shpat_secret");
  EXPECT_EQ(s.api_version, "2026-10");
  EXPECT_EQ(s.poll, 5min);
  EXPECT_EQ(s.overlap, 5min);
  EXPECT_EQ(s.handling_time, 48h);
}

TEST(ShopifySettings, HandlingTimeIsReadAndCompared) {
  auto r = Load("        handling_time: 3d\n        api_version: \"2026-07\"\n");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& s = r.config->accounts[0].sources[0].SettingsAs<Settings>();
  EXPECT_EQ(s.handling_time, 72h);
  EXPECT_EQ(s.api_version, "2026-07");
  // A reload with another handling time is a different source (the running one is replaced).
  Settings other = s;
  EXPECT_TRUE(s.Equals(other));
  other.handling_time = 48h;
  EXPECT_FALSE(s.Equals(other));
}

TEST(ShopifySettings, BadValuesAreRefusedWithTheirPlace) {
  struct Case {
    std::string keys;
    std::string error;
  };
  const Case cases[] = {
      {"        handling_time: 0s\n",
       "s.yaml:8:24: accounts[0].sources[0].handling_time: must be "
       "greater than 0"},
      {"        handling_time: two days\n", "s.yaml:8:24: accounts[0].sources[0].handling_time"},
      {"        handling_tme: 2d\n", "unknown key 'handling_tme'; did you mean 'handling_time'?"},
      {"        api_version: \"\"\n", "api_version: must not be empty"},
      {"        poll: 0s\n", "poll: must be greater than 0"},
  };
  for (const auto& c : cases) {
    auto r = Load(c.keys);
    EXPECT_FALSE(r.ok()) << c.keys;
    EXPECT_NE(Errors(r).find(c.error), std::string::npos) << c.keys << "\n" << Errors(r);
  }
  auto missing = config::ParseConfig(
      "accounts:\n  - id: shop\n    marketplace: shopify\n    sources:\n"
      "      - {type: shopify, access_token: x}\n",
      "m.yaml", [] {
        config::LoadOptions o;
        o.source_types = SourceTypeSpecs();
        return o;
      }());
  EXPECT_NE(Errors(missing).find("missing required key 'endpoint'"), std::string::npos)
      << Errors(missing);
}

}  // namespace
}  // namespace sellerwatch::sources::shopify
