// `--shard I/N` and $SELLERWATCH_SHARD: check-config lists each shard's accounts (every account
// in exactly one shard), the flag wins over the variable, bad values are refused naming the
// one at fault, `status` and `digest` see their shard only, and a running daemon keeps its
// shard through SIGHUP and reports it as sellerwatch_shard_info on /metrics.

#include <gtest/gtest.h>
#include <signal.h>

#include <boost/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "core/shard.hpp"
#include "fakes/raw_http_client.hpp"
#include "fakes/temp_dir.hpp"
#include "integration/cli_helpers.hpp"

namespace sellerwatch::testing {
namespace {

using namespace std::chrono_literals;
using Env = std::map<std::string, std::string>;

// Twelve accounts without sources: enough for every shard of 3 and 4 to own some.
std::string AccountsConfig(const TempDir& dir) {
  std::string yaml = "daemon: {state_dir: " + dir.File("state") + ", listen: \"\"}\naccounts:\n";
  for (const char* id : {"acme-us", "acme-de", "shop-1", "ebay-main", "x", "acme-uk", "acme-fr",
                         "shop-2", "shop-3", "ebay-2", "ali-1", "ali-2"}) {
    yaml += std::string("  - {id: ") + id + ", marketplace: custom}\n";
  }
  // Names accounts of every shard: refused by none of them.
  yaml +=
      "routes: [{match: {account: acme-us}, receivers: [console]}, {match: {}, receivers: "
      "[console]}]\n"
      "rules: [{name: odr, metric: order_defect_rate, warn: 1%, accounts: [shop-1, x]}]\n"
      "receivers: [{name: console, console: {}}]\n";
  return yaml;
}

struct Listing {
  std::string header;              // "shard I/N owns K of M accounts"
  std::vector<std::string> owned;  // the indented lines
};

Listing ParseListing(const std::string& out) {
  Listing l;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("shard ")) l.header = line;
    if (line.starts_with("  ")) l.owned.push_back(line.substr(2));
  }
  return l;
}

TEST(ShardCli, CheckConfigListsEachShardsAccountsAndEveryAccountIsInExactlyOne) {
  TempDir dir;
  std::string config = dir.Write("sellerwatch.yaml", AccountsConfig(dir));
  auto plain = Sellerwatch({"check-config", "-c", config});
  ASSERT_EQ(plain.exit_code, 0) << plain.err;
  EXPECT_EQ(plain.out.find("shard"), std::string::npos) << plain.out;  // unchanged without one
  for (std::uint64_t n : {1, 3, 4}) {
    std::multiset<std::string> seen;
    for (std::uint64_t i = 0; i < n; ++i) {
      const std::string shard = std::to_string(i) + "/" + std::to_string(n);
      auto r = Sellerwatch({"check-config", "-c", config, "--shard", shard});
      ASSERT_EQ(r.exit_code, 0) << shard << "\n" << r.err;
      EXPECT_EQ(r.err, plain.err) << shard;  // nothing warns about other shards' accounts
      // The whole file's verdict, identical on every shard, comes first.
      EXPECT_TRUE(r.out.starts_with(plain.out)) << shard << "\n" << r.out;
      auto listing = ParseListing(r.out);
      EXPECT_EQ(listing.header, "shard " + shard + " owns " + std::to_string(listing.owned.size()) +
                                    " of 12 accounts" + (listing.owned.empty() ? "" : ":"))
          << r.out;
      for (const auto& id : listing.owned) {
        EXPECT_EQ(core::HashMod(id, n), i) << id;
        seen.insert(id);
      }
    }
    EXPECT_EQ(seen.size(), 12u) << "N=" << n;
    EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 12u) << "N=" << n;
  }
}

