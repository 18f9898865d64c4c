#include "net/http_client.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/ascii.hpp"
#include "net/curl_errors.hpp"
#include "net/curl_handles.hpp"
#include "net/curl_multi.hpp"

namespace sellerwatch::net {
using core::EqualsIgnoreCase;

std::string RedactUrl(std::string message, std::string_view url) {
  if (url.empty()) return message;
  auto scheme = url.find("://");
  auto path = url.find('/', scheme == std::string_view::npos ? 0 : scheme + 3);
  std::string shown = std::string(url.substr(0, path)) + "/…";
  for (auto pos = message.find(url); pos != std::string::npos;
       pos = message.find(url, pos + shown.size())) {
    message.replace(pos, url.size(), shown);
  }
  return message;
}

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// What the curl callbacks write into while the transfer runs.
struct Receiver {
  HttpResponse response;
  std::size_t limit = 0;
  bool truncate = false;
  bool too_large = false;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) noexcept {
  auto& r = *static_cast<Receiver*>(user);
  const size_t n = size * count;
  // The cap applies to decoded bytes, which also bounds a compression bomb.
  if (r.response.body.size() + n > r.limit) {
    r.too_large = true;
    if (r.truncate) {
      try {
        r.response.body.append(data, r.limit - r.response.body.size());
      } catch (...) {
      }
    }
    return 0;  // makes curl fail with CURLE_WRITE_ERROR: the rest is never read
  }
  try {
    r.response.body.append(data, n);
  } catch (...) {
    return 0;
  }
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) noexcept {
  auto& r = *static_cast<Receiver*>(user);
  const size_t n = size * count;
  std::string_view line(data, n);
  try {
    if (line.starts_with("HTTP/")) {
      r.response.headers.clear();  // a new response (after 100 Continue): keep only the last
    } else if (auto colon = line.find(':'); colon != std::string_view::npos) {
      r.response.headers.emplace_back(Lower(Trim(line.substr(0, colon))),
                                      std::string(Trim(line.substr(colon + 1))));
    }
  } catch (...) {
    return 0;
  }
  return n;
}

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// For error messages: control characters shown as '?'.
std::string Printable(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (std::iscntrl(static_cast<unsigned char>(c))) c = '?';
  }
  return out;
}

bool HasHeader(const HttpRequest& request, std::string_view name) {
  return std::any_of(request.headers.begin(), request.headers.end(),
                     [&](const auto& h) { return EqualsIgnoreCase(h.first, name); });
}

}  // namespace

std::optional<std::string_view> HttpResponse::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

boost::asio::awaitable<core::Result<HttpResponse>> HttpClient::Send(HttpRequest request) {
  const std::string method = Upper(request.method);
  auto fail = [&](core::ErrorKind kind, std::string_view what) {
    return core::Error{kind, fmt::format("{} {}: {}", method, request.url, what)};
  };

  EasyHandle easy(curl_easy_init());
  if (!easy) co_return fail(core::ErrorKind::kInternal, "curl_easy_init failed");
  CURL* h = easy.get();

  Slist headers;
  for (const auto& [name, value] : request.headers) {
    // A line break would smuggle in further headers; the value is not quoted (it may be secret).
    if (name.find_first_of("\r\n:") != std::string::npos ||
        value.find_first_of("\r\n") != std::string::npos) {
      co_return fail(core::ErrorKind::kPermanent,
                     "header \"" + Printable(name) + "\" has a line break or colon");
    }
    // "Name;" is curl's way of sending a header with an empty value.
    std::string line = value.empty() ? name + ";" : name + ": " + value;
    if (!Append(headers, line.c_str())) co_return fail(core::ErrorKind::kInternal, "out of memory");
  }
  // curl would add "Expect: 100-continue" to large bodies, costing a round trip per request.
  if (!HasHeader(request, "expect") && !Append(headers, "Expect:")) {
    co_return fail(core::ErrorKind::kInternal, "out of memory");
  }

  Receiver receiver;
  receiver.limit = request.max_response_bytes;
  receiver.truncate = request.truncate_response;
  char error_buffer[CURL_ERROR_SIZE] = {};

  // Options only fail for unknown options or out of memory; the transfer then reports it.
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(request.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(request.timeout.count()));
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // every encoding this libcurl decodes
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, request.verify_tls ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, request.verify_tls ? 2L : 0L);
  if (!request.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, request.ca_file.c_str());
  if (!request.truncate_response) {  // refuses an announced large body before reading any
    curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
                     static_cast<curl_off_t>(request.max_response_bytes));
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &receiver);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &receiver);
  // CURLOPT_PROXY stays unset so libcurl reads the proxy environment variables.

  if (method == "GET" && request.body.empty()) {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (method == "HEAD") {
    curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
  } else {
    if (!request.body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    }
    if (method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, method.c_str());
  }

  const CURLcode code = co_await multi_.Perform(h);

  if (receiver.too_large && receiver.truncate) {
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &receiver.response.status);
    receiver.response.truncated = true;
    co_return std::move(receiver.response);
  }
  if (receiver.too_large || code == CURLE_FILESIZE_EXCEEDED) {
    co_return fail(core::ErrorKind::kPermanent,
                   fmt::format("response larger than {} bytes", request.max_response_bytes));
  }
  if (code == CURLE_ABORTED_BY_CALLBACK) {
    co_return fail(core::ErrorKind::kTransient, "cancelled");
  }
  if (code != CURLE_OK) {
    co_return fail(ClassifyCurlCode(code), CurlErrorText(code, error_buffer));
  }
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &receiver.response.status);
  co_return std::move(receiver.response);
}

}  // namespace sellerwatch::net
