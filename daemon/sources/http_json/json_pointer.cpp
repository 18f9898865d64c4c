#include "sources/http_json/json_pointer.hpp"

#include <boost/json.hpp>
#include <charconv>

namespace sellerwatch::sources::http_json {
namespace json = boost::json;

core::Result<JsonPointer> JsonPointer::Parse(std::string_view text) {
  JsonPointer out;
  out.text_ = std::string(text);
  if (text.empty()) return out;
  if (text.front() != '/') {
    return core::Error::Config("must be empty (the whole document) or start with '/'");
  }
  std::string token;
  for (std::size_t i = 1; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '/') {
      out.tokens_.push_back(std::move(token));
      token.clear();
      continue;
    }
    if (text[i] != '~') {
      token += text[i];
      continue;
    }
    char escaped = i + 1 < text.size() ? text[i + 1] : '\0';
    if (escaped != '0' && escaped != '1') {
      return core::Error::Config("'~' must be followed by 0 (for '~') or 1 (for '/') (RFC 6901)");
    }
    token += escaped == '0' ? '~' : '/';
    ++i;
  }
  return out;
}

namespace {

// RFC 6901 array index: "0" or digits without a leading zero.
std::optional<std::size_t> Index(const std::string& token) {
  if (token.empty() || (token.size() > 1 && token.front() == '0')) return std::nullopt;
  std::size_t v = 0;
  auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), v);
  if (ec != std::errc() || end != token.data() + token.size()) return std::nullopt;
  return v;
}

}  // namespace

const json::value* JsonPointer::Find(const json::value& doc) const {
  const json::value* at = &doc;
  for (const auto& token : tokens_) {
    if (const json::object* o = at->if_object()) {
      at = o->if_contains(token);
    } else if (const json::array* a = at->if_array()) {
      auto i = Index(token);
      at = i && *i < a->size() ? &(*a)[*i] : nullptr;
    } else {
      at = nullptr;
    }
    if (at == nullptr) return nullptr;
  }
  return at;
}

}  // namespace sellerwatch::sources::http_json
