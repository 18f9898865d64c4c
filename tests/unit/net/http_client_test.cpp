#include "net/http_client.hpp"

#include <gtest/gtest.h>

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstdlib>
#include <memory>

#include "fakes/http_test_server.hpp"
#include "fakes/process.hpp"
#include "fakes/run_awaitable.hpp"
#include "fakes/temp_dir.hpp"
#include "net/curl_multi.hpp"

namespace sellerwatch::net {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;
using testing::HttpTestServer;
using testing::RunAwaitable;
using testing::RunUntil;
using testing::ScriptedResponse;

// A loopback port nothing listens on: bound by the kernel's choice, then released.
std::uint16_t ClosedPort() {
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, {asio::ip::make_address("127.0.0.1"), 0});
  return acceptor.local_endpoint().port();
}

class HttpClientTest : public ::testing::Test {
 protected:
  core::Result<HttpResponse> Send(HttpRequest request) {
    return RunAwaitable(io_, client_.Send(std::move(request)));
  }

  asio::io_context io_;
  CurlMulti multi_{io_};
  HttpClient client_{multi_};
  HttpTestServer server_;
};

TEST_F(HttpClientTest, GetReturnsStatusHeadersAndBody) {
  server_.Enqueue({.status = 200, .headers = {{"X-Shop", "acme"}}, .body = "hello"});

  auto r = Send({.url = server_.Url("/v1/orders?page=2"),
                 .headers = {{"Authorization", "Bearer t0ken"}, {"X-Empty", ""}}});

  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "hello");
  EXPECT_EQ(r->Header("x-shop"), "acme");
  EXPECT_EQ(r->Header("X-SHOP"), "acme");  // names are case-insensitive
  EXPECT_FALSE(r->Header("x-missing"));
  ASSERT_EQ(server_.RequestCount(), 1u);
  const auto req = server_.Requests()[0];
  EXPECT_EQ(req.method, "GET");
  EXPECT_EQ(req.target, "/v1/orders?page=2");
  EXPECT_EQ(req.Header("authorization"), "Bearer t0ken");
  EXPECT_EQ(req.Header("x-empty"), "");
  EXPECT_TRUE(req.body.empty());
}

TEST_F(HttpClientTest, PostSendsHeadersAndBody) {
  server_.Enqueue({.status = 201, .body = "{\"id\":1}"});
  const std::string body = R"({"alert":"odr","value":0.012})";

  auto r = Send({.method = "post",
                 .url = server_.Url("/hook"),
                 .headers = {{"Content-Type", "application/json"}},
                 .body = body});

  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 201);
  EXPECT_EQ(r->body, "{\"id\":1}");
  const auto req = server_.Requests().at(0);
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.body, body);
  EXPECT_EQ(req.Header("content-type"), "application/json");
  EXPECT_FALSE(req.Header("expect"));  // no 100-continue round trip
}

TEST_F(HttpClientTest, PutAndDeleteUseTheirMethods) {
  auto put = Send({.method = "PUT", .url = server_.Url("/x"), .body = "b"});
  auto del = Send({.method = "DELETE", .url = server_.Url("/x")});

  ASSERT_TRUE(put) << put.error().message;
  ASSERT_TRUE(del) << del.error().message;
  const auto reqs = server_.Requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_EQ(reqs[0].method, "PUT");
  EXPECT_EQ(reqs[0].body, "b");
  EXPECT_EQ(reqs[1].method, "DELETE");
  EXPECT_TRUE(reqs[1].body.empty());
}

TEST_F(HttpClientTest, ErrorStatusesAreResponsesNotErrors) {
  server_.Enqueue({.status = 429, .headers = {{"Retry-After", "7"}}, .body = "slow down"});
  server_.Enqueue({.status = 500, .body = "oops"});

  auto limited = Send({.url = server_.Url("/a")});
  auto broken = Send({.url = server_.Url("/b")});

  ASSERT_TRUE(limited) << limited.error().message;
  EXPECT_EQ(limited->status, 429);
  EXPECT_EQ(limited->Header("Retry-After"), "7");
  EXPECT_EQ(limited->body, "slow down");
  ASSERT_TRUE(broken) << broken.error().message;
  EXPECT_EQ(broken->status, 500);
  EXPECT_EQ(broken->body, "oops");
}

TEST_F(HttpClientTest, ConnectionRefusedIsTransientAndNamesTheRequest) {
  const std::string url = "http://127.0.0.1:" + std::to_string(ClosedPort()) + "/orders";

  auto r = Send({.url = url});

  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kTransient);
  EXPECT_NE(r.error().message.find("GET " + url + ": "), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("onnect"), std::string::npos) << r.error().message;
}

