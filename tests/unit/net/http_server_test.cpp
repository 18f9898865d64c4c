// The HTTP server with real sockets on 127.0.0.1 (port 0): answers, keep-alive, HEAD, limits,
// malformed input, timeouts, the connection cap and Stop(). Clients are blocking sockets on the
// test's thread; the server runs on an io thread of its own.

#include "net/http_server.hpp"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <stdexcept>

#include "fakes/io_thread.hpp"
#include "fakes/raw_http_client.hpp"

namespace sellerwatch::net {
namespace {

using namespace std::chrono_literals;
using testing::IoThread;
using testing::RawHttpClient;

std::shared_ptr<spdlog::logger> QuietLog() { return std::make_shared<spdlog::logger>("test"); }

// Echoes what it received: "METHOD TARGET x-probe=<header>".
HttpServerResponse Echo(const HttpServerRequest& r) {
  auto probe = r.Header("X-Probe");
  return HttpServerResponse::Text(
      200, r.method + " " + r.target + " x-probe=" + std::string(probe.value_or("-")));
}

class HttpServerTest : public ::testing::Test {
 protected:
  ~HttpServerTest() override { StopAndDestroy(); }

  void Start(HttpServerLimits limits = {}, HttpServer::Handler handler = Echo) {
    auto made = loop_.Call([&] {
      return HttpServer::Listen(loop_.io(), "127.0.0.1:0", std::move(handler), limits, QuietLog());
    });
    ASSERT_TRUE(made) << made.error().message;
    server_ = std::move(*made);
    port_ = server_->port();
  }

  void StopAndDestroy() {
    loop_.Call([&] { server_.reset(); });
  }

  std::size_t Connections() {
    return loop_.Call([&] { return server_->connections(); });
  }

  IoThread loop_;
  std::unique_ptr<HttpServer> server_;
  std::uint16_t port_ = 0;
};

TEST_F(HttpServerTest, ListensOnAPortTheKernelChoseAndAnswersFromTheHandler) {
  Start();
  ASSERT_NE(port_, 0);
  EXPECT_EQ(server_->address(), "127.0.0.1:" + std::to_string(port_));
  RawHttpClient c(port_);
  ASSERT_TRUE(c.Send(RawHttpClient::Request("GET", "/x?y=1", {"X-Probe: hi"})));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "GET /x?y=1 x-probe=hi");
  EXPECT_EQ(r->Header("content-type"), "text/plain; charset=utf-8");
  EXPECT_EQ(r->Header("content-length"), std::to_string(r->body.size()));
}

TEST_F(HttpServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  Start();
  RawHttpClient c(port_);
  ASSERT_TRUE(c.Send(RawHttpClient::Request("GET", "/one")));
  auto first = c.Read();
  ASSERT_TRUE(c.Send(RawHttpClient::Request("GET", "/two")));
  auto second = c.Read();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->body, "GET /one x-probe=-");
  EXPECT_EQ(second->body, "GET /two x-probe=-");
  EXPECT_EQ(Connections(), 1u);
}

TEST_F(HttpServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Start();
  RawHttpClient c(port_);
  ASSERT_TRUE(c.Send(RawHttpClient::Request("GET", "/a") + RawHttpClient::Request("GET", "/b")));
  auto a = c.Read();
  auto b = c.Read();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->body, "GET /a x-probe=-");
  EXPECT_EQ(b->body, "GET /b x-probe=-");
}

