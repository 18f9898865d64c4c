#pragma once

#include <spdlog/logger.h>

#include <boost/asio/awaitable.hpp>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "core/alert.hpp"
#include "core/clock.hpp"
#include "digest/digest_model.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::app {

// The language `receiver` reads (its `language:`), or the daemon's for a name that is no
// receiver (a preview without digest receivers).
const i18n::Translator& ReceiverLanguage(const config::Config& config, const std::string& receiver);

// The digest for `receiver` as of `now`, rendered (digest/) in the receiver's language into a
// notification for the outbox.
core::Result<core::Notification> MakeDigestNotification(const config::Config& config, store::Db& db,
                                                        const std::string& receiver,
                                                        core::Timestamp now,
                                                        const std::string& only_account = "");

// The digest of `input` (accounts already loaded, e.g. merged from shard exports) as of `now`,
// in `language`: each receiver gets its own, so one reads it in Chinese and another in English.
core::Notification MakeDigestNotification(const digest::DigestInput& input, core::Timestamp now,
                                          const i18n::Translator& language);

// Whether this instance sends the weekly digest itself. A shard (--shard I/N, N > 1) does not:
// it sees only its own accounts, so its digest would be one of N partial mails. There the
// digest comes from `digest --export` on every shard and `digest --merge --send` on one
// instance (README "Digest across shards").
bool SendsWeeklyDigest(const config::Config& config);

// Queues `notification` in the outbox and, for a scheduled digest, records `slot` as served
// to its receiver: one transaction, so a crash neither loses the digest nor sends it twice.
// The leg key derives from (receiver, slot), or from `now` for an unscheduled send.
core::Result<void> EnqueueDigest(store::Db& db, const core::Notification& notification,
                                 std::optional<core::Timestamp> slot, core::Timestamp now);

// The daemon's weekly digest (DESIGN.md §1.6): wakes at each receiver's next slot (digest::Due:
// a missed slot is sent once on start, never a backlog), queues the digest and calls
// `queued` so the dispatcher delivers it. On a shard (!SendsWeeklyDigest) it sends nothing
// (Run() logs why once) and only ages out the alert history.
class DigestLoop {
 public:
  DigestLoop(std::shared_ptr<const config::Config> config, store::Db& db, const core::Clock& clock,
             std::shared_ptr<spdlog::logger> log, std::function<void()> queued);

  // Queues every digest due at `now`; returns when to look again.
  core::Timestamp SendDue(core::Timestamp now);
  // SendDue at each next check until cancelled.
  boost::asio::awaitable<void> Run();

  // A reload: the next digest is built from `config` (accounts, receivers, languages). The
  // loop keeps running; Wake() when its schedule may have moved.
  void Reconfigure(std::shared_ptr<const config::Config> config);
  // Looks again now (a changed schedule, a wall-clock jump past a slot).
  void Wake();

 private:
  void PruneAlertHistory(core::Timestamp now);

  std::shared_ptr<const config::Config> config_;
  store::Db& db_;
  const core::Clock& clock_;
  std::shared_ptr<spdlog::logger> log_;
  std::function<void()> queued_;
  std::function<void()> wake_;  // cancels Run()'s wait, while it waits
};

}  // namespace sellerwatch::app
