#include "sources/aliexpress/profile_mapping.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

#include "sources/aliexpress/envelope.hpp"

namespace sellerwatch::sources::aliexpress {
namespace json = boost::json;

core::Result<core::PlatformValue> MapMerchantProfile(const json::object& response,
                                                     const std::string& account,
                                                     core::Timestamp now, std::string_view where) {
  if (auto failure = BusinessFailure(response)) {
    return core::Error::Permanent(fmt::format("{}: business error {}", where, *failure));
  }
  const json::value* v = response.if_contains("product_posting_forbidden");
  std::optional<bool> forbidden;
  if (v != nullptr && v->is_bool()) forbidden = v->as_bool();
  if (v != nullptr && v->is_string()) {
    if (v->as_string() == "true") forbidden = true;
    if (v->as_string() == "false") forbidden = false;
  }
  if (!forbidden) {
    return core::Error::Data(
        fmt::format("{}: field 'product_posting_forbidden': expected true or false", where));
  }
  return core::PlatformValue{account, std::string(kPostingForbidden), *forbidden ? "true" : "false",
                             now, now};
}

}  // namespace sellerwatch::sources::aliexpress
