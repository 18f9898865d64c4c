#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace sellerwatch::sources::shopify {

// One entry of a GraphQL answer's `errors`.
struct GraphqlError {
  std::string code;  // extensions.code: THROTTLED, ACCESS_DENIED, MAX_COST_EXCEEDED, ...; or ""
  std::string message;
};

// `errors` as a list. Shopify's REST-style refusals (401) put a plain string there instead
// ({"errors":"[API] Invalid API key or access token ..."}): that is one error without a code.
std::vector<GraphqlError> ErrorsOf(const boost::json::object& document);

// The same for a raw body; nothing when it is not a JSON object.
std::vector<GraphqlError> ErrorsOf(std::string_view body);

bool HasCode(const std::vector<GraphqlError>& errors, std::string_view code);

// "THROTTLED: Throttled; Field 'x' doesn't exist" (the first three, each cut to 200
// characters) for error messages: the API's own words, never the raw body.
std::string ErrorText(const std::vector<GraphqlError>& errors);

}  // namespace sellerwatch::sources::shopify
