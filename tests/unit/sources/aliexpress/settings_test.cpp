// The `aliexpress` source's keys: defaults, every key read, and what is refused with
// FILE:LINE:COL.

#include "sources/aliexpress/settings.hpp"

#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "sources/registry.hpp"

namespace sellerwatch::sources::aliexpress {
namespace {
using namespace std::chrono_literals;

config::LoadResult Parse(const std::string& source_keys, bool credentials = true) {
  config::LoadOptions options;
  options.source_types = SourceTypeSpecs();
  options.require_credentials = false;
  options.getenv = [](const std::string&) -> std::optional<std::string> { return std::nullopt; };
  return config::ParseConfig(std::string("accounts:\n"
                                         "  - id: shop\n"
                                         "    marketplace: aliexpress\n"
                                         "    sources:\n"
                                         "      - type: aliexpress\n") +
                                 (credentials ? "        app_key: \"34567890\"\n"
                                                "        app_secret: secret\n"
                                                "        access_token: access\n"
                                                "        refresh_token: refresh\n"
                                              : "") +
                                 source_keys,
                             "a.yaml", options);
}

std::vector<std::string> Errors(const config::LoadResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics)
    if (!d.warning) out.push_back(d.Format());
  return out;
}

TEST(AliExpressSettings, Defaults) {
  auto r = Parse("");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Errors(r));
  const auto& source = r.config->accounts[0].sources[0];
  const auto& s = source.SettingsAs<Settings>();
  EXPECT_EQ(s.endpoint, "https://api-sg.aliexpress.com");
  EXPECT_EQ(s.app_key.Reveal(), "34567890");
  EXPECT_EQ(s.app_secret.Reveal(), "secret");
  EXPECT_EQ(s.access_token.Reveal(), "access");
  EXPECT_EQ(s.refresh_token.Reveal(), "refresh");
  EXPECT_EQ(s.poll_orders, core::Duration(10min));
  EXPECT_EQ(s.poll_disputes, core::Duration(30min));
  EXPECT_EQ(s.poll_feedback, core::Duration(1h));
  EXPECT_EQ(s.overlap, core::Duration(10min));
  EXPECT_EQ(s.ShortestPoll(), core::Duration(10min));
  EXPECT_EQ(source.timeout, core::Duration(30s));
  EXPECT_TRUE(source.tls_verify);
}

TEST(AliExpressSettings, EveryKey) {
  auto r = Parse(
      "        endpoint: http://127.0.0.1:8080/\n"
      "        poll: {orders: 5m, disputes: 15m, feedback: 2h}\n"
      "        overlap: 0s\n"
      "        timeout: 1m\n"
      "        ca_file: /etc/ssl/ca.pem\n");
  ASSERT_TRUE(r.ok()) << ::testing::PrintToString(Errors(r));
  const auto& source = r.config->accounts[0].sources[0];
  const auto& s = source.SettingsAs<Settings>();
  EXPECT_EQ(s.endpoint, "http://127.0.0.1:8080");  // the trailing slash dropped
  EXPECT_EQ(s.poll_orders, core::Duration(5min));
  EXPECT_EQ(s.poll_disputes, core::Duration(15min));
  EXPECT_EQ(s.poll_feedback, core::Duration(2h));
  EXPECT_EQ(s.overlap, core::Duration(0s));
  EXPECT_EQ(s.ShortestPoll(), core::Duration(5min));
  EXPECT_EQ(source.timeout, core::Duration(1min));
  EXPECT_EQ(source.ca_file, "/etc/ssl/ca.pem");
}

TEST(AliExpressSettings, CredentialsAreRequired) {
  auto r = Parse("", false);
  ASSERT_FALSE(r.ok());
  auto errors = Errors(r);
  for (const char* key : {"app_key", "app_secret", "access_token", "refresh_token"}) {
    bool named = false;
    for (const auto& e : errors) named = named || e.find(key) != std::string::npos;
    EXPECT_TRUE(named) << key << " in " << ::testing::PrintToString(errors);
  }
}

TEST(AliExpressSettings, BadValuesAreRefusedWithTheirPlace) {
  struct Case {
    std::string keys;
    std::string error;
  };
  for (const auto& c : std::vector<Case>{
           {"        poll: {orders: 0s}\n", "a.yaml:10:24: accounts[0].sources[0].poll.orders"},
           {"        poll: {order: 5m}\n",
            "a.yaml:10:16: unknown key 'order'; did you mean 'orders'?"},
           {"        endpoint: ftp://x\n", "a.yaml:10:19: accounts[0].sources[0].endpoint"},
           {"        overlap: soon\n", "a.yaml:10:18: accounts[0].sources[0].overlap"},
           {"        app_sercet: x\n",
            "a.yaml:10:9: unknown key 'app_sercet'; did you mean 'app_secret'?"},
       }) {
    auto r = Parse(c.keys);
    auto errors = Errors(r);
    ASSERT_FALSE(errors.empty()) << c.keys;
    EXPECT_TRUE(errors[0].starts_with(c.error)) << errors[0];
  }
}

}  // namespace
}  // namespace sellerwatch::sources::aliexpress
