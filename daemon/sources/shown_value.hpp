#pragma once

#include <boost/json/fwd.hpp>
#include <string>

namespace sellerwatch::sources {

// A record's value as an error quotes it: JSON text (numbers as written, 4.5 not 4.5E0), cut
// after 60 characters so a long comment or a whole object does not flood the log.
std::string ShownValue(const boost::json::value& v);

}  // namespace sellerwatch::sources
