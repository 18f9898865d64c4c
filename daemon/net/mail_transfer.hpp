#pragma once

#include <curl/curl.h>

#include <string>

#include "core/time.hpp"

namespace sellerwatch::net {

// What SMTP and IMAP transfers set alike: the server, its TLS rule and the login.
struct MailConnection {
  const std::string& url;
  const char* protocols;  // "smtp,smtps" or "imap,imaps"
  bool implicit_tls;      // smtps:// or imaps://
  bool tls_none;          // the plain scheme without STARTTLS (explicit opt-out)
  bool tls_verify;
  const std::string& ca_file;   // empty: the system's CA store
  const std::string& username;  // empty: no login
  const std::string& password;
  core::Duration connect_timeout;
  core::Duration timeout;
};

// Sets those options on `h`; `error_buffer` (CURL_ERROR_SIZE bytes) must outlive the transfer.
void SetMailConnection(CURL* h, const MailConnection& c, char* error_buffer);

}  // namespace sellerwatch::net
