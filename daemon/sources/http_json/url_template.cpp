#include "sources/http_json/url_template.hpp"

#include <fmt/format.h>

#include <array>
#include <boost/url/parse.hpp>
#include <boost/url/url.hpp>

#include "config/did_you_mean.hpp"
#include "sources/percent_encoding.hpp"

namespace sellerwatch::sources::http_json {
namespace urls = boost::urls;

namespace {

constexpr std::array<std::string_view, 3> kNames = {"since", "page", "offset"};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Origin(const urls::url_view& u) {
  std::string port = u.has_port() ? std::string(u.port()) : "";
  if (port.empty()) port = Lower(u.scheme()) == "https" ? "443" : "80";
  return Lower(u.scheme()) + "://" + Lower(u.encoded_host()) + ":" + port;
}

}  // namespace

core::Result<UrlTemplate> UrlTemplate::Parse(std::string_view text) {
  UrlTemplate out;
  std::string literal;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '}') return core::Error::Config("'}' without a '{' before it");
    if (text[i] != '{') {
      literal += text[i];
      continue;
    }
    auto close = text.find('}', i);
    if (close == std::string_view::npos) return core::Error::Config("'{' without a closing '}'");
    std::string_view name = text.substr(i + 1, close - i - 1);
    std::size_t which = 0;
    while (which < kNames.size() && kNames[which] != name) ++which;
    if (which == kNames.size()) {
      return core::Error::Config(
          fmt::format("unknown placeholder '{{{}}}'{}; known: {{since}}, "
                      "{{page}}, {{offset}}",
                      name, config::DidYouMean(name, kNames)));
    }
    if (!literal.empty()) out.parts_.push_back(Part{false, Placeholder::kSince, literal});
    literal.clear();
    out.parts_.push_back(Part{true, static_cast<Placeholder>(which), {}});
    i = close;
  }
  if (!literal.empty()) out.parts_.push_back(Part{false, Placeholder::kSince, literal});
  return out;
}

bool UrlTemplate::Uses(Placeholder p) const {
  for (const auto& part : parts_)
    if (part.placeholder && part.which == p) return true;
  return false;
}

std::string UrlTemplate::Render(const Values& values) const {
  std::string out;
  for (const auto& part : parts_) {
    if (!part.placeholder) {
      out += part.literal;
      continue;
    }
    switch (part.which) {
      case Placeholder::kSince:
        out += PercentEncode(values.since);
        break;
      case Placeholder::kPage:
        out += std::to_string(values.page);
        break;
      case Placeholder::kOffset:
        out += std::to_string(values.offset);
        break;
    }
  }
  return out;
}

core::Result<std::string> ResolveNextUrl(std::string_view current, std::string_view next) {
  auto base = urls::parse_uri(current);
  if (!base) return core::Error::Internal("the page's own URL does not parse");
  auto ref = urls::parse_uri_reference(next);
  if (!ref) return core::Error::Data("the next-page link is not a URL");
  urls::url resolved;
  if (auto r = urls::resolve(*base, *ref, resolved); !r) {
    return core::Error::Data("the next-page link does not resolve against the page's URL");
  }
  if (Origin(resolved) != Origin(*base)) {
    // Shown by host only: the link may carry a token of its own.
    return core::Error::Data(fmt::format(
        "the next-page link leads to another origin ({}); the source's headers are only sent "
        "to the origin of its url",
        ShownUrl(resolved.buffer())));
  }
  return std::string(resolved.buffer());
}

core::Result<std::string> WithQueryParam(std::string_view url, std::string_view name,
                                         std::string_view value) {
  auto parsed = urls::parse_uri(url);
  if (!parsed) return core::Error::Internal("the page's own URL does not parse");
  urls::url u(*parsed);
  auto params = u.encoded_params();
  for (auto it = params.begin(); it != params.end();) {
    if ((*it).key == PercentEncode(name)) {
      it = params.erase(it);
    } else {
      ++it;
    }
  }
  params.append(urls::param_pct_view(urls::pct_string_view(PercentEncode(name)),
                                     urls::pct_string_view(PercentEncode(value))));
  return std::string(u.buffer());
}

std::string ShownUrl(std::string_view url) {
  auto scheme = url.find("://");
  if (scheme == std::string_view::npos) return "…";
  auto end = url.find_first_of("/?#", scheme + 3);
  std::string_view authority = url.substr(
      scheme + 3, end == std::string_view::npos ? std::string_view::npos : end - scheme - 3);
  // user:password@host: keep the host only.
  if (auto at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);
  }
  return std::string(url.substr(0, scheme + 3)) + std::string(authority) + "/…";
}

}  // namespace sellerwatch::sources::http_json
