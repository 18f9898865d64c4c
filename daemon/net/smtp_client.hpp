#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/time.hpp"

namespace sellerwatch::net {

class CurlMulti;

struct SmtpRequest {
  std::string url{};       // smtp://host:port (STARTTLS) or smtps://host:port (implicit TLS)
  bool tls_none = false;   // smtp:// only: send in clear text instead of requiring STARTTLS
  std::string username{};  // AUTH when set
  std::string password{};
  std::string ca_file{};                  // empty: the system's CA store
  std::string mail_from{};                // bare address, no angle brackets
  std::vector<std::string> recipients{};  // bare addresses: To, Cc and Bcc alike
  std::string message{};  // complete RFC 5322 message with CRLF line ends, not dot-stuffed
  core::Duration connect_timeout = std::chrono::seconds(10);
  core::Duration timeout = std::chrono::seconds(60);
};

struct SmtpResult {
  long reply_code = 0;  // the server's final reply, normally 250
};

// Submits one message over the shared CurlMulti. TLS is mandatory unless `tls_none`:
// smtp:// must offer STARTTLS or the send fails before anything is transmitted. Peer and host
// name are always verified. Errors:
//   kTransient: connection failure, timeout, a 4xx reply;
//   kPermanent: a 5xx reply, STARTTLS not offered, TLS verification failure, login denied;
// and the message carries the last reply, e.g. "smtp://host:25: server replied 550 ...".
class SmtpClient {
 public:
  explicit SmtpClient(CurlMulti& multi) : multi_(multi) {}

  boost::asio::awaitable<core::Result<SmtpResult>> Send(SmtpRequest request);

 private:
  CurlMulti& multi_;
};

}  // namespace sellerwatch::net
