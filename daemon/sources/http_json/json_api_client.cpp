#include "sources/http_json/json_api_client.hpp"

#include <algorithm>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "net/http_client.hpp"
#include "sources/http_json/url_template.hpp"
#include "sources/http_status_error.hpp"

namespace sellerwatch::sources::http_json {
namespace json = boost::json;
namespace asio = boost::asio;

namespace {

constexpr std::size_t kMinSecret = 6;  // shorter values ("json", "1") are not worth hiding

// The values of the url's query ("?key=TOKEN&since={since}"), placeholders excluded.
std::vector<std::string> QueryValues(const std::string& url) {
  std::vector<std::string> out;
  auto q = url.find('?');
  if (q == std::string::npos) return out;
  std::string_view query(url);
  query = query.substr(q + 1, query.find('#', q) == std::string_view::npos
                                  ? std::string_view::npos
                                  : query.find('#', q) - q - 1);
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    if (auto eq = pair.find('='); eq != std::string_view::npos) {
      std::string_view value = pair.substr(eq + 1);
      if (value.find('{') == std::string_view::npos) out.emplace_back(value);
    }
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
  }
  return out;
}

}  // namespace

std::string ApiErrorText(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  const json::object& o = v.get_object();
  auto text = [](const json::value* f) -> std::string {
    return f != nullptr && f->is_string() ? std::string(f->get_string()).substr(0, 200) : "";
  };
  for (const char* key : {"message", "error_description", "detail", "title"}) {
    if (auto t = text(o.if_contains(key)); !t.empty()) return t;
  }
  if (const json::value* e = o.if_contains("error")) {
    if (auto t = text(e); !t.empty()) return t;
    if (e->is_object()) return text(e->get_object().if_contains("message"));
  }
  return {};
}

JsonApiClient::JsonApiClient(net::HttpClient& http, const Settings& settings,
                             core::Duration timeout, std::string ca_file, bool tls_verify)
    : http_(http),
      // A call that hangs fails on its own a little before the Poller's poll timeout, so the
      // log names the page that hung.
      timeout_(timeout * 9 / 10),
      ca_file_(std::move(ca_file)),
      tls_verify_(tls_verify) {
  bool accept = false;
  for (const auto& [name, value] : settings.headers) {
    headers_.emplace_back(name, value.Reveal());
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    accept = accept || lower == "accept";
    secrets_.push_back(value.Reveal());
    // "Bearer TOKEN", "Basic B64": the credential alone may be echoed too.
    if (auto space = value.Reveal().rfind(' '); space != std::string::npos)
      secrets_.push_back(value.Reveal().substr(space + 1));
  }
  if (!accept) headers_.emplace_back("Accept", "application/json");
  for (auto& v : QueryValues(settings.url.Reveal())) secrets_.push_back(std::move(v));
  std::erase_if(secrets_, [](const std::string& s) { return s.size() < kMinSecret; });
  std::sort(secrets_.begin(), secrets_.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
}

std::string JsonApiClient::Scrub(std::string text) const {
  for (const auto& secret : secrets_) {
    constexpr std::string_view kMark = "<redacted>";
    for (auto pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + kMark.size())) {
      text.replace(pos, secret.size(), kMark);
    }
  }
  return text;
}

asio::awaitable<core::Result<std::string>> JsonApiClient::Get(std::string url,
                                                              core::Timestamp now) {
  net::HttpRequest request;
  request.url = url;
  request.headers = headers_;
  request.timeout = timeout_;
  request.ca_file = ca_file_;
  request.verify_tls = tls_verify_;
  auto response = co_await http_.Send(std::move(request));
  if (!response) {
    auto e = response.error();
    e.message = Scrub(net::RedactUrl(e.message, url));
    co_return e;
  }
  if (response->status / 100 == 2) co_return std::move(response->body);
  auto error = HttpStatusError("GET", ShownUrl(url), response->status,
                               response->Header("retry-after"), ApiErrorText(response->body), now);
  if (AuthRefused(response->status)) {
    error.message += " (credentials rejected: check the source's headers and any token in its url)";
    error.reason = core::ErrorReason::kCredentialsRejected;
  }
  error.message = Scrub(std::move(error.message));
  co_return error;
}

}  // namespace sellerwatch::sources::http_json
