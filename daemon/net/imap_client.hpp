#pragma once

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <string>

#include "core/error.hpp"

namespace sellerwatch::net {

class CurlMulti;

struct ImapRequest {
  std::string url{};      // imap://host:port (STARTTLS) or imaps://host:port (implicit TLS)
  bool tls_none = false;  // imap:// only: log in in clear text instead of requiring STARTTLS
  std::string username{};
  std::string password{};
  std::string ca_file{};  // empty: the system's CA store
  bool tls_verify = true;
  // One IMAP command without its tag, e.g. `EXAMINE "INBOX"`: sent as is, so the caller
  // quotes mailbox names.
  std::string command{};
  core::Duration connect_timeout = std::chrono::seconds(10);
  core::Duration timeout = std::chrono::seconds(60);
};

struct ImapAnswer {
  // Every line the server sent during the transfer (greeting and login included on a new
  // connection), literals intact: for sources/imap/imap_response to parse.
  std::string stream;
  // The connection's local port: two commands that depend on each other (EXAMINE, then UID
  // FETCH) compare it to know they ran on the same IMAP session.
  long local_port = 0;
};

// Runs one IMAP command over the shared CurlMulti (libcurl's IMAP, custom request: libcurl
// itself never SELECTs or FETCHes, so nothing in the mailbox changes). Connections are pooled,
// so consecutive commands to the same server and user normally share one session. TLS is
// mandatory unless `tls_none`: imap:// must offer STARTTLS or nothing is sent.
// Errors: login refused → kPermanent with reason kCredentialsRejected; STARTTLS not offered →
// kConfig; the server answering NO or BAD → kPermanent, its line in the message; network
// trouble and timeouts → kTransient; TLS verification → kPermanent.
class ImapClient {
 public:
  explicit ImapClient(CurlMulti& multi) : multi_(multi) {}

  boost::asio::awaitable<core::Result<ImapAnswer>> Run(ImapRequest request);

 private:
  CurlMulti& multi_;
};

}  // namespace sellerwatch::net
