// The endpoint's routes: paths, methods, the bearer token, readiness and the status document;
// first as a function, then through a real socket on port 0.

#include "app/http_endpoint.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/base64.hpp"
#include "core/sha256.hpp"
#include "fakes/io_thread.hpp"
#include "fakes/raw_http_client.hpp"
#include "i18n/languages.hpp"

namespace sellerwatch::app {
namespace {

using net::HttpServerRequest;
using net::HttpServerResponse;

const core::Timestamp kNow = core::FromUnixMillis(1763915250174);

class HttpEndpointTest : public ::testing::Test {
 protected:
  HttpEndpointTest() {
    account_.id = "shop-a";
    account_.marketplace = "amazon";
    self_.version = "9.9.9";
    self_.now = kNow;
    self_.sources = {{"shop-a/sim", "shop-a", "sim", 3, 0, kNow, false}};
    self_.outbox = store::OutboxCounts{};
    data_.snapshot = [this] { return self_; };
    data_.status = [this](const std::string& only) -> core::Result<StatusReport> {
      ++status_calls_;
      if (store_broken_) return core::Error::Permanent("store: disk I/O error");
      if (!only.empty() && only != "shop-a") return core::Error::Data("no account '" + only + "'");
      StatusReport r{kNow, std::nullopt, {}};
      r.accounts.push_back({&account_, {}, {}, {}});
      return r;
    };
    data_.account_history = [](const std::string& id) -> core::Result<digest::AccountInput> {
      digest::AccountInput a;
      a.id = id;
      a.marketplace = "amazon";
      return a;
    };
    data_.silences = [this]() -> core::Result<std::vector<core::Silence>> { return silences_; };
  }

