#pragma once

#include <curl/curl.h>

#include <string>

#include "core/error.hpp"

namespace sellerwatch::net {

// What a failed transfer means for retries, from curl's code alone (no protocol reply):
// network trouble and timeouts are transient; a request that can never work as configured
// (bad URL, unsupported scheme, TLS verification, missing CA file) is permanent.
core::ErrorKind ClassifyCurlCode(CURLcode code);

// Curl's detailed message from the error buffer when it wrote one, else its generic text.
std::string CurlErrorText(CURLcode code, const char* error_buffer);

}  // namespace sellerwatch::net
