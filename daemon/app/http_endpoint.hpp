#pragma once

// The daemon's HTTP endpoint (DESIGN.md §1.7): /healthz, /readyz, /metrics, /api/v1/status on
// `daemon.listen`, behind an optional bearer token (`daemon.listen_token`).

#include <spdlog/logger.h>

#include <functional>
#include <memory>
#include <string>

#include "app/runtime_snapshot.hpp"
#include "app/status_report.hpp"
#include "config/config.hpp"
#include "core/error.hpp"
#include "net/http_server.hpp"

namespace boost::asio {
class io_context;
}

namespace sellerwatch::app {

// Where the routes read from, at request time, on the io thread.
struct EndpointData {
  std::function<RuntimeSnapshot()> snapshot;
  // Every account (empty id) or one; a kData error when there is no such account.
  std::function<core::Result<StatusReport>(const std::string& only_account)> status;
};

// Answers one request. With a non-empty `token`, every path but /healthz requires
// "Authorization: Bearer <token>" (401 otherwise).
net::HttpServerResponse RouteRequest(const net::HttpServerRequest& request,
                                     const EndpointData& data, const config::Secret& token);

// Listens on `daemon.listen` and logs the bound address ("http endpoint listening on
// 127.0.0.1:9187"); nullptr when `listen` is empty. Fails naming the address when it cannot.
core::Result<std::unique_ptr<net::HttpServer>> StartHttpEndpoint(
    boost::asio::io_context& io, const config::DaemonConfig& daemon, EndpointData data,
    std::shared_ptr<spdlog::logger> log);

}  // namespace sellerwatch::app
