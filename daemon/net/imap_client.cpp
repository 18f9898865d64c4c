#include "net/imap_client.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>

#include "core/ascii.hpp"
#include "net/curl_errors.hpp"
#include "net/curl_handles.hpp"
#include "net/curl_multi.hpp"
#include "net/mail_transfer.hpp"

namespace sellerwatch::net {
using core::StartsWithIgnoreCase;
namespace {

struct Received {
  std::string stream;
  std::string last_line;  // the tagged completion (or refusal) comes last
};

// libcurl hands every server line to the header callback, literal contents included.
size_t OnLine(char* data, size_t size, size_t count, void* user) noexcept {
  const size_t n = size * count;
  try {
    auto& r = *static_cast<Received*>(user);
    r.stream.append(data, n);
    std::string_view line(data, n);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
    if (!line.empty()) r.last_line = line;
  } catch (...) {
    return 0;
  }
  return n;
}

// Untagged lines also arrive as "body": already kept by OnLine.
size_t Discard(char*, size_t size, size_t count, void*) noexcept { return size * count; }

// "A004 NO [NONEXISTENT] Mailbox doesn't exist" → "NO [NONEXISTENT] Mailbox doesn't exist".
std::string WithoutTag(std::string_view line) {
  std::size_t sp = line.find(' ');
  if (sp == std::string_view::npos || line.starts_with("* ")) return std::string(line);
  return std::string(line.substr(sp + 1));
}

}  // namespace

boost::asio::awaitable<core::Result<ImapAnswer>> ImapClient::Run(ImapRequest request) {
  const std::string& url = request.url;
  auto fail = [&](core::ErrorKind kind, std::string_view what) {
    return core::Error{kind, fmt::format("{}: {}", url, what)};
  };
  const bool implicit_tls = StartsWithIgnoreCase(url, "imaps://");
  if (!implicit_tls && !StartsWithIgnoreCase(url, "imap://")) {
    co_return fail(core::ErrorKind::kConfig, "not an imap:// or imaps:// URL");
  }
  if (request.command.find_first_of("\r\n") != std::string::npos) {
    co_return fail(core::ErrorKind::kInternal, "a command must be one line");
  }
  EasyHandle easy(curl_easy_init());
  if (!easy) co_return fail(core::ErrorKind::kInternal, "curl_easy_init failed");
  CURL* h = easy.get();

  // No mailbox in the URL: libcurl then sends the custom command alone, never a SELECT.
  std::string target = url;
  while (target.ends_with('/')) target.pop_back();
  target += '/';
  Received received;
  char error_buffer[CURL_ERROR_SIZE] = {};
  SetMailConnection(
      h,
      {target, "imap,imaps", implicit_tls, request.tls_none, request.tls_verify, request.ca_file,
       request.username, request.password, request.connect_timeout, request.timeout},
      error_buffer);
  curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.command.c_str());
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnLine);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &received);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Discard);

  const CURLcode code = co_await multi_.Perform(h);
  if (code == CURLE_OK) {
    ImapAnswer answer{std::move(received.stream), 0};
    curl_easy_getinfo(h, CURLINFO_LOCAL_PORT, &answer.local_port);
    co_return answer;
  }
  if (code == CURLE_ABORTED_BY_CALLBACK) co_return fail(core::ErrorKind::kTransient, "cancelled");
  const std::string detail = CurlErrorText(code, error_buffer);
  switch (code) {
    case CURLE_LOGIN_DENIED:
      co_return fail(
          core::ErrorKind::kPermanent,
          fmt::format("login refused: credentials rejected ({})", WithoutTag(received.last_line)))
          .WithReason(core::ErrorReason::kCredentialsRejected);
    case CURLE_USE_SSL_FAILED:
      co_return fail(core::ErrorKind::kConfig,
                     "the server does not offer STARTTLS: use imaps:// (or `tls: none` for a "
                     "server on this machine)");
    case CURLE_QUOTE_ERROR:
      co_return fail(core::ErrorKind::kPermanent,
                     fmt::format("the server refused {}: {}",
                                 request.command.substr(0, request.command.find(' ')),
                                 WithoutTag(received.last_line)));
    default:
      co_return fail(ClassifyCurlCode(code), detail);
  }
}

}  // namespace sellerwatch::net
