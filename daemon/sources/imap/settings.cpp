#include "sources/imap/settings.hpp"

#include <fmt/format.h>

#include "config/field_checks.hpp"
#include "config/urls.hpp"
#include "config/yaml_reader.hpp"
#include "sources/imap/mail_rules.hpp"

namespace sellerwatch::sources::imap {
namespace {

// Mailbox names go into commands as quoted strings; names outside ASCII would need modified
// UTF-7 (RFC 3501 §5.1.3), which sellerwatch does not write.
bool PlainMailboxName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return false;
  }
  return true;
}

}  // namespace

std::string Settings::ProblemFor(std::string_view marketplace) const {
  if (!MailRules(marketplace, buyer_addresses).empty()) return {};
  return fmt::format(
      "{} relays no buyer mail through addresses of its own: list your customers' addresses in "
      "buyer_addresses (e.g. \"*@customers.example.com\", or \"*\" for any sender)",
      marketplace);
}

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map) {
  using config::Positive;
  auto out = std::make_shared<Settings>();
  config::Reader& reader = map.reader();
  map.Require("url");
  map.Require("username");
  if (auto url = config::ReadUrl(map, "url", false, {"imap", "imaps"})) {
    std::string_view rest = url->value;
    rest.remove_prefix(std::min(rest.size(), rest.find("://") + 3));
    std::size_t slash = rest.find('/');
    if (slash != std::string_view::npos && slash + 1 < rest.size()) {
      reader.Error(*map.Get("url"),
                   "the URL names the server only; the folders go in inbox: and sent_folder:");
    } else {
      out->url = url->value;
    }
  }
  if (auto tls = map.ReadScalar("tls")) {
    if (tls->value != "none") {
      reader.Error(*map.Get("tls"),
                   fmt::format("invalid tls {}: the only value is none (an explicit opt-out for a "
                               "server on this machine); leave the key out to require TLS",
                               tls->Quoted()));
    } else if (!out->url.empty() && config::UrlScheme(out->url) != "imap") {
      reader.Error(*map.Get("tls"), "none only applies to imap:// (imaps:// is always TLS)");
    } else {
      out->tls_none = true;
    }
  }
  map.Read("username", out->username);
  config::ReadCredential(map, "password", true, out->password);
  map.Read("poll", out->poll, Positive::kYes);
  map.Read("backfill", out->backfill, Positive::kYes);
  for (auto [key, target] : {std::pair{"inbox", &out->inbox}, {"sent_folder", &out->sent_folder}}) {
    if (map.Read(key, *target) && !PlainMailboxName(*target)) {
      reader.Error(*map.Get(key),
                   "a mailbox name of printable ASCII characters is needed "
                   "(as the server lists it)");
    }
  }
  if (map.Read("buyer_addresses", out->buyer_addresses)) {
    for (const auto& p : out->buyer_addresses) {
      if (p.empty() || p.find_first_of(" \t\r\n") != std::string::npos) {
        reader.Error(*map.Get("buyer_addresses"),
                     fmt::format("invalid pattern '{}': an address with * for any characters, "
                                 "e.g. \"*@customers.example.com\"",
                                 p));
      }
    }
  }
  return out;
}

}  // namespace sellerwatch::sources::imap
