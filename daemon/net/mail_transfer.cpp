#include "net/mail_transfer.hpp"

namespace sellerwatch::net {

void SetMailConnection(CURL* h, const MailConnection& c, char* error_buffer) {
  curl_easy_setopt(h, CURLOPT_URL, c.url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, c.protocols);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(c.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(c.timeout.count()));
  // CURLUSESSL_TRY would silently fall back to clear text when STARTTLS is missing.
  curl_easy_setopt(h, CURLOPT_USE_SSL,
                   (c.implicit_tls || !c.tls_none) ? static_cast<long>(CURLUSESSL_ALL)
                                                   : static_cast<long>(CURLUSESSL_NONE));
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, c.tls_verify ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, c.tls_verify ? 2L : 0L);
  if (!c.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, c.ca_file.c_str());
  if (!c.username.empty()) {
    curl_easy_setopt(h, CURLOPT_USERNAME, c.username.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, c.password.c_str());
  }
}

}  // namespace sellerwatch::net
