#pragma once

// A small HTTP/1.1 server on the daemon's io_context (Boost.Beast, kept out of this header):
// /healthz, /metrics and friends. It serves GET-style requests from a plain handler; every
// connection is bounded in size and time, so a slow, stalled or hostile client holds one
// connection slot for at most a timeout and never blocks the loop.

#include <spdlog/logger.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace boost::asio {
class io_context;
}

namespace sellerwatch::net {

struct HttpServerRequest {
  std::string method;                                        // "GET", "HEAD", ... as sent
  std::string target;                                        // origin form: "/metrics?x=1"
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased

  // First header of that name (case-insensitive).
  std::optional<std::string_view> Header(std::string_view name) const;
};

struct HttpServerResponse {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones (Allow, ...)

  // A short text answer: "404 Not Found" style errors and "ok".
  static HttpServerResponse Text(int status, std::string body) {
    HttpServerResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
};

struct HttpServerLimits {
  std::size_t max_header_bytes = 8 * 1024;  // request line + headers; more: 431
  std::size_t max_body_bytes = 8 * 1024;    // request body; more: 413
  std::size_t max_connections = 64;         // more are answered 503 and closed
  // A kept-alive connection may sit idle this long between requests.
  std::chrono::milliseconds idle_timeout = std::chrono::seconds(60);
  // A request must arrive whole this long after its first byte (slowloris bound).
  std::chrono::milliseconds read_timeout = std::chrono::seconds(10);
  // The client must take the response within this long.
  std::chrono::milliseconds write_timeout = std::chrono::seconds(30);
};

// Runs on the io_context's one thread; the handler is called there too, once per request, and
// must not block. A HEAD request gets the handler's headers without the body. A handler that
// throws answers 500. Malformed requests are answered 400 (431, 413 for oversized ones) and the
// connection is closed.
class HttpServer {
 public:
  using Handler = std::function<HttpServerResponse(const HttpServerRequest&)>;

  // Binds and listens on "host:port" ("127.0.0.1:9187", "[::1]:0", "localhost:9187"; port 0
  // lets the kernel choose) and starts accepting. Fails naming the address when it cannot
  // (in use, no such address, permission).
  static core::Result<std::unique_ptr<HttpServer>> Listen(boost::asio::io_context& io,
                                                          std::string_view host_port,
                                                          Handler handler, HttpServerLimits limits,
                                                          std::shared_ptr<spdlog::logger> log);
  ~HttpServer();  // Stop()s
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const;
  // The bound address: "127.0.0.1:40123", "[::1]:9187".
  std::string address() const;
  // Connections open now (tests).
  std::size_t connections() const;

  // Stops accepting, closes idle connections at once and the others after their response is
  // written. Pending work finishes on the io_context; then it has nothing left of this server.
  void Stop();

 private:
  struct Impl;
  explicit HttpServer(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;
};

}  // namespace sellerwatch::net