TEST_F(HttpServerTest, ConnectionCloseAndHttp10CloseAfterTheAnswer) {
  Start();
  {
    RawHttpClient c(port_);
    ASSERT_TRUE(c.Send(RawHttpClient::Request("GET", "/", {"Connection: close"})));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->Header("connection"), "close");
    EXPECT_TRUE(c.WaitClosed());
  }
  RawHttpClient c(port_);
  ASSERT_TRUE(c.Send("GET / HTTP/1.0\r\n\r\n"));
  ASSERT_TRUE(c.Read());
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(HttpServerTest, HeadGetsTheHeadersOfGetWithoutABody) {
  Start();
  RawHttpClient c(port_);
  ASSERT_TRUE(c.Send(RawHttpClient::Request("HEAD", "/x")));
  auto r = c.Read(/*head=*/true);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->Header("content-length"), std::to_string(std::string("HEAD /x x-probe=-").size()));
  // No body bytes on the wire: the next answer follows the headers directly.
  ASSERT_TRUE(c.Send(RawHttpClient::Request("GET", "/next")));
  auto next = c.Read();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->body, "GET /next x-probe=-");
}

TEST_F(HttpServerTest, TheHandlersStatusAndHeadersReachTheClient) {
  Start({}, [](const HttpServerRequest&) {
    auto r = HttpServerResponse::Text(405, "no");
    r.headers.emplace_back("Allow", "GET, HEAD");
    r.content_type = "application/json";
    return r;
  });
  RawHttpClient c(port_);
  ASSERT_TRUE(c.Send(RawHttpClient::Request("DELETE", "/")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 405);
  EXPECT_EQ(r->Header("allow"), "GET, HEAD");
  EXPECT_EQ(r->Header("content-type"), "application/json");
}

TEST_F(HttpServerTest, AHandlerThatThrowsAnswers500AndTheServerGoesOn) {
  Start({}, [](const HttpServerRequest& r) -> HttpServerResponse {
    if (r.target == "/boom") throw std::runtime_error("boom");
    return HttpServerResponse::Text(200, "fine");
  });
  RawHttpClient c(port_);
  ASSERT_TRUE(c.Send(RawHttpClient::Request("GET", "/boom")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  ASSERT_TRUE(c.Send(RawHttpClient::Request("GET", "/ok")));
  auto ok = c.Read();
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->body, "fine");
}

TEST_F(HttpServerTest, MalformedRequestsGet400AndTheConnectionIsClosed) {
  Start();
  for (std::string bad :
       {"NOT HTTP AT ALL\r\n\r\n", "GET /\r\n\r\n", "GET / HTTP/1.1\r\nBad Header Line\r\n\r\n",
        "G\x01T / HTTP/1.1\r\n\r\n", "GET / HTTP/1.1\r\nContent-Length: nope\r\n\r\n"}) {
    SCOPED_TRACE(bad);
    RawHttpClient c(port_);
    ASSERT_TRUE(c.Send(bad));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 400);
    EXPECT_TRUE(c.WaitClosed());
  }
  RawHttpClient after(port_);  // and the server still serves
  ASSERT_TRUE(after.Send(RawHttpClient::Request("GET", "/")));
  auto r = after.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(HttpServerTest, OversizedHeadersGet431AndOversizedBodies413) {
  HttpServerLimits limits;
  limits.max_header_bytes = 1024;
  limits.max_body_bytes = 100;
  Start(limits);
  {
    RawHttpClient c(port_);
    ASSERT_TRUE(c.Send(RawHttpClient::Request("GET", "/", {"X-Big: " + std::string(2000, 'a')})));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 431);
    EXPECT_TRUE(c.WaitClosed());
  }
  {
    RawHttpClient c(port_);
    ASSERT_TRUE(c.Send(RawHttpClient::Request("GET", "/" + std::string(2000, 'p'))));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 431);  // the request line counts too
  }
  {
    RawHttpClient c(port_);
    ASSERT_TRUE(c.Send(RawHttpClient::Request("POST", "/", {"Content-Length: 101"}) +
                       std::string(101, 'b')));
    auto r = c.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 413);
  }
  RawHttpClient c(port_);  // a body within the limit is read past and the request answered
  ASSERT_TRUE(c.Send(RawHttpClient::Request("POST", "/p", {"Content-Length: 100"}) +
                     std::string(100, 'b')));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "POST /p x-probe=-");
}

