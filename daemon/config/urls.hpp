#pragma once

// URL checks with Boost.URL. The result is a reason, never the URL: the caller decides whether
// the URL may be printed (a webhook URL is a credential).

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace sellerwatch::config {

// nullopt when `text` is an absolute URL with one of `schemes` and a host; else why not.
std::optional<std::string> CheckUrl(std::string_view text,
                                    std::initializer_list<std::string_view> schemes);
// The scheme of an absolute URL, lower-cased ("" when it has none).
std::string UrlScheme(std::string_view text);

}  // namespace sellerwatch::config
