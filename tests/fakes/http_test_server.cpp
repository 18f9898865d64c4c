#include "fakes/http_test_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cstdio>
#include <exception>

namespace sellerwatch::testing {
namespace {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::ip::tcp;
constexpr auto kNoThrow = asio::as_tuple(asio::use_awaitable);

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Failures inside the fake are reported, not swallowed: a broken fake explains a failed test.
void Report(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    std::fprintf(stderr, "HttpTestServer: %s\n", ex.what());
  }
}

}  // namespace

std::optional<std::string> RecordedRequest::Header(std::string_view name) const {
  const std::string key = Lower(name);
  for (const auto& [k, v] : headers) {
    if (k == key) return v;
  }
  return std::nullopt;
}

struct HttpTestServer::Impl {
  static asio::awaitable<void> Accept(HttpTestServer* server, tcp::acceptor& acceptor) {
    for (;;) {
      auto [ec, socket] = co_await acceptor.async_accept(kNoThrow);
      if (ec == asio::error::operation_aborted) co_return;
      if (ec) continue;
      server->CountConnection();
      asio::co_spawn(acceptor.get_executor(), Session(server, std::move(socket)), Report);
    }
  }

  static asio::awaitable<void> Session(HttpTestServer* server, tcp::socket socket) {
    boost::beast::flat_buffer buffer;
    for (;;) {
      http::request_parser<http::string_body> parser;
      parser.body_limit(std::uint64_t{256} << 20);
      auto [read_ec, read_n] = co_await http::async_read(socket, buffer, parser, kNoThrow);
      if (read_ec) co_return;  // the client closed or sent garbage
      const auto& req = parser.get();

      RecordedRequest recorded;
      recorded.method = std::string(req.method_string());
      recorded.target = std::string(req.target());
      for (const auto& field : req) {
        recorded.headers.emplace_back(Lower(field.name_string()), std::string(field.value()));
      }
      recorded.body = req.body();
      const bool keep_alive = req.keep_alive();
      const unsigned version = req.version();

      ScriptedResponse answer = server->Answer(std::move(recorded));
      auto executor = co_await asio::this_coro::executor;
      if (answer.hang) {
        asio::steady_timer forever(executor, std::chrono::steady_clock::time_point::max());
        co_await forever.async_wait(kNoThrow);
        co_return;
      }
      if (answer.delay.count() > 0) {
        asio::steady_timer later(executor, answer.delay);
        co_await later.async_wait(kNoThrow);
      }
      if (answer.raw) {
        co_await asio::async_write(socket, asio::buffer(*answer.raw), kNoThrow);
        boost::system::error_code ignored;
        socket.shutdown(tcp::socket::shutdown_both, ignored);
        co_return;
      }

      http::response<http::string_body> res;
      res.version(version);
      res.result(static_cast<unsigned>(answer.status));
      bool has_length = false;
      for (const auto& [name, value] : answer.headers) {
        res.insert(name, value);
        has_length = has_length || Lower(name) == "content-length";
      }
      res.body() = std::move(answer.body);
      if (!has_length) res.prepare_payload();
      res.keep_alive(keep_alive);
      auto [write_ec, write_n] = co_await http::async_write(socket, res, kNoThrow);
      if (write_ec || !keep_alive) co_return;
    }
  }

  asio::io_context io{1};
  tcp::acceptor acceptor{io};
};

HttpTestServer::HttpTestServer() : impl_(std::make_unique<Impl>()) {
  const tcp::endpoint endpoint(asio::ip::make_address("127.0.0.1"), 0);
  impl_->acceptor.open(endpoint.protocol());
  impl_->acceptor.bind(endpoint);
  impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  port_ = impl_->acceptor.local_endpoint().port();
  asio::co_spawn(impl_->io, Impl::Accept(this, impl_->acceptor), Report);
  thread_ = std::thread([this] { impl_->io.run(); });
}

HttpTestServer::~HttpTestServer() {
  impl_->io.stop();
  thread_.join();
  impl_.reset();  // destroys the suspended sessions, closing their sockets
}

std::string HttpTestServer::Url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(port_) + std::string(path);
}

void HttpTestServer::Enqueue(ScriptedResponse response) {
  std::lock_guard lock(mutex_);
  queue_.push_back(std::move(response));
}

void HttpTestServer::SetHandler(Handler handler) {
  std::lock_guard lock(mutex_);
  handler_ = std::move(handler);
}

std::vector<RecordedRequest> HttpTestServer::Requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

std::size_t HttpTestServer::RequestCount() const {
  std::lock_guard lock(mutex_);
  return requests_.size();
}

std::size_t HttpTestServer::ConnectionCount() const {
  std::lock_guard lock(mutex_);
  return connections_;
}

bool HttpTestServer::WaitForRequests(std::size_t n, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return arrived_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
}

void HttpTestServer::CountConnection() {
  std::lock_guard lock(mutex_);
  ++connections_;
}

ScriptedResponse HttpTestServer::Answer(RecordedRequest request) {
  Handler handler;
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(request);
    arrived_.notify_all();
    if (!queue_.empty()) {
      ScriptedResponse next = std::move(queue_.front());
      queue_.pop_front();
      return next;
    }
    handler = handler_;
  }
  // Outside the lock, so a handler may call back into the server.
  if (handler) return handler(request);
  return ScriptedResponse{};
}

}  // namespace sellerwatch::testing
