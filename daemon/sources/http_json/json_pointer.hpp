#pragma once

#include <boost/json/fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sellerwatch::sources::http_json {

// An RFC 6901 JSON pointer, parsed once at config time and evaluated per record. Our own (not
// boost::json::value::find_pointer) so that check-config reports every syntax error without a
// document, and a record is not re-parsed for every field.
class JsonPointer {
 public:
  JsonPointer() = default;  // "": the whole document

  // "" or "/a/b~1c/0"; else why not ("must start with '/'", "'~' must be followed by 0 or 1").
  static core::Result<JsonPointer> Parse(std::string_view text);

  const std::string& text() const { return text_; }
  bool empty() const { return tokens_.empty(); }

  // The value it points at, or null when any step is missing (a key absent, an index past the
  // end, a step into a string or number). Array steps take decimal indices without leading
  // zeros; "-" (one past the end) never points at anything.
  const boost::json::value* Find(const boost::json::value& doc) const;

  bool operator==(const JsonPointer& o) const { return text_ == o.text_; }

 private:
  std::string text_;
  std::vector<std::string> tokens_;  // unescaped
};

}  // namespace sellerwatch::sources::http_json
