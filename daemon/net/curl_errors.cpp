#include "net/curl_errors.hpp"

namespace sellerwatch::net {

core::ErrorKind ClassifyCurlCode(CURLcode code) {
  switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_NOT_BUILT_IN:
    case CURLE_PEER_FAILED_VERIFICATION:  // also CURLE_SSL_CACERT: chain or host name
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ISSUER_ERROR:
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
    case CURLE_SSL_CRL_BADFILE:
    case CURLE_USE_SSL_FAILED:  // STARTTLS required but not offered
    case CURLE_LOGIN_DENIED:
    case CURLE_REMOTE_ACCESS_DENIED:
    case CURLE_FILESIZE_EXCEEDED:
    case CURLE_TOO_MANY_REDIRECTS:
    case CURLE_BAD_CONTENT_ENCODING:
    case CURLE_BAD_FUNCTION_ARGUMENT:
    case CURLE_UNKNOWN_OPTION:
      return core::ErrorKind::kPermanent;
    case CURLE_OUT_OF_MEMORY:
    case CURLE_FAILED_INIT:
      return core::ErrorKind::kInternal;
    default:
      // Refused/reset connections, DNS, timeouts, handshake failures, empty or garbled
      // replies: the next attempt may well succeed.
      return core::ErrorKind::kTransient;
  }
}

std::string CurlErrorText(CURLcode code, const char* error_buffer) {
  if (error_buffer != nullptr && error_buffer[0] != '\0') return error_buffer;
  return curl_easy_strerror(code);
}

}  // namespace sellerwatch::net
