#include "net/smtp_client.hpp"

#include <curl/curl.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <string_view>

#include "core/ascii.hpp"
#include "net/curl_errors.hpp"
#include "net/curl_handles.hpp"
#include "net/curl_multi.hpp"
#include "net/mail_transfer.hpp"

namespace sellerwatch::net {
using core::StartsWithIgnoreCase;
namespace {

// Feeds the message to curl, which dot-stuffs it and adds the terminating "." line.
struct Upload {
  std::string_view data;
  std::size_t offset = 0;
};

size_t OnRead(char* buffer, size_t size, size_t count, void* user) noexcept {
  auto& u = *static_cast<Upload*>(user);
  const size_t n = std::min(size * count, u.data.size() - u.offset);
  std::memcpy(buffer, u.data.data() + u.offset, n);
  u.offset += n;
  return n;
}

// Keeps the server's last refusal (a 4xx/5xx line): curl's own error text has the code but
// not the reason, and the QUIT that follows a refusal gets a 221 we must not report instead.
// Only incoming lines are looked at, so AUTH credentials sent out are never touched.
int OnDebug(CURL* /*easy*/, curl_infotype type, char* data, size_t size, void* user) noexcept {
  if (type != CURLINFO_HEADER_IN || size == 0 || (data[0] != '4' && data[0] != '5')) return 0;
  try {
    std::string_view line(data, size);
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.remove_suffix(1);
    *static_cast<std::string*>(user) = line;
  } catch (...) {
  }
  return 0;
}

// An address goes into "MAIL FROM:<...>": anything that could end the command is refused.
bool PlainAddress(std::string_view address) {
  return !address.empty() && address.find_first_of("\r\n<>") == std::string_view::npos;
}

}  // namespace

boost::asio::awaitable<core::Result<SmtpResult>> SmtpClient::Send(SmtpRequest request) {
  const std::string& url = request.url;
  auto fail = [&](core::ErrorKind kind, std::string_view what) {
    return core::Error{kind, fmt::format("{}: {}", url, what)};
  };

  const bool implicit_tls = StartsWithIgnoreCase(url, "smtps://");
  if (!implicit_tls && !StartsWithIgnoreCase(url, "smtp://")) {
    co_return fail(core::ErrorKind::kPermanent, "not an smtp:// or smtps:// URL");
  }
  if (!PlainAddress(request.mail_from)) {
    co_return fail(core::ErrorKind::kPermanent, "invalid sender address");
  }
  if (request.recipients.empty()) co_return fail(core::ErrorKind::kPermanent, "no recipients");

  EasyHandle easy(curl_easy_init());
  if (!easy) co_return fail(core::ErrorKind::kInternal, "curl_easy_init failed");
  CURL* h = easy.get();

  Slist recipients;
  for (const auto& r : request.recipients) {
    if (!PlainAddress(r)) co_return fail(core::ErrorKind::kPermanent, "invalid recipient address");
    if (!Append(recipients, ("<" + r + ">").c_str())) {
      co_return fail(core::ErrorKind::kInternal, "out of memory");
    }
  }
  const std::string mail_from = "<" + request.mail_from + ">";

  Upload upload{request.message};
  std::string last_refusal;
  char error_buffer[CURL_ERROR_SIZE] = {};

  SetMailConnection(h,
                    {url, "smtp,smtps", implicit_tls, request.tls_none, true, request.ca_file,
                     request.username, request.password, request.connect_timeout, request.timeout},
                    error_buffer);
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, mail_from.c_str());
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_READFUNCTION, &OnRead);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(request.message.size()));
  // Verbose output goes to OnDebug only, never to stderr.
  curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, &OnDebug);
  curl_easy_setopt(h, CURLOPT_DEBUGDATA, &last_refusal);
  curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);

  const CURLcode code = co_await multi_.Perform(h);

  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  if (code == CURLE_OK) co_return SmtpResult{reply};
  if (code == CURLE_ABORTED_BY_CALLBACK) co_return fail(core::ErrorKind::kTransient, "cancelled");

  const std::string detail = CurlErrorText(code, error_buffer);
  if (reply >= 400 && reply < 600) {
    // The server said no: 4xx asks us to come back later, 5xx never to.
    const std::string code_text = std::to_string(reply);
    const std::string said = last_refusal.starts_with(code_text) ? last_refusal : code_text;
    co_return fail(reply >= 500 ? core::ErrorKind::kPermanent : core::ErrorKind::kTransient,
                   fmt::format("server replied {} ({})", said, detail));
  }
  co_return fail(ClassifyCurlCode(code), detail);
}

}  // namespace sellerwatch::net
