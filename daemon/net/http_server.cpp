#include "net/http_server.hpp"

#include <fmt/format.h>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <charconv>
#include <exception>
#include <list>

#include "net/http_server_messages.hpp"

namespace sellerwatch::net {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;
using boost::system::error_code;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string FormatEndpoint(const tcp::endpoint& e) {
  return e.address().is_v6() ? fmt::format("[{}]:{}", e.address().to_string(), e.port())
                             : fmt::format("{}:{}", e.address().to_string(), e.port());
}

// "host:port" → host (brackets of an IPv6 literal removed) and port; nullopt when malformed.
std::optional<std::pair<std::string, std::uint16_t>> SplitHostPort(std::string_view s) {
  auto colon = s.rfind(':');
  if (colon == std::string_view::npos || colon == 0) return std::nullopt;
  std::string_view host = s.substr(0, colon);
  std::string_view port = s.substr(colon + 1);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') return std::nullopt;
    host = host.substr(1, host.size() - 2);
  }
  unsigned n = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), n);
  if (port.empty() || ec != std::errc() || ptr != port.data() + port.size() || n > 65535) {
    return std::nullopt;
  }
  return std::pair{std::string(host), static_cast<std::uint16_t>(n)};
}

}  // namespace

std::optional<std::string_view> HttpServerRequest::Header(std::string_view name) const {
  const std::string key = Lower(name);
  for (const auto& [k, v] : headers) {
    if (k == key) return v;
  }
  return std::nullopt;
}

struct HttpServer::Impl : std::enable_shared_from_this<Impl> {
  struct Connection {
    beast::tcp_stream* stream;
    bool answering = false;  // between a whole request and the end of its response
  };

  Impl(asio::io_context& context, Handler h, HttpServerLimits l, std::shared_ptr<spdlog::logger> lg)
      : io(context), acceptor(context), handler(std::move(h)), limits(l), log(std::move(lg)) {}

  asio::io_context& io;
  tcp::acceptor acceptor;
  Handler handler;
  HttpServerLimits limits;
  std::shared_ptr<spdlog::logger> log;
  std::string address;
  std::uint16_t port = 0;
  bool stopping = false;
  std::list<Connection> connections;
  std::chrono::steady_clock::time_point last_refusal_log{};

  void Spawn(asio::awaitable<void> task) {
    asio::co_spawn(io, std::move(task), [log = log](std::exception_ptr e) {
      if (!e) return;
      try {
        std::rethrow_exception(e);
      } catch (const std::exception& ex) {
        log->error("http endpoint: {}", ex.what());
      }
    });
  }

  asio::awaitable<void> Accept(std::shared_ptr<Impl> self) {
    asio::steady_timer pause(io);
    while (!stopping) {
      auto [ec, socket] = co_await acceptor.async_accept(kNoThrow);
      if (stopping || ec == asio::error::operation_aborted) co_return;
      if (ec) {
        // Out of file descriptors and the like: try again shortly rather than spin.
        log->warn("http endpoint: accept: {}", ec.message());
        pause.expires_after(std::chrono::milliseconds(100));
        co_await pause.async_wait(kNoThrow);
        continue;
      }
      if (connections.size() >= limits.max_connections) {
        Refuse(socket);
        continue;
      }
      Spawn(Session(self, std::move(socket)));
    }
  }

  // Over the connection cap: a short 503 written without waiting, then closed.
  void Refuse(tcp::socket& socket) {
    static constexpr std::string_view kBusy =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
        "Content-Length: 21\r\nRetry-After: 1\r\nConnection: close\r\n\r\n"
        "too many connections\n";
    error_code ignored;
    socket.non_blocking(true, ignored);
    socket.write_some(asio::buffer(kBusy), ignored);
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
    auto now = std::chrono::steady_clock::now();
    if (now - last_refusal_log >= std::chrono::minutes(1)) {  // a flood must not flood the log
      last_refusal_log = now;
      log->warn("http endpoint: {} connections open (the limit): refusing more",
                connections.size());
    }
  }

  HttpServerResponse Answer(const http::request<http::string_body>& req) {
    HttpServerRequest request = ToServerRequest(req);
    try {
      return handler(request);
    } catch (const std::exception& e) {
      log->error("http endpoint: {} {}: {}", request.method, request.target, e.what());
      return HttpServerResponse::Text(500, "internal error\n");
    }
  }

