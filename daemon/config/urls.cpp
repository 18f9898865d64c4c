#include "config/urls.hpp"

#include <boost/url/parse.hpp>
#include <cctype>

namespace sellerwatch::config {

std::optional<std::string> CheckUrl(std::string_view text,
                                    std::initializer_list<std::string_view> schemes) {
  std::string expected;
  for (auto s : schemes) {
    if (!expected.empty()) expected += " or ";
    expected += std::string(s) + "://";
  }
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return "expected an absolute " + expected + " URL";
  std::string scheme = UrlScheme(text);
  bool known = false;
  for (auto s : schemes) known = known || s == scheme;
  if (!known) return "expected an " + expected + " URL";
  if (parsed->encoded_host().empty()) return "the URL has no host";
  return std::nullopt;
}

std::string UrlScheme(std::string_view text) {
  auto parsed = boost::urls::parse_uri(text);
  if (!parsed) return "";
  std::string out(parsed->scheme());
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace sellerwatch::config