TEST_F(HttpClientTest, ServerThatHangsTimesOutAsTransient) {
  server_.Enqueue(ScriptedResponse::Hang());
  const auto start = std::chrono::steady_clock::now();

  auto r = Send({.url = server_.Url("/slow"), .timeout = 300ms});

  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kTransient);
  EXPECT_NE(r.error().message.find("imed out"), std::string::npos) << r.error().message;
  // Ends at the transfer timeout, not at some later default (generous bound for a busy host).
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST_F(HttpClientTest, ResponseOverTheCapIsPermanent) {
  server_.Enqueue({.body = std::string(100'000, 'x')});  // announced by Content-Length

  auto r = Send({.url = server_.Url("/big"), .max_response_bytes = 10'000});

  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kPermanent);
  EXPECT_NE(r.error().message.find("larger than 10000 bytes"), std::string::npos)
      << r.error().message;
}

TEST_F(HttpClientTest, UnannouncedResponseOverTheCapIsCutOffAsPermanent) {
  // No Content-Length: only the write callback can notice.
  server_.Enqueue(
      {.raw = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n" + std::string(50'000, 'y')});

  auto r = Send({.url = server_.Url("/stream"), .max_response_bytes = 1'000});

  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kPermanent);
}

TEST_F(HttpClientTest, WithTruncationAResponseOverTheCapIsCutAndKept) {
  server_.Enqueue({.status = 500, .body = std::string(100'000, 'x')});  // Content-Length
  server_.Enqueue(  // no Content-Length, more than curl's buffer
      {.raw = "HTTP/1.1 201 Created\r\nConnection: close\r\n\r\n" + std::string(500'000, 'y')});

  auto announced =
      Send({.url = server_.Url("/a"), .max_response_bytes = 10'000, .truncate_response = true});
  auto streamed =
      Send({.url = server_.Url("/b"), .max_response_bytes = 1'000, .truncate_response = true});

  ASSERT_TRUE(announced) << announced.error().message;
  EXPECT_EQ(announced->status, 500);
  EXPECT_EQ(announced->body, std::string(10'000, 'x'));
  EXPECT_TRUE(announced->truncated);
  ASSERT_TRUE(streamed) << streamed.error().message;
  EXPECT_EQ(streamed->status, 201);
  EXPECT_EQ(streamed->body, std::string(1'000, 'y'));
  EXPECT_TRUE(streamed->truncated);
}

TEST_F(HttpClientTest, GzipResponseIsDecoded) {
  testing::TempDir dir;
  std::string text;
  for (int i = 0; i < 200; ++i) text += "order " + std::to_string(i) + " shipped on time\n";
  const auto compressed = testing::RunProcess({"gzip", "-c", dir.Write("page.txt", text)});
  ASSERT_EQ(compressed.exit_code, 0) << compressed.err;
  ASSERT_LT(compressed.out.size(), text.size());
  server_.Enqueue({.headers = {{"Content-Encoding", "gzip"}}, .body = compressed.out});

  auto r = Send({.url = server_.Url("/report")});

  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->body, text);
  const auto accept = server_.Requests().at(0).Header("accept-encoding");
  ASSERT_TRUE(accept);
  EXPECT_NE(accept->find("gzip"), std::string::npos);
}

TEST_F(HttpClientTest, BadUrlsArePermanent) {
  auto scheme = Send({.url = "ftp://127.0.0.1/file"});
  auto malformed = Send({.url = "http://[127.0.0.1/"});

  ASSERT_FALSE(scheme);
  EXPECT_EQ(scheme.error().kind, core::ErrorKind::kPermanent) << scheme.error().message;
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().kind, core::ErrorKind::kPermanent) << malformed.error().message;
}

TEST_F(HttpClientTest, HeaderWithALineBreakIsRefusedWithoutSending) {
  auto r = Send(
      {.url = server_.Url("/x"), .headers = {{"Authorization", "Bearer secret\r\nX-Injected: 1"}}});

  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, core::ErrorKind::kPermanent);
  EXPECT_NE(r.error().message.find("Authorization"), std::string::npos) << r.error().message;
  EXPECT_EQ(r.error().message.find("secret"), std::string::npos) << r.error().message;
  EXPECT_EQ(server_.RequestCount(), 0u);
}

// A name goes through curl's threaded resolver, whose wake-up socket the multi must watch too.
TEST_F(HttpClientTest, ResolvesHostNames) {
  auto r = Send({.url = "http://localhost:" + std::to_string(server_.port()) + "/named"});

  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(server_.Requests().at(0).target, "/named");
}

TEST_F(HttpClientTest, ConnectionsAreReusedAcrossRequests) {
  for (int i = 0; i < 3; ++i) {
    auto r = Send({.url = server_.Url("/again")});
    ASSERT_TRUE(r) << r.error().message;
  }
  EXPECT_EQ(server_.RequestCount(), 3u);
  EXPECT_EQ(server_.ConnectionCount(), 1u);
}

TEST_F(HttpClientTest, ManyConcurrentRequestsCompleteOnOneThread) {
  server_.SetHandler([](const testing::RecordedRequest& req) {
    return ScriptedResponse{.body = "echo " + req.target};
  });
  constexpr int kRequests = 200;
  int ok = 0;
  int finished = 0;
  for (int i = 0; i < kRequests; ++i) {
    asio::co_spawn(io_, client_.Send({.url = server_.Url("/n/" + std::to_string(i))}),
                   [&, i](std::exception_ptr e, core::Result<HttpResponse> r) {
                     ++finished;
                     if (!e && r && r->status == 200 && r->body == "echo /n/" + std::to_string(i))
                       ++ok;
                   });
  }

  ASSERT_TRUE(RunUntil(io_, [&] { return finished == kRequests; }));
  EXPECT_EQ(ok, kRequests);
  EXPECT_EQ(server_.RequestCount(), static_cast<std::size_t>(kRequests));
  EXPECT_EQ(multi_.active(), 0u);
}

TEST_F(HttpClientTest, CancellingTheCallerRemovesTheTransfer) {
  server_.Enqueue(ScriptedResponse::Hang());
  asio::cancellation_signal cancel;
  std::optional<core::Result<HttpResponse>> result;
  asio::co_spawn(io_, client_.Send({.url = server_.Url("/hang")}),
                 asio::bind_cancellation_slot(
                     cancel.slot(), [&](std::exception_ptr e, core::Result<HttpResponse> r) {
                       if (!e) result = std::move(r);
                     }));
  ASSERT_TRUE(RunUntil(io_, [&] { return server_.RequestCount() == 1; }));
  EXPECT_EQ(multi_.active(), 1u);

  cancel.emit(asio::cancellation_type::terminal);

  ASSERT_TRUE(RunUntil(io_, [&] { return result.has_value(); }));
  ASSERT_FALSE(*result);
  EXPECT_EQ(result->error().kind, core::ErrorKind::kTransient);
  EXPECT_NE(result->error().message.find("cancelled"), std::string::npos);
  EXPECT_EQ(multi_.active(), 0u);
}

TEST(HttpClientLifetimeTest, DestroyingTheMultiWithTransfersInFlightIsClean) {
  HttpTestServer server;
  server.SetHandler([](const testing::RecordedRequest&) { return ScriptedResponse::Hang(); });
  asio::io_context io;
  auto multi = std::make_unique<CurlMulti>(io);
  HttpClient client(*multi);
  constexpr int kRequests = 5;
  int cancelled = 0;
  int finished = 0;
  for (int i = 0; i < kRequests; ++i) {
    asio::co_spawn(io, client.Send({.url = server.Url("/hang")}),
                   [&](std::exception_ptr e, core::Result<HttpResponse> r) {
                     ++finished;
                     if (!e && !r && r.error().kind == core::ErrorKind::kTransient) ++cancelled;
                   });
  }
  ASSERT_TRUE(RunUntil(io, [&] { return server.RequestCount() == kRequests; }));
  EXPECT_EQ(multi->active(), static_cast<std::size_t>(kRequests));

  multi.reset();

  ASSERT_TRUE(RunUntil(io, [&] { return finished == kRequests; }));
  EXPECT_EQ(cancelled, kRequests);
  io.run();  // nothing of the multi is left behind in the io_context
}

// libcurl reads the proxy from the environment; nothing in HttpClient may switch that off.
TEST_F(HttpClientTest, HonoursHttpProxyFromTheEnvironment) {
  ::setenv("http_proxy", server_.Url("").c_str(), 1);
  auto r = Send({.url = "http://shop.example.invalid/orders"});
  ::unsetenv("http_proxy");

  ASSERT_TRUE(r) << r.error().message;
  ASSERT_EQ(server_.RequestCount(), 1u);
  EXPECT_EQ(server_.Requests()[0].target, "http://shop.example.invalid/orders");
}

TEST(RedactUrlTest, KeepsSchemeAndHostOnly) {
  EXPECT_EQ(RedactUrl("POST https://hooks.slack.com/services/T1/B2/XYZ: Connection refused",
                      "https://hooks.slack.com/services/T1/B2/XYZ"),
            "POST https://hooks.slack.com/…: Connection refused");
  EXPECT_EQ(RedactUrl("nothing to hide", "https://a.example/x"), "nothing to hide");
  EXPECT_EQ(RedactUrl("a http://h:1/p b http://h:1/p", "http://h:1/p"),
            "a http://h:1/… b http://h:1/…");
}

}  // namespace
}  // namespace sellerwatch::net