  std::string HeaderOf(const HttpServerResponse& r, std::string_view name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

  HttpServerResponse Get(std::string target,
                         std::vector<std::pair<std::string, std::string>> headers = {},
                         std::string method = "GET") {
    HttpServerRequest r{std::move(method), std::move(target), std::move(headers)};
    return RouteRequest(r, data_, token_);
  }

  config::AccountConfig account_;
  RuntimeSnapshot self_;
  EndpointData data_;
  config::Secret token_;
  std::vector<core::Silence> silences_;
  bool store_broken_ = false;
  int status_calls_ = 0;
};

TEST_F(HttpEndpointTest, HealthzAnswersOk) {
  auto r = Get("/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "ok\n");
}

TEST_F(HttpEndpointTest, UnknownPathsAre404AndOtherMethods405) {
  for (const char* path : {"/metrics/", "/healthz/x", "/accounts", "/accounts/", "/accounts/a/b",
                           "/api/v1", "/api/v1/status/x", "/METRICS", "//metrics"}) {
    EXPECT_EQ(Get(path).status, 404) << path;
  }
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS", "PATCH", "BREW"}) {
    auto r = Get("/metrics", {}, method);
    EXPECT_EQ(r.status, 405) << method;
    ASSERT_EQ(r.headers.size(), 1u);
    EXPECT_EQ(r.headers[0], (std::pair<std::string, std::string>{"Allow", "GET, HEAD"}));
  }
  EXPECT_EQ(Get("/metrics", {}, "HEAD").status, 200);
}

TEST_F(HttpEndpointTest, MalformedTargetsAre400) {
  for (const char* target : {"metrics", "http://x/metrics", "/metrics?%zz", "*"}) {
    EXPECT_EQ(Get(target).status, 400) << target;
  }
  EXPECT_EQ(Get("/metrics?x=1").status, 200);  // a query is fine
}

TEST_F(HttpEndpointTest, ReadyzIs503WithTheReasonWhileASourceIsDown) {
  auto ready = Get("/readyz");
  EXPECT_EQ(ready.status, 200);
  EXPECT_EQ(ready.body, "ready\n");
  self_.sources[0].down = true;
  self_.store_error = "database is locked";
  auto not_ready = Get("/readyz");
  EXPECT_EQ(not_ready.status, 503);
  EXPECT_EQ(not_ready.body,
            "not ready:\n  store: database is locked\n  source shop-a/sim is down\n");
}

TEST_F(HttpEndpointTest, MetricsServesTheExposition) {
  auto r = Get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_NE(r.body.find("sellerwatch_build_info{version=\"9.9.9\"} 1\n"), std::string::npos)
      << r.body;
  EXPECT_NE(r.body.find("sellerwatch_ready 1\n"), std::string::npos) << r.body;
}

TEST_F(HttpEndpointTest, MetricsStillServesOwnFiguresWhenTheStoreFails) {
  store_broken_ = true;
  auto r = Get("/metrics");
  EXPECT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("sellerwatch_ready 0\n"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("sellerwatch_source_polls_total{account=\"shop-a\",source=\"sim\"} 3\n"),
            std::string::npos)
      << r.body;
}

TEST_F(HttpEndpointTest, StatusIsTheStatusJsonDocument) {
  auto r = Get("/api/v1/status");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  auto doc = boost::json::parse(r.body);
  EXPECT_EQ(doc.at("accounts").as_array().at(0).at("id").as_string(), "shop-a");
  EXPECT_EQ(Get("/api/v1/status?account=shop-a").status, 200);
  auto unknown = Get("/api/v1/status?account=nope");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.body, "no account 'nope'\n");
  store_broken_ = true;
  EXPECT_EQ(Get("/api/v1/status").status, 503);
}

TEST_F(HttpEndpointTest, TheMissingAccountPageIsInTheDaemonsLanguage) {
  EXPECT_NE(Get("/accounts/nope").body.find("No such account"), std::string::npos);
  data_.language = [] { return i18n::MakeTranslator("zh-CN"); };
  auto r = Get("/accounts/nope");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body.find("<html lang=\"zh-CN\""), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("\u6ca1\u6709\u6b64\u8d26\u6237"), std::string::npos)
      << r.body;  // 没有此账户
}

TEST_F(HttpEndpointTest, PagesAreLockedDownHtmlThatRefreshesItself) {
  for (const char* target : {"/", "/?status=critical&page=abc", "/accounts/shop-a",
                             "/accounts/shop%2Da", "/accounts/nope"}) {
    SCOPED_TRACE(target);
    auto r = Get(target);
    EXPECT_EQ(r.status, std::string_view(target) == "/accounts/nope" ? 404 : 200);
    EXPECT_EQ(r.content_type, "text/html; charset=utf-8");
    EXPECT_EQ(HeaderOf(r, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(HeaderOf(r, "Referrer-Policy"), "no-referrer");
    EXPECT_EQ(HeaderOf(r, "X-Frame-Options"), "DENY");
    const std::string csp = HeaderOf(r, "Content-Security-Policy");
    EXPECT_TRUE(csp.starts_with("default-src 'none'; ")) << csp;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_EQ(csp.find("script"), std::string::npos) << csp;
    EXPECT_EQ(r.body.find("<script"), std::string::npos);
    EXPECT_NE(r.body.find("<meta http-equiv=\"refresh\" content=\"60\">"), std::string::npos);
    // The policy lets in exactly the page's style sheet: its hash is the one in the header.
    auto from = r.body.find("<style>") + 7;
    std::string style = r.body.substr(from, r.body.find("</style>") - from);
    EXPECT_NE(csp.find("style-src 'sha256-" + core::Base64Encode(core::Sha256(style)) + "'"),
              std::string::npos)
        << csp;
  }
  EXPECT_NE(Get("/accounts/nope").body.find("no account &#39;nope&#39;"), std::string::npos);
  store_broken_ = true;
  EXPECT_EQ(Get("/").status, 503);
}

TEST_F(HttpEndpointTest, TheAccountPageListsTheSilencesThatCanMuteIt) {
  auto at = [](const char* t) { return *core::ParseRfc3339(t); };
  silences_ = {
      {"s1",
       {{"account", "shop-a"}, {"rule", "late_shipment_rate_10d"}},
       at("2025-11-01T00:00:00Z"),
       at("2025-12-01T00:00:00Z"),
       "ops",
       "carrier strike <b>"},
      {"s2",
       {{"account", "shop-b"}},
       at("2025-11-01T00:00:00Z"),
       at("2025-12-01T00:00:00Z"),
       "ops",
       "other shop"},
      {"s3",
       {{"account", "shop-a"}},
       at("2025-11-30T00:00:00Z"),
       at("2025-12-31T00:00:00Z"),
       "ops",
       "not yet in force"},
  };
  auto r = Get("/accounts/shop-a");
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("Silences in force"), std::string::npos);
  EXPECT_NE(r.body.find("carrier strike &lt;b&gt;"), std::string::npos);
  EXPECT_EQ(r.body.find("other shop"), std::string::npos);
  EXPECT_EQ(r.body.find("not yet in force"), std::string::npos);
}

TEST_F(HttpEndpointTest, WithATokenEveryPathButHealthzNeedsIt) {
  token_ = config::Secret("0123456789abcdef-token");
  EXPECT_EQ(Get("/healthz").status, 200);
  for (const char* path : {"/readyz", "/metrics", "/api/v1/status", "/", "/accounts/shop-a"}) {
    for (const auto& headers : std::vector<std::vector<std::pair<std::string, std::string>>>{
             {},
             {{"authorization", "Bearer wrong"}},
             {{"authorization", "Basic MDEyMzQ1Njc4OWFiY2RlZi10b2tlbg=="}},
             {{"authorization", "Bearer 0123456789abcdef-toke"}}}) {
      auto r = Get(path, headers);
      EXPECT_EQ(r.status, 401) << path;
      // Basic first: a browser prompts for it; scripts know to send the Bearer header.
      ASSERT_EQ(r.headers.size(), 2u);
      EXPECT_EQ(r.headers[0],
                (std::pair<std::string, std::string>{
                    "WWW-Authenticate", "Basic realm=\"sellerwatch\", charset=\"UTF-8\""}));
      EXPECT_EQ(r.headers[1], (std::pair<std::string, std::string>{
                                  "WWW-Authenticate", "Bearer realm=\"sellerwatch\""}));
      EXPECT_EQ(r.body.find("0123456789abcdef"), std::string::npos) << "the token never shows";
    }
    EXPECT_EQ(Get(path, {{"authorization", "Bearer 0123456789abcdef-token"}}).status, 200) << path;
    // What a browser sends once the seller typed the token into its prompt (any user name).
    EXPECT_EQ(
        Get(path, {{"authorization", "Basic " + core::Base64Encode("me:0123456789abcdef-token")}})
            .status,
        200)
        << path;
  }
  EXPECT_EQ(status_calls_, 2 * 4) << "nothing computed for a request without the token";
}

// The same through a socket: the token travels in a real header.
TEST_F(HttpEndpointTest, ServedOnTheConfiguredAddressWithTheToken) {
  testing::IoThread loop;
  config::DaemonConfig daemon;
  daemon.listen = "127.0.0.1:0";
  daemon.listen_token = config::Secret("0123456789abcdef-token");
  auto log = std::make_shared<spdlog::logger>("test");
  auto server = loop.Call([&] { return StartHttpEndpoint(loop.io(), daemon, data_, log); });
  ASSERT_TRUE(server) << server.error().message;
  ASSERT_TRUE(*server);
  testing::RawHttpClient c((*server)->port());
  ASSERT_TRUE(c.Send(testing::RawHttpClient::Request("GET", "/metrics")));
  auto denied = c.Read();
  ASSERT_TRUE(denied);
  EXPECT_EQ(denied->status, 401);
  EXPECT_EQ(denied->Header("www-authenticate"), "Basic realm=\"sellerwatch\", charset=\"UTF-8\"");
  ASSERT_TRUE(c.Send(testing::RawHttpClient::Request(
      "GET", "/metrics", {"Authorization: Bearer 0123456789abcdef-token"})));
  auto ok = c.Read();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_NE(ok->body.find("sellerwatch_build_info"), std::string::npos);
  loop.Call([&] { server->reset(); });
}

TEST_F(HttpEndpointTest, AnEmptyListenServesNothing) {
  testing::IoThread loop;
  config::DaemonConfig daemon;
  daemon.listen = "";
  auto log = std::make_shared<spdlog::logger>("test");
  auto server = loop.Call([&] { return StartHttpEndpoint(loop.io(), daemon, data_, log); });
  ASSERT_TRUE(server);
  EXPECT_FALSE(*server);
}

}  // namespace
}  // namespace sellerwatch::app
