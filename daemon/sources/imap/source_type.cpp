#include "sources/imap/source_type.hpp"

#include <fmt/format.h>

#include <array>

#include "sources/imap/mailbox_stream.hpp"
#include "sources/imap/settings.hpp"

namespace sellerwatch::sources::imap {
namespace {

constexpr std::array<std::string_view, 9> kKeys = {"url",      "tls",         "username",
                                                   "password", "poll",        "backfill",
                                                   "inbox",    "sent_folder", "buyer_addresses"};

core::Result<Streams> Make(const config::AccountConfig& account, const config::SourceConfig& source,
                           const SourceDeps& deps) {
  std::string id = SourceId(account, source);
  const Settings& settings = source.SettingsAs<Settings>();
  // check-config refuses an account whose marketplace leaves the rules empty (ProblemFor).
  MailRules rules(account.marketplace, settings.buyer_addresses);
  if (std::string problem = settings.ProblemFor(account.marketplace); !problem.empty()) {
    return core::Error::Config(fmt::format("source {}: {}", id, problem));
  }
  Streams out;
  out.emplace_back(id, std::make_unique<MailboxStream>(
                           account.id, deps.imap, settings, std::move(rules), source.timeout,
                           source.ca_file, source.tls_verify, deps.log, id));
  return out;
}

}  // namespace

extern const SourceType kSourceType{{"imap", kKeys, true, ParseSettings}, Make};

}  // namespace sellerwatch::sources::imap
