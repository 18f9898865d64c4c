#pragma once

// The daemon's HTTP endpoint (DESIGN.md §1.7): the status page (/ and /accounts/ID), /healthz,
// /readyz, /metrics, /api/v1/status on `daemon.listen`, behind an optional token
// (`daemon.listen_token`: Bearer, or HTTP Basic with the token as password).

#include <spdlog/logger.h>

#include <functional>
#include <memory>
#include <string>

#include "app/runtime_snapshot.hpp"
#include "app/status_report.hpp"
#include "config/config.hpp"
#include "core/error.hpp"
#include "core/silence.hpp"
#include "digest/digest_model.hpp"
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
  // One account's last weeks for its page: metric history, alert history, feedback, sources.
  std::function<core::Result<digest::AccountInput>(const std::string& account)> account_history =
      {};
  std::function<core::Result<std::vector<core::Silence>>()> silences = {};  // unexpired ones
  std::function<i18n::Translator()> language = {};  // daemon.language; English when unset
};

// Answers one request. With a non-empty `token`, every path but /healthz requires it, as
// "Authorization: Bearer <token>" or HTTP Basic with it as password (401 with both challenges
// otherwise, so a browser prompts).
net::HttpServerResponse RouteRequest(const net::HttpServerRequest& request,
                                     const EndpointData& data, const config::Secret& token);

// Listens on `daemon.listen` and logs the bound address ("http endpoint listening on
// 127.0.0.1:9187"); nullptr when `listen` is empty. Fails naming the address when it cannot.
core::Result<std::unique_ptr<net::HttpServer>> StartHttpEndpoint(
    boost::asio::io_context& io, const config::DaemonConfig& daemon, EndpointData data,
    std::shared_ptr<spdlog::logger> log);

}  // namespace sellerwatch::app
