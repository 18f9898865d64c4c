#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"

namespace sellerwatch::sources::http_json {

// `url` with placeholders: {since} (the cursor, formatted per since_format), {page} (the page
// number, paging by number) and {offset} (records read so far, paging by offset). A value is
// percent-encoded where it goes. The URL may carry a credential, so nothing here puts it in an
// error.
class UrlTemplate {
 public:
  enum class Placeholder { kSince, kPage, kOffset };
  struct Values {
    std::string since;
    std::int64_t page = 1;
    std::int64_t offset = 0;
  };

  // Errors: an unknown placeholder (with did-you-mean), a '{' without '}' or the reverse.
  static core::Result<UrlTemplate> Parse(std::string_view text);

  bool Uses(Placeholder p) const;
  std::string Render(const Values& values) const;

 private:
  struct Part {
    bool placeholder = false;
    Placeholder which = Placeholder::kSince;
    std::string literal;
  };
  std::vector<Part> parts_;
};

// The next page's URL given as `next` (absolute, or relative to the page it came from, as a
// browser resolves a link). It must stay on the origin (scheme, host, port) of `current`: the
// source's headers carry credentials and are never sent elsewhere.
core::Result<std::string> ResolveNextUrl(std::string_view current, std::string_view next);

// `url` with the query parameter `name` set to `value` (percent-encoded), replacing any there.
core::Result<std::string> WithQueryParam(std::string_view url, std::string_view name,
                                         std::string_view value);

// How a URL appears in logs and errors: scheme and host only ("https://erp.example.com/…"),
// since its path or query may carry a token.
std::string ShownUrl(std::string_view url);

}  // namespace sellerwatch::sources::http_json
