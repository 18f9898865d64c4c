#include "sources/shopify/graphql_errors.hpp"

#include <boost/json.hpp>

#include "sources/json_fields.hpp"

namespace sellerwatch::sources::shopify {
namespace json = boost::json;

std::vector<GraphqlError> ErrorsOf(const json::object& document) {
  std::vector<GraphqlError> out;
  const json::value* errors = document.if_contains("errors");
  if (errors == nullptr) return out;
  if (errors->is_string()) {
    out.push_back({"", std::string(errors->as_string())});
    return out;
  }
  if (!errors->is_array()) return out;
  for (const auto& e : errors->as_array()) {
    if (!e.is_object()) continue;
    const json::object* extensions = ObjectAt(e.as_object(), "extensions");
    out.push_back({extensions ? StringAt(*extensions, "code") : std::string(),
                   StringAt(e.as_object(), "message")});
  }
  return out;
}

std::vector<GraphqlError> ErrorsOf(std::string_view body) {
  boost::system::error_code ec;
  json::value v = json::parse(body, ec);
  if (ec || !v.is_object()) return {};
  return ErrorsOf(v.as_object());
}

bool HasCode(const std::vector<GraphqlError>& errors, std::string_view code) {
  for (const auto& e : errors)
    if (e.code == code) return true;
  return false;
}

std::string ErrorText(const std::vector<GraphqlError>& errors) {
  std::string out;
  for (std::size_t i = 0; i < errors.size() && i < 3; ++i) {
    std::string one = errors[i].code;
    if (!errors[i].message.empty() && errors[i].message != errors[i].code) {
      one += (one.empty() ? "" : ": ") + errors[i].message.substr(0, 200);
    }
    if (one.empty()) continue;
    out += (out.empty() ? "" : "; ") + one;
  }
  if (errors.size() > 3) out += "; …";
  return out;
}

}  // namespace sellerwatch::sources::shopify