TEST(ShardCli, TheEnvironmentVariableSetsTheShardAndTheFlagWins) {
  TempDir dir;
  std::string config = dir.Write("sellerwatch.yaml", AccountsConfig(dir));
  auto env = Sellerwatch({"check-config", "-c", config}, Env{{"SELLERWATCH_SHARD", "1/3"}});
  ASSERT_EQ(env.exit_code, 0) << env.err;
  EXPECT_NE(env.out.find("\nshard 1/3 owns "), std::string::npos) << env.out;

  auto both = Sellerwatch({"check-config", "-c", config, "--shard", "2/3"},
                          Env{{"SELLERWATCH_SHARD", "1/3"}});
  ASSERT_EQ(both.exit_code, 0) << both.err;
  EXPECT_NE(both.out.find("\nshard 2/3 owns "), std::string::npos) << both.out;
  // A bad variable is not even read when the flag says it.
  auto over_bad = Sellerwatch({"check-config", "-c", config, "--shard", "0/3"},
                              Env{{"SELLERWATCH_SHARD", "nonsense"}});
  EXPECT_EQ(over_bad.exit_code, 0) << over_bad.err;

  auto empty = Sellerwatch({"check-config", "-c", config}, Env{{"SELLERWATCH_SHARD", ""}});
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_EQ(empty.out.find("shard"), std::string::npos) << empty.out;
}

TEST(ShardCli, BadValuesAreRefusedNamingTheFlagOrTheVariable) {
  TempDir dir;
  std::string config = dir.Write("sellerwatch.yaml", AccountsConfig(dir));
  for (const char* command : {"check-config", "status", "run", "poll", "digest"}) {
    for (const char* bad : {"3/3", "1", "a/3", "0/0", "-1/3"}) {
      SCOPED_TRACE(std::string(command) + " " + bad);
      std::vector<std::string> args{command, "-c", config, "--shard", bad};
      if (std::string(command) == "poll") args.push_back("--once");
      auto flag = Sellerwatch(args);
      EXPECT_EQ(flag.exit_code, 64) << flag.err;
      EXPECT_NE(flag.err.find(std::string("--shard: '") + bad + "'"), std::string::npos)
          << flag.err;
      args.erase(args.begin() + 3, args.begin() + 5);
      auto var = Sellerwatch(args, Env{{"SELLERWATCH_SHARD", bad}});
      EXPECT_EQ(var.exit_code, 78) << var.err;
      EXPECT_NE(var.err.find(std::string("SELLERWATCH_SHARD: '") + bad + "'"), std::string::npos)
          << var.err;
    }
  }
  // Commands without --shard work on the store at hand and do not read the variable.
  auto silences = Sellerwatch({"silence", "list", "-c", config}, Env{{"SELLERWATCH_SHARD", "x"}});
  EXPECT_EQ(silences.exit_code, 0) << silences.err;
}

TEST(ShardCli, StatusAndDigestSeeTheirShardAndNameTheOwnerOfAnotherShardsAccount) {
  TempDir dir;
  std::string config = dir.Write("sellerwatch.yaml", AccountsConfig(dir));
  std::set<std::string> all;
  for (std::uint64_t i = 0; i < 3; ++i) {
    const std::string shard = std::to_string(i) + "/3";
    auto r = Sellerwatch({"status", "--json", "-c", config, "--shard", shard});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto doc = boost::json::parse(r.out);
    for (const auto& a : doc.at("accounts").as_array()) {
      std::string id(a.at("id").as_string());
      EXPECT_EQ(core::HashMod(id, 3), i) << id << " in shard " << shard;
      EXPECT_TRUE(all.insert(id).second) << id << " in two shards";
    }
  }
  EXPECT_EQ(all.size(), 12u);

  // acme-us: hashmod 2 of 3 (the vector).
  auto owned = Sellerwatch({"status", "-c", config, "--shard", "2/3", "--account", "acme-us"});
  EXPECT_EQ(owned.exit_code, 0) << owned.err;
  auto elsewhere = Sellerwatch({"status", "-c", config, "--shard", "1/3", "--account", "acme-us"});
  EXPECT_EQ(elsewhere.exit_code, 64);
  EXPECT_NE(elsewhere.err.find("account 'acme-us' belongs to shard 2/3, not to this shard 1/3"),
            std::string::npos)
      << elsewhere.err;
  auto unknown = Sellerwatch({"status", "-c", config, "--shard", "1/3", "--account", "nope"});
  EXPECT_EQ(unknown.exit_code, 64);
  EXPECT_NE(unknown.err.find("no account 'nope'"), std::string::npos) << unknown.err;

  auto digest = Sellerwatch({"digest", "--text", "-c", config, "--account", "acme-us"},
                            Env{{"SELLERWATCH_SHARD", "0/3"}});
  EXPECT_EQ(digest.exit_code, 64);
  EXPECT_NE(digest.err.find("account 'acme-us' belongs to shard 2/3, not to this shard 0/3"),
            std::string::npos)
      << digest.err;
}

