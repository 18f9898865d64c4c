#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/event.hpp"

namespace sellerwatch::sources::aliexpress {

// The platform value AliExpress's merchant profile carries.
inline constexpr std::string_view kPostingForbidden = "platform.product_posting_forbidden";

// `aliexpress.solution.merchant.profile.get` → platform.product_posting_forbidden "true" (the
// store may not list products: a restriction) or "false", reported at `now`. A missing or
// non-boolean field is kData naming `where`.
core::Result<core::PlatformValue> MapMerchantProfile(const boost::json::object& response,
                                                     const std::string& account,
                                                     core::Timestamp now, std::string_view where);

}  // namespace sellerwatch::sources::aliexpress
