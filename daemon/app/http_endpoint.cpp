#include "app/http_endpoint.hpp"

#include <boost/url/parse.hpp>
#include <charconv>

#include "app/account_page.hpp"
#include "app/overview_page.hpp"
#include "app/page_html.hpp"
#include "app/prometheus_exposition.hpp"
#include "net/token_authorization.hpp"

namespace sellerwatch::app {
namespace {

using net::HttpServerResponse;

enum class Path { kHealthz, kReadyz, kMetrics, kStatus, kOverview, kAccount };

std::optional<Path> Lookup(const boost::urls::url_view& url) {
  std::string_view path = url.encoded_path();
  if (path == "/healthz") return Path::kHealthz;
  if (path == "/readyz") return Path::kReadyz;
  if (path == "/metrics") return Path::kMetrics;
  if (path == "/api/v1/status") return Path::kStatus;
  if (path == "/") return Path::kOverview;
  auto segments = url.segments();
  if (segments.size() == 2 && *segments.begin() == "accounts" &&
      !(*std::next(segments.begin())).empty()) {
    return Path::kAccount;
  }
  return std::nullopt;
}

HttpServerResponse PageResponse(int status, std::string body) {
  HttpServerResponse r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = "text/html; charset=utf-8";
  r.headers = PageHeaders();
  return r;
}

std::string Param(const boost::urls::url_view& url, std::string_view key) {
  auto it = url.params().find(key);
  return it == url.params().end() ? std::string() : std::string((*it).value);
}

HttpServerResponse Overview(const EndpointData& data, const boost::urls::url_view& url) {
  auto self = data.snapshot();
  auto report = data.status("");
  if (!report) return HttpServerResponse::Text(503, report.error().message + "\n");
  OverviewQuery query{Param(url, "marketplace"), Param(url, "label"), Param(url, "status"),
                      Param(url, "q")};
  const std::string page = Param(url, "page");
  std::size_t n = 0;
  auto [end, ec] = std::from_chars(page.data(), page.data() + page.size(), n);
  if (ec == std::errc() && end == page.data() + page.size()) query.page = n;  // else the first
  return PageResponse(200, OverviewPage(SummarizeWorstFirst(*report, self.sources), query,
                                        report->generated_at, report->language));
}

HttpServerResponse Account(const EndpointData& data, const boost::urls::url_view& url) {
  const std::string id = *std::next(url.segments().begin());  // percent-decoded
  auto report = data.status(id);
  if (!report) {
    if (report.error().kind != core::ErrorKind::kData) {
      return HttpServerResponse::Text(503, report.error().message + "\n");
    }
    const i18n::Translator tr = data.language ? data.language() : i18n::Translator();
    const std::string title = tr.Tr("No such account");
    return PageResponse(
        404, HtmlPage(title,
                      "<h1>" + Html(title) + "</h1><p>" + Html(report.error().message) +
                          "</p><p><a href=\"/\">" + Html(tr.Tr("All accounts")) + "</a></p>",
                      data.snapshot().now, tr));
  }
  auto history = data.account_history(id);
  if (!history) return HttpServerResponse::Text(503, history.error().message + "\n");
  auto silences = data.silences();
  if (!silences) return HttpServerResponse::Text(503, silences.error().message + "\n");
  const core::Timestamp now = report->generated_at;
  const AccountStatus& status = report->accounts.front();
  const AccountSummary summary = Summarize(status, data.snapshot().sources, now, report->language);
  const digest::AccountDigest month =
      digest::BuildAccount(*history, now, kAccountPageSpan, report->language);
  AccountPageInput input{summary, status, month, {}, report->language};
  for (auto& s : *silences) {
    if (s.starts_at <= now && SilenceConcerns(s, summary)) input.silences.push_back(std::move(s));
  }
  return PageResponse(200, AccountPage(input, now));
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
  auto report = data.status(Param(url, "account"));
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
  auto path = Lookup(*url);
  if (!path) {
    return HttpServerResponse::Text(
        404, "not found: try /, /accounts/ID, /healthz, /readyz, /metrics, /api/v1/status\n");
  }
  if (!token.empty() && *path != Path::kHealthz &&
      !net::TokenAuthorizes(request.Header("authorization"), token.Reveal())) {
    // A browser prompts on the Basic challenge; scripts send the Bearer header unasked.
    auto r = HttpServerResponse::Text(
        401,
        "sign in: any user name and daemon.listen_token as password, or send "
        "\"Authorization: Bearer <listen_token>\"\n");
    r.headers.emplace_back("WWW-Authenticate", "Basic realm=\"sellerwatch\", charset=\"UTF-8\"");
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
    case Path::kOverview:
      return Overview(data, *url);
    case Path::kAccount:
      return Account(data, *url);
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
            daemon.listen_token.empty() ? "" : " (listen_token required)");
  return server;
}

}  // namespace sellerwatch::app
