#pragma once

#include <spdlog/logger.h>

#include <memory>
#include <string>

#include "net/imap_client.hpp"
#include "sources/imap/mail_rules.hpp"
#include "sources/imap/settings.hpp"
#include "sources/source.hpp"

namespace sellerwatch::sources::imap {

// `ACCOUNT/NAME`: the seller's inbox (buyers' messages) and sent folder (the seller's replies),
// read-only: EXAMINE, then UID SEARCH / UID FETCH of header fields with BODY.PEEK, so no flag
// changes and nothing is deleted. Incremental by UID; the cursor (JSON) keeps each folder's
// UIDVALIDITY and last UID read, the sent folder's name and the buyer messages still open.
// The first poll, and any poll that finds a folder's UIDVALIDITY changed, reads both folders
// again from `backfill` ago (by INTERNALDATE): events are keyed by Message-ID, so a rescan
// stores no duplicates. Mail that cannot be read (no sender, no date) is reported by folder
// and UID and skipped; nothing of its content is logged.
class MailboxStream final : public Source {
 public:
  MailboxStream(std::string account, net::ImapClient& imap, Settings settings, MailRules rules,
                core::Duration timeout, std::string ca_file, bool tls_verify,
                std::shared_ptr<spdlog::logger> log, std::string source_id);
  ~MailboxStream() override;

  boost::asio::awaitable<core::Result<SourceBatch>> Poll(std::optional<std::string> cursor,
                                                         core::Timestamp now) override;
  core::Duration Interval() const override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace sellerwatch::sources::imap