TEST_F(HttpServerTest, AStalledClientDoesNotBlockAnother) {
  Start();
  RawHttpClient stalled(port_);
  ASSERT_TRUE(stalled.Send("GET /slow HTTP/1.1\r\nHost: x\r\nX-Pro"));  // and nothing more
  RawHttpClient silent(port_);                                          // sends nothing at all
  RawHttpClient c(port_);
  ASSERT_TRUE(c.Send(RawHttpClient::Request("GET", "/fast")));
  auto r = c.Read();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "GET /fast x-probe=-");
}

TEST_F(HttpServerTest, ASlowRequestIsCutOffAtTheReadTimeout) {
  HttpServerLimits limits;
  limits.read_timeout = 200ms;
  Start(limits);
  RawHttpClient c(port_);
  ASSERT_TRUE(c.Send("GET / HTTP/1.1\r\nHost: x\r\n"));  // the request never ends
  EXPECT_TRUE(c.WaitClosed());
}

TEST_F(HttpServerTest, AnIdleConnectionIsClosedAtTheIdleTimeout) {
  HttpServerLimits limits;
  limits.idle_timeout = 200ms;
  Start(limits);
  RawHttpClient c(port_);
  ASSERT_TRUE(c.Send(RawHttpClient::Request("GET", "/")));
  ASSERT_TRUE(c.Read());
  EXPECT_TRUE(c.WaitClosed());  // kept alive, then idle too long
}

TEST_F(HttpServerTest, ConnectionsPastTheCapGet503UntilOneCloses) {
  HttpServerLimits limits;
  limits.max_connections = 2;
  Start(limits);
  auto first = std::make_unique<RawHttpClient>(port_);
  RawHttpClient second(port_);
  // Both are accepted once each has been answered once.
  for (RawHttpClient* c : {first.get(), &second}) {
    ASSERT_TRUE(c->Send(RawHttpClient::Request("GET", "/")));
    ASSERT_TRUE(c->Read());
  }
  {
    RawHttpClient third(port_);
    auto r = third.Read();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
    EXPECT_TRUE(third.WaitClosed());
  }
  first.reset();
  // The slot frees once the server has seen the close; a new client is served then.
  std::optional<testing::RawResponse> served;
  for (int attempt = 0; attempt < 1000 && !(served && served->status == 200); ++attempt) {
    RawHttpClient again(port_);
    if (again.Send(RawHttpClient::Request("GET", "/"))) served = again.Read();
  }
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
}

TEST_F(HttpServerTest, StopClosesIdleConnectionsAndRefusesNewOnes) {
  Start();
  RawHttpClient idle(port_);
  ASSERT_TRUE(idle.Send(RawHttpClient::Request("GET", "/")));
  ASSERT_TRUE(idle.Read());
  loop_.Call([&] { server_->Stop(); });
  EXPECT_TRUE(idle.WaitClosed());
  RawHttpClient late(port_);
  EXPECT_FALSE(late.connected());
}

TEST(HttpServerListen, AnAddressInUseIsAnErrorNamingIt) {
  IoThread loop;
  boost::asio::ip::tcp::acceptor taken(loop.io(), {boost::asio::ip::make_address("127.0.0.1"), 0});
  const std::string address = "127.0.0.1:" + std::to_string(taken.local_endpoint().port());
  auto made =
      loop.Call([&] { return HttpServer::Listen(loop.io(), address, Echo, {}, QuietLog()); });
  ASSERT_FALSE(made);
  EXPECT_NE(made.error().message.find("cannot listen on " + address), std::string::npos)
      << made.error().message;
  EXPECT_NE(made.error().message.find("in use"), std::string::npos) << made.error().message;
}

TEST(HttpServerListen, BadAddressesAreErrors) {
  IoThread loop;
  for (const char* bad : {"nonsense", "127.0.0.1:99999", "[::1:80", "127.0.0.1:"}) {
    auto made = loop.Call([&] { return HttpServer::Listen(loop.io(), bad, Echo, {}, QuietLog()); });
    EXPECT_FALSE(made) << bad;
  }
}

}  // namespace
}  // namespace sellerwatch::net
