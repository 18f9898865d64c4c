// The keys of an `imap` source: defaults, and each mistake refused at its place.

#include "sources/imap/settings.hpp"

#include <gtest/gtest.h>

#include "config/loader.hpp"
#include "sources/registry.hpp"

namespace sellerwatch::sources::imap {
namespace {
using namespace std::chrono_literals;

config::LoadResult Load(const std::string& keys,
                        const std::string& url = "imaps://imap.example.com") {
  config::LoadOptions options;
  options.source_types = SourceTypeSpecs();
  options.getenv = [](const std::string& name) -> std::optional<std::string> {
    if (name == "MAIL_PASSWORD") return "app-pass-s3cr3t";
    return std::nullopt;
  };
  return config::ParseConfig(
      "accounts:\n"
      "  - id: shop\n"
      "    marketplace: amazon\n"
      "    sources:\n"
      "      - type: imap\n"
      "        url: " +
          url +
          "\n"
          "        username: seller@example.com\n"
          "        password: ${MAIL_PASSWORD}\n" +
          keys,
      "s.yaml", options);
}

std::string Errors(const config::LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += d.Format() + "\n";
  return out;
}

TEST(ImapSettings, Defaults) {
  auto r = Load("");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& s = r.config->accounts[0].sources[0].SettingsAs<Settings>();
  EXPECT_EQ(s.url, "imaps://imap.example.com");
  EXPECT_EQ(s.username, "seller@example.com");
  EXPECT_EQ(s.password.Reveal(), "app-pass-s3cr3t");
  EXPECT_FALSE(s.tls_none);
  EXPECT_EQ(s.poll, 5min);
  EXPECT_EQ(s.backfill, 35 * 24h);
  EXPECT_EQ(s.inbox, "INBOX");
  EXPECT_EQ(s.sent_folder, "");
  EXPECT_TRUE(s.buyer_addresses.empty());
}

TEST(ImapSettings, EveryKey) {
  auto r = Load(
      "        tls: none\n        poll: 1m\n        backfill: 40d\n        inbox: Buyers\n"
      "        sent_folder: \"Sent Items\"\n"
      "        buyer_addresses: [\"*@customers.example.com\"]\n",
      "imap://127.0.0.1:1143");
  ASSERT_TRUE(r.ok()) << Errors(r);
  const auto& s = r.config->accounts[0].sources[0].SettingsAs<Settings>();
  EXPECT_TRUE(s.tls_none);
  EXPECT_EQ(s.poll, 1min);
  EXPECT_EQ(s.backfill, 40 * 24h);
  EXPECT_EQ(s.inbox, "Buyers");
  EXPECT_EQ(s.sent_folder, "Sent Items");
  EXPECT_EQ(s.buyer_addresses, (std::vector<std::string>{"*@customers.example.com"}));
}

TEST(ImapSettings, MistakesAreRefusedAtTheirPlace) {
  struct Case {
    std::string keys, url, message;
  };
  for (const auto& c : std::vector<Case>{
           {"", "https://imap.example.com", "expected an imap:// or imaps:// URL"},
           {"", "imaps://imap.example.com/INBOX", "the URL names the server only"},
           {"        tls: none\n", "imaps://imap.example.com", "none only applies to imap://"},
           {"        tls: starttls\n", "imap://imap.example.com", "invalid tls 'starttls'"},
           {"        sent_folder: \"Gesendete Objekte \xC3\xA4\"\n", "imaps://h",
            "a mailbox name of printable ASCII"},
           {"        buyer_addresses: [\"a b@c\"]\n", "imaps://h", "invalid pattern 'a b@c'"},
           {"        pasword: x\n", "imaps://h", "did you mean 'password'"},
       }) {
    SCOPED_TRACE(c.message);
    auto r = Load(c.keys, c.url);
    EXPECT_FALSE(r.ok());
    std::string errors = Errors(r);
    EXPECT_NE(errors.find("s.yaml:"), std::string::npos) << errors;
    EXPECT_NE(errors.find(c.message), std::string::npos) << errors;
    EXPECT_EQ(errors.find("app-pass-s3cr3t"), std::string::npos) << errors;
  }
}

TEST(ImapSettings, AShopWithoutRelayAddressesNeedsBuyerAddresses) {
  config::LoadOptions options;
  options.source_types = SourceTypeSpecs();
  options.getenv = [](const std::string&) -> std::optional<std::string> { return "pw"; };
  std::string text =
      "accounts:\n"
      "  - id: shop\n"
      "    marketplace: shopify\n"
      "    sources:\n"
      "      - type: imap\n"
      "        url: imaps://imap.example.com\n"
      "        username: u\n"
      "        password: ${P}\n";
  auto r = config::ParseConfig(text, "s.yaml", options);
  EXPECT_FALSE(r.ok());
  EXPECT_NE(Errors(r).find("s.yaml:5:9: accounts[0].sources[0]: shopify relays no buyer mail"),
            std::string::npos)
      << Errors(r);
  auto fixed = config::ParseConfig(text + "        buyer_addresses: [\"*\"]\n", "s.yaml", options);
  EXPECT_TRUE(fixed.ok()) << Errors(fixed);
}

}  // namespace
}  // namespace sellerwatch::sources::imap
