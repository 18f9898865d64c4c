// The daemon's HTTP endpoint (/healthz, /readyz, /metrics, /api/v1/status) on raw bytes from a
// client: Beast's request parser with the server's limits, then the same conversion, routing
// (bearer token, methods, the status query) and response rendering as HttpServer, for each
// request of a kept-alive connection. Each response must serialize and parse back as HTTP.

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "app/http_endpoint.hpp"
#include "fuzz_support.hpp"
#include "net/http_server_messages.hpp"

using namespace sellerwatch;
namespace http = boost::beast::http;

namespace {

const core::Timestamp kNow = core::FromUnixMillis(1763915250174);

// The routes' data as in the endpoint's unit test: one account, one source; "broken" makes the
// store fail.
struct Fixture {
  config::AccountConfig account;
  app::RuntimeSnapshot self;
  app::EndpointData data;
  config::Secret token{"fuzz-t0ken"};

  Fixture() {
    account.id = "shop-a";
    account.marketplace = "amazon";
    self.version = "9.9.9";
    self.now = kNow;
    self.sources = {{"shop-a/sim", "shop-a", "sim", 3, 0, kNow, false}};
    self.outbox = store::OutboxCounts{};
    data.snapshot = [this] { return self; };
    data.status = [this](const std::string& only) -> core::Result<app::StatusReport> {
      if (only == "broken") return core::Error::Permanent("store: disk I/O error");
      if (!only.empty() && only != "shop-a") return core::Error::Data("no account '" + only + "'");
      app::StatusReport r{kNow, std::nullopt, {}};
      r.accounts.push_back({&account, {}, {}, {}});
      return r;
    };
    data.account_history = [](const std::string& id) -> core::Result<digest::AccountInput> {
      digest::AccountInput a;
      a.id = id;
      a.marketplace = "amazon";
      return a;
    };
    data.silences = []() -> core::Result<std::vector<core::Silence>> {
      return std::vector<core::Silence>{};
    };
  }
};

const Fixture& Data() {
  static const Fixture f;
  return f;
}

std::string Serialize(net::BeastResponse& res) {
  std::ostringstream out;
  out << res;
  return out.str();
}

// The bytes a client receives must be one well-formed response with the status we chose.
void CheckWire(const std::string& wire, unsigned status, bool head) {
  http::response_parser<http::string_body> parser;
  parser.eager(true);
  parser.skip(head);
  boost::system::error_code ec;
  parser.put(boost::asio::buffer(wire), ec);
  if (ec == http::error::need_more) parser.put_eof(ec);
  fuzz::Require(!ec && parser.is_done(), "a response that does not parse back", wire);
  fuzz::Require(parser.get().result_int() == status, "a response with another status", wire);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest = fuzz::AsText(data, size);
  const net::HttpServerLimits limits;
  // A connection carries requests until one is not kept alive (a few suffice).
  for (int i = 0; i < 4 && !rest.empty(); ++i) {
    net::RequestParser parser;
    net::ApplyLimits(parser, limits);
    parser.eager(true);
    // As Beast's read does: put() takes one part at a time (the header, a chunk, ...).
    boost::system::error_code ec;
    while (!parser.is_done()) {
      std::size_t used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
      rest.remove_prefix(used);
      // Everything the client sent is here: needing more means the request ended early.
      if (ec == http::error::need_more || (!ec && used == 0)) {
        ec = {};
        parser.put_eof(ec);
        break;
      }
      if (ec) break;
    }
    if (ec) {
      auto status = net::StatusForReadError(ec);
      if (!status) return 0;
      auto res = net::ReadErrorResponse(*status);
      CheckWire(Serialize(res), static_cast<unsigned>(*status), false);
      return 0;
    }
    fuzz::Require(parser.is_done(), "a request that is neither done nor an error");
    const net::BeastRequest& req = parser.get();
    net::HttpServerRequest request = net::ToServerRequest(req);
    const Fixture& f = Data();
    // Once with the token required, once without (open endpoint).
    net::HttpServerResponse open = app::RouteRequest(request, f.data, config::Secret());
    net::HttpServerResponse answer = app::RouteRequest(request, f.data, f.token);
    if (answer.status == 200 && answer.content_type == "application/json") {
      fuzz::RequireJson(answer.body, "/api/v1/status is not JSON");
    }
    if (answer.content_type.starts_with("text/html")) {  // the status page: whatever the URL said
      fuzz::Require(fuzz::IsValidUtf8(answer.body), "a page that is not UTF-8", answer.body);
      fuzz::Require(answer.body.find("<script") == std::string::npos, "a page with a script",
                    answer.body);
    }
    (void)open;
    const bool head = req.method() == http::verb::head;
    const int status = answer.status;
    auto res = net::ToBeastResponse(std::move(answer), req.version(), req.keep_alive(), head);
    CheckWire(Serialize(res), static_cast<unsigned>(status), head);
    if (!req.keep_alive()) return 0;
  }
  return 0;
}
