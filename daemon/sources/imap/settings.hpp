#pragma once

#include <string>
#include <vector>

#include "config/secret.hpp"
#include "config/source_type.hpp"

namespace sellerwatch::sources::imap {

using namespace std::chrono_literals;

// The keys of an `imap` source: the seller's mailbox, read-only.
struct Settings : config::SourceSettingsOf<Settings> {
  std::string url;        // imaps://host[:993] or imap://host[:143] (STARTTLS)
  bool tls_none = false;  // `tls: none`: imap:// without STARTTLS (a server on this machine)
  std::string username;
  config::Secret password;
  core::Duration poll = 5min;
  core::Duration backfill = 35 * 24h;  // the first poll (and a rescan) reads this far back
  std::string inbox = "INBOX";
  std::string sent_folder;                   // empty: the mailbox flagged \Sent (RFC 6154)
  std::vector<std::string> buyer_addresses;  // globs, besides the marketplace's relay addresses

  bool operator==(const Settings&) const = default;
  core::Duration ShortestPoll() const override { return poll; }
  // Marketplaces without relay addresses need buyer_addresses.
  std::string ProblemFor(std::string_view marketplace) const override;
};

std::shared_ptr<const config::SourceSettings> ParseSettings(config::MapReader& map);

}  // namespace sellerwatch::sources::imap