// Simulated shops; two of them owned by shard `mine` of 2, the others by the other shard.
struct Shops {
  std::vector<std::string> mine, theirs;
};

Shops PickShops(std::uint64_t mine) {
  Shops s;
  for (char c = 'a'; c <= 'z' && (s.mine.size() < 2 || s.theirs.size() < 2); ++c) {
    std::string id = std::string("shop-") + c;
    auto& list = core::HashMod(id, 2) == mine ? s.mine : s.theirs;
    if (list.size() < 2) list.push_back(id);
  }
  return s;
}

std::string DaemonConfig(const TempDir& dir, const std::vector<std::string>& ids) {
  std::string yaml =
      "daemon: {listen: \"127.0.0.1:0\", state_dir: " + dir.File("state") + "}\naccounts:\n";
  for (const auto& id : ids) {
    yaml += "  - id: " + id +
            "\n    marketplace: amazon\n    sources: [{type: simulator, seed: 7, "
            "orders_per_day: 10, poll: 1h}]\n";
  }
  return yaml +
         "routes: [{match: {}, receivers: [console]}]\n"
         "receivers: [{name: console, console: {}}]\n";
}

TEST(ShardCli, TheDaemonOwnsItsShardThroughReloadsAndSaysSoOnMetrics) {
  TempDir dir;
  auto shops = PickShops(1);
  ASSERT_EQ(shops.mine.size(), 2u);
  ASSERT_EQ(shops.theirs.size(), 2u);
  std::string config =
      dir.Write("sellerwatch.yaml", DaemonConfig(dir, {shops.mine[0], shops.theirs[0]}));
  BackgroundProcess daemon({SellerwatchBinary(), "run", "-c", config},
                           {{"SELLERWATCH_SHARD", "1/2"}});
  ASSERT_TRUE(daemon.WaitForStderr("http endpoint listening on 127.0.0.1:", 30s)) << daemon.err();
  EXPECT_NE(daemon.err().find("shard 1/2: owns 1 of the 2 accounts"), std::string::npos)
      << daemon.err();
  const std::uint16_t port = LoggedPort(daemon.err());
  ASSERT_NE(port, 0);
  std::string m = Metrics(port);
  EXPECT_NE(m.find("\nsellerwatch_shard_info{shard=\"1\",shards=\"2\"} 1\n"), std::string::npos)
      << m;
  auto source = [](const std::string& id) {
    return "sellerwatch_source_polls_total{account=\"" + id + "\",source=\"simulator\"}";
  };
  EXPECT_NE(m.find(source(shops.mine[0])), std::string::npos) << m;
  EXPECT_EQ(m.find(shops.theirs[0]), std::string::npos) << m;

  // The live status of another shard's account: 404, naming the shard that owns it.
  RawHttpClient c(port);
  ASSERT_TRUE(c.Send(RawHttpClient::Request("GET", "/api/v1/status?account=" + shops.theirs[0])));
  auto other = c.Read();
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 404);
  EXPECT_NE(other->body.find("no account '" + shops.theirs[0] + "' in shard 1/2 of " + config +
                             " (shard 0/2 owns that id)"),
            std::string::npos)
      << other->body;

  // SIGHUP: the whole new file is validated, then cut to the same shard.
  dir.Write("sellerwatch.yaml",
            DaemonConfig(dir, {shops.mine[0], shops.theirs[0], shops.mine[1], shops.theirs[1]}));
  daemon.Signal(SIGHUP);
  ASSERT_TRUE(daemon.WaitForStderr("reloaded: 2 accounts, 2 sources", 20s)) << daemon.err();
  m = Metrics(port);
  EXPECT_NE(m.find(source(shops.mine[1])), std::string::npos) << m;
  for (const auto& id : shops.theirs) EXPECT_EQ(m.find(id), std::string::npos) << id << "\n" << m;
  EXPECT_NE(m.find("\nsellerwatch_shard_info{shard=\"1\",shards=\"2\"} 1\n"), std::string::npos);

  daemon.Signal(SIGTERM);
  EXPECT_EQ(daemon.Wait(20s), 0) << daemon.err();
}

}  // namespace
}  // namespace sellerwatch::testing