  // Closes after an answer: our side first, then what the client still sends is read and
  // dropped for a moment. Closing with unread input would reset the connection, and a reset
  // can destroy the answer before the client has read it (a 400 or 413 above all).
  static asio::awaitable<void> Linger(beast::tcp_stream& stream) {
    error_code ec;
    stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream.expires_after(std::chrono::seconds(1));
    char sink[4096];
    for (std::size_t drained = 0; !ec && drained < 256 * 1024;) {
      auto [read_ec, n] = co_await stream.async_read_some(asio::buffer(sink), kNoThrow);
      ec = read_ec;
      drained += n;
    }
  }

  // `alive` keeps this Impl until the session ends, however the server is destroyed.
  asio::awaitable<void> Session(std::shared_ptr<Impl> /*alive*/, tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    auto me = connections.insert(connections.end(), Connection{&stream});
    struct Leave {
      std::list<Connection>& list;
      std::list<Connection>::iterator it;
      ~Leave() { list.erase(it); }
    } leave{connections, me};

    beast::flat_buffer buffer;
    while (!stopping) {
      if (buffer.size() == 0) {  // idle: wait for the next request to begin
        stream.expires_after(limits.idle_timeout);
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(1024), kNoThrow);
        if (ec) co_return;  // closed, idle too long, or stopped
        buffer.commit(n);
      }
      RequestParser parser;
      ApplyLimits(parser, limits);
      stream.expires_after(limits.read_timeout);
      auto [ec, n] = co_await http::async_read(stream, buffer, parser, kNoThrow);
      if (ec) {
        auto status = StatusForReadError(ec);
        if (!status || stopping) co_return;
        log->debug("http endpoint: {} to a malformed request: {}", *status, ec.message());
        me->answering = true;
        auto res = ReadErrorResponse(*status);
        stream.expires_after(limits.write_timeout);
        auto [write_ec, written] = co_await http::async_write(stream, res, kNoThrow);
        me->answering = false;
        if (!write_ec) co_await Linger(stream);
        co_return;
      }
      me->answering = true;
      const auto& req = parser.get();
      const bool keep_alive = req.keep_alive() && !stopping;
      auto res =
          ToBeastResponse(Answer(req), req.version(), keep_alive, req.method() == http::verb::head);
      stream.expires_after(limits.write_timeout);
      auto [write_ec, written] = co_await http::async_write(stream, res, kNoThrow);
      me->answering = false;
      if (write_ec) co_return;
      if (!keep_alive || stopping) {
        co_await Linger(stream);
        co_return;
      }
    }
  }

  void Stop() {
    if (stopping) return;
    stopping = true;
    error_code ignored;
    acceptor.close(ignored);
    for (auto& c : connections) {
      if (!c.answering) c.stream->cancel();  // the others close once their answer is out
    }
  }
};

HttpServer::HttpServer(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { Stop(); }

core::Result<std::unique_ptr<HttpServer>> HttpServer::Listen(asio::io_context& io,
                                                             std::string_view host_port,
                                                             Handler handler,
                                                             HttpServerLimits limits,
                                                             std::shared_ptr<spdlog::logger> log) {
  auto fail = [&](std::string_view why) {
    return core::Error::Config(fmt::format("cannot listen on {}: {}", host_port, why));
  };
  auto split = SplitHostPort(host_port);
  if (!split) return fail("expected host:port like 127.0.0.1:9187");
  error_code ec;
  tcp::resolver resolver(io);
  auto found = resolver.resolve(split->first, std::to_string(split->second),
                                tcp::resolver::passive | tcp::resolver::numeric_service, ec);
  if (ec) return fail(ec.message());
  if (found.empty()) return fail("the host name has no address");
  const tcp::endpoint endpoint = found.begin()->endpoint();

  auto impl = std::make_shared<Impl>(io, std::move(handler), limits, std::move(log));
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail(ec.message());
  const auto bound = impl->acceptor.local_endpoint(ec);
  if (ec) return fail(ec.message());
  impl->port = bound.port();
  impl->address = FormatEndpoint(bound);
  impl->Spawn(impl->Accept(impl));
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

std::uint16_t HttpServer::port() const { return impl_->port; }
std::string HttpServer::address() const { return impl_->address; }
std::size_t HttpServer::connections() const { return impl_->connections.size(); }
void HttpServer::Stop() { impl_->Stop(); }

}  // namespace sellerwatch::net
