#pragma once

// What the fake marketplace servers share: their fixtures, and the decoding of what clients
// send them.

#include <boost/json/fwd.hpp>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace sellerwatch::testing {

// tests/data/<folder>/<name>, as it is.
std::string ReadTestData(std::string_view folder, std::string_view name);

// Calls `on_string` for every string in a JSON document (to move fixture dates).
void ForEachString(boost::json::value& v,
                   const std::function<void(boost::json::string&)>& on_string);

// "a=1&b=x%20y" (a form body or a query string; '+' is a space) as a map.
std::map<std::string, std::string> DecodeForm(std::string_view form);
// The query of a request target ("/path?a=1") as a map.
std::map<std::string, std::string> QueryOf(std::string_view target);

}  // namespace sellerwatch::testing
