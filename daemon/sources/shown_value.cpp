#include "sources/shown_value.hpp"

#include <fmt/format.h>

#include <boost/json.hpp>

namespace sellerwatch::sources {

std::string ShownValue(const boost::json::value& v) {
  std::string s = v.is_double() ? fmt::format("{}", v.get_double()) : boost::json::serialize(v);
  return s.size() > 60 ? s.substr(0, 60) + "…" : s;
}

}  // namespace sellerwatch::sources
