#pragma once

#include <map>
#include <string>
#include <string_view>

#include "core/error.hpp"

namespace sellerwatch::sources::aliexpress {

// The parameters of one IOP request, system and business alike, sorted by byte order (what
// the signature needs). Values are sent exactly as signed.
using Params = std::map<std::string, std::string, std::less<>>;

// The string IOP signs (sources.md §1.2): `api_path` (only for path-style "/rest" calls, e.g.
// "/auth/token/refresh"; "" for sync calls), then every parameter but `sign` as key + value in
// byte order, without separators or encoding. Empty values are left out, as the Java SDK does.
std::string SigningString(std::string_view api_path, const Params& params);

// `sign`: upper-case hex HMAC-SHA256 of SigningString, keyed with the app secret.
core::Result<std::string> Sign(std::string_view app_secret, std::string_view api_path,
                               const Params& params);

}  // namespace sellerwatch::sources::aliexpress
