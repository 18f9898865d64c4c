#include "app/redaction.hpp"

#include <algorithm>
#include <cctype>
#include <string_view>
#include <variant>

namespace sellerwatch::app {
namespace {

void Add(std::vector<std::string>& out, const std::string& value) {
  if (!value.empty()) out.push_back(value);
}

bool SchemeChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '+' || c == '-' || c == '.';
}

// Where a URL ends in running text: whitespace, quotes and angle brackets never belong to it.
bool UrlEnd(char c) {
  return std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == '<' ||
         c == '>' || c == '`';
}

// Every "scheme://authority/rest" → "scheme://host/…" (the authority without its userinfo).
std::string RedactUrls(const std::string& text) {
  std::string out;
  std::size_t copied = 0;  // text before this is in `out`
  std::size_t sep = text.find("://");
  while (sep != std::string::npos) {
    std::size_t scheme = sep;
    while (scheme > copied && SchemeChar(text[scheme - 1])) --scheme;
    if (scheme == sep || !std::isalpha(static_cast<unsigned char>(text[scheme]))) {
      sep = text.find("://", sep + 3);
      continue;
    }
    std::size_t authority = sep + 3;
    std::size_t host_end = authority;
    while (host_end < text.size() && !UrlEnd(text[host_end]) &&
           std::string_view("/?#").find(text[host_end]) == std::string_view::npos) {
      ++host_end;
    }
    std::size_t end = host_end;
    while (end < text.size() && !UrlEnd(text[end])) ++end;
    // Punctuation that ends a sentence or a bracket is not part of the URL: "POST URL: 503".
    while (end > authority &&
           std::string_view(".,:;)]}").find(text[end - 1]) != std::string_view::npos) {
      --end;
    }
    host_end = std::min(host_end, end);
    std::string_view host(text.data() + authority, host_end - authority);
    if (auto at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
    out.append(text, copied, scheme - copied);
    out.append(text, scheme, authority - scheme);
    out.append(host);
    if (end > host_end) out += "/…";
    copied = end;
    sep = text.find("://", end);
  }
  out.append(text, copied);
  return out;
}

}  // namespace

std::vector<std::string> ConfigSecrets(const config::Config& config) {
  std::vector<std::string> out;
  Add(out, config.daemon.listen_token.Reveal());
  if (config.daemon.heartbeat) Add(out, config.daemon.heartbeat->url.Reveal());
  for (const auto& r : config.receivers) {
    std::visit(
        [&out](const auto& s) {
          using T = std::decay_t<decltype(s)>;
          if constexpr (std::is_same_v<T, config::EmailReceiver>) {
            Add(out, s.password.Reveal());
            Add(out, s.smtp_url);
          } else if constexpr (std::is_same_v<T, config::ChatReceiver>) {
            Add(out, s.webhook_url.Reveal());
          } else if constexpr (std::is_same_v<T, config::TelegramReceiver>) {
            Add(out, s.bot_token.Reveal());
          } else if constexpr (std::is_same_v<T, config::WebhookReceiver>) {
            Add(out, s.url);
            Add(out, s.secret.Reveal());
            for (const auto& [name, value] : s.headers) Add(out, value.Reveal());
          } else if constexpr (std::is_same_v<T, config::AlertmanagerReceiver>) {
            for (const auto& url : s.urls) Add(out, url);
          }
        },
        r.settings);
  }
  // Longest first, so a secret that contains another is replaced whole.
  std::sort(out.begin(), out.end(),
            [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return out;
}

std::string RedactText(std::string text, std::span<const std::string> secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    // A URL keeps its scheme and host, which tell a reader which service it was.
    const std::string shown =
        secret.find("://") != std::string::npos ? RedactUrls(secret) : "<redacted>";
    for (auto pos = text.find(secret); pos != std::string::npos;
         pos = text.find(secret, pos + shown.size())) {
      text.replace(pos, secret.size(), shown);
    }
  }
  return RedactUrls(text);
}

}  // namespace sellerwatch::app
