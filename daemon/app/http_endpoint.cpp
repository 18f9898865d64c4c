#include "app/http_endpoint.hpp"

#include <boost/url/parse.hpp>

#include "app/prometheus_exposition.hpp"
#include "net/bearer_token.hpp"

namespace sellerwatch::app {
namespace {

using net::HttpServerResponse;

enum class Path { kHealthz, kReadyz, kMetrics, kStatus };

std::optional<Path> Lookup(std::string_view path) {
  if (path == "/healthz") return Path::kHealthz;
  if (path == "/readyz") return Path::kReadyz;
  if (path == "/metrics") return Path::kMetrics;
  if (path == "/api/v1/status") return Path::kStatus;
  return std::nullopt;
}

HttpServerResponse Ready(const EndpointData& data) {
  auto reasons = NotReadyReasons(data.snapshot());
  if (reasons.empty()) return HttpServerResponse::Text(200, "ready\n");
  std::string body = "not ready:\n";
  for (const auto& r : reasons) body += "  " + r + "\n";
  return HttpServerResponse::Text(503, std::move(body));
}

HttpServerResponse Metrics(const EndpointData& data) {
  auto self = data.snapshot();
  auto report = data.status("");
  if (!report && !self.store_error) self.store_error = report.error().message;
  HttpServerResponse r;
  // Without the accounts' figures sellerwatch's own are still worth a scrape (ready is 0).
  r.body = PrometheusExposition(self, report ? *report : StatusReport{self.now, {}, {}});
  r.content_type = std::string(kPrometheusContentType);
  return r;
}

HttpServerResponse Status(const EndpointData& data, const boost::urls::url_view& url) {
  std::string account;
  if (auto it = url.params().find("account"); it != url.params().end()) account = (*it).value;
  auto report = data.status(account);
  if (!report) {
    bool unknown = report.error().kind == core::ErrorKind::kData;
    return HttpServerResponse::Text(unknown ? 404 : 503, report.error().message + "\n");
  }
  HttpServerResponse r;
  r.body = StatusJson(*report) + "\n";
  r.content_type = "application/json";
  return r;
}

}  // namespace

HttpServerResponse RouteRequest(const net::HttpServerRequest& request, const EndpointData& data,
                                const config::Secret& token) {
  auto url = boost::urls::parse_origin_form(request.target);
  if (!url) return HttpServerResponse::Text(400, "malformed request target\n");
  auto path = Lookup(url->encoded_path());
  if (!path) {
    return HttpServerResponse::Text(404,
                                    "not found: try /healthz, /readyz, /metrics, /api/v1/status\n");
  }
  if (!token.empty() && *path != Path::kHealthz &&
      !net::BearerTokenMatches(request.Header("authorization"), token.Reveal())) {
    auto r = HttpServerResponse::Text(401, "a bearer token is required (daemon.listen_token)\n");
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"sellerwatch\"");
    return r;
  }
  if (request.method != "GET" && request.method != "HEAD") {
    auto r = HttpServerResponse::Text(405, "only GET and HEAD\n");
    r.headers.emplace_back("Allow", "GET, HEAD");
    return r;
  }
  switch (*path) {
    case Path::kHealthz:
      return HttpServerResponse::Text(200, "ok\n");  // answered at all: the loop is alive
    case Path::kReadyz:
      return Ready(data);
    case Path::kMetrics:
      return Metrics(data);
    case Path::kStatus:
      return Status(data, *url);
  }
  return HttpServerResponse::Text(404, "not found\n");
}

core::Result<std::unique_ptr<net::HttpServer>> StartHttpEndpoint(
    boost::asio::io_context& io, const config::DaemonConfig& daemon, EndpointData data,
    std::shared_ptr<spdlog::logger> log) {
  if (daemon.listen.empty()) return std::unique_ptr<net::HttpServer>();
  auto handler = [data = std::move(data),
                  token = daemon.listen_token](const net::HttpServerRequest& request) {
    return RouteRequest(request, data, token);
  };
  auto server = net::HttpServer::Listen(io, daemon.listen, std::move(handler), {}, log);
  if (!server) return server.error().Context("http endpoint");
  log->info("http endpoint listening on {}{}", (*server)->address(),
            daemon.listen_token.empty() ? "" : " (bearer token required)");
  return server;
}

}  // namespace sellerwatch::app
