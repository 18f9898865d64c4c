// The `alertmanager` receiver's keys: url / urls, resend_interval, and what is derived from
// `daemon` (the firing alerts' validity and generatorURL's base).

#include <gtest/gtest.h>
#include <unistd.h>

#include "config/loader.hpp"

namespace sellerwatch::config {
namespace {

using namespace std::chrono_literals;

std::string Errors(const LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += "\n  " + d.Format();
  return out;
}

bool HasError(const LoadResult& r, const std::string& text) {
  for (const auto& d : r.diagnostics)
    if (!d.warning && d.Format().find(text) != std::string::npos) return true;
  return false;
}

LoadResult Load(const std::string& receiver_block, const std::string& daemon = "") {
  return ParseConfig((daemon.empty() ? "" : "daemon: " + daemon + "\n") +
                         "receivers:\n  - name: am\n    alertmanager: " + receiver_block + "\n",
                     "am.yaml");
}

const AlertmanagerReceiver& Settings(const LoadResult& r) {
  return std::get<AlertmanagerReceiver>(r.config->receivers.at(0).settings);
}

TEST(AlertmanagerReceiverConfigTest, UrlIsTheOnePeerFormOfUrls) {
  auto one = Load("{url: \"http://am:9093\"}");
  ASSERT_TRUE(one.ok()) << Errors(one);
  EXPECT_EQ(Settings(one).urls, std::vector<std::string>{"http://am:9093"});

  auto many = Load("{urls: [\"http://am-1:9093\", \"https://am-2.example/\"]}");
  ASSERT_TRUE(many.ok()) << Errors(many);
  EXPECT_EQ(Settings(many).urls,
            (std::vector<std::string>{"http://am-1:9093", "https://am-2.example/"}));
}

TEST(AlertmanagerReceiverConfigTest, UrlsMistakesAreClearErrors) {
  struct Case {
    std::string block;
    std::string error;
  };
  const std::vector<Case> cases = {
      {"{url: \"http://a:9093\", urls: [\"http://b:9093\"]}",
       "receivers[0].alertmanager.urls: give either url (one Alertmanager) or urls (every peer "
       "of a cluster), not both"},
      {"{timeout: 5s}", "receivers[0].alertmanager: missing url or urls"},
      {"{urls: []}", "receivers[0].alertmanager.urls: needs at least one URL"},
      {"{urls: \"http://a:9093\"}",
       "receivers[0].alertmanager.urls: expected a list of URLs, got a string"},
      {"{urls: [\"http://a:9093\", \"ftp://b\"]}",
       "receivers[0].alertmanager.urls[1]: invalid URL 'ftp://b': expected an http:// or "
       "https:// URL"},
      {"{urls: [\"http://a:9093\", \"http://a:9093\"]}",
       "receivers[0].alertmanager.urls[1]: 'http://a:9093' is listed twice"},
      {"{url: \"am:9093\"}", "receivers[0].alertmanager.url: invalid URL 'am:9093'"},
      {"{url: \"http://a:9093\", resend_interval: 0s}",
       "receivers[0].alertmanager.resend_interval"},
  };
  for (const auto& c : cases) {
    auto r = Load(c.block);
    EXPECT_FALSE(r.ok()) << c.block;
    EXPECT_TRUE(HasError(r, c.error)) << c.block << Errors(r);
  }
}

TEST(AlertmanagerReceiverConfigTest, FiringValidityIsFourTimesTheLongerInterval) {
  struct Case {
    std::string daemon;
    std::string block;
    Duration resend;
    Duration validity;
  };
  const std::vector<Case> cases = {
      {"", "{url: \"http://a:9093\"}", 1min, 4min},  // both default to 1m
      {"{evaluation_interval: 30s}", "{url: \"http://a:9093\", resend_interval: 2s}", 2s, 2min},
      {"{evaluation_interval: 500ms}", "{url: \"http://a:9093\", resend_interval: 2s}", 2s, 8s},
      {"{evaluation_interval: 5m}", "{url: \"http://a:9093\"}", 1min, 20min},
  };
  for (const auto& c : cases) {
    auto r = Load(c.block, c.daemon);
    ASSERT_TRUE(r.ok()) << c.daemon << c.block << Errors(r);
    EXPECT_EQ(Settings(r).resend_interval, c.resend) << c.daemon << c.block;
    EXPECT_EQ(Settings(r).firing_validity, c.validity) << c.daemon << c.block;
  }
}

TEST(AlertmanagerReceiverConfigTest, StatusUrlFollowsDaemonListen) {
  char host[256] = {};
  ASSERT_EQ(::gethostname(host, sizeof(host) - 1), 0);
  struct Case {
    std::string daemon;
    std::string status_url;
  };
  const std::vector<Case> cases = {
      {"", "http://127.0.0.1:9187/api/v1/status"},  // the default listen
      {"{listen: \"localhost:8080\"}", "http://localhost:8080/api/v1/status"},
      {"{listen: \"[::1]:9187\"}", "http://[::1]:9187/api/v1/status"},
      {"{listen: \"0.0.0.0:9187\", listen_token: \"0123456789abcdef0123\"}",
       "http://" + std::string(host) + ":9187/api/v1/status"},
      {"{listen: \"\"}", ""},             // endpoint off: no generatorURL
      {"{listen: \"127.0.0.1:0\"}", ""},  // a port not known before it is bound
  };
  for (const auto& c : cases) {
    auto r = Load("{url: \"http://a:9093\"}", c.daemon);
    ASSERT_TRUE(r.ok()) << c.daemon << Errors(r);
    EXPECT_EQ(Settings(r).status_url, c.status_url) << c.daemon;
  }
}

}  // namespace
}  // namespace sellerwatch::config
