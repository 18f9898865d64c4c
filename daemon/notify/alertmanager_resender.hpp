#pragma once

#include <spdlog/logger.h>

#include <boost/asio/awaitable.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "core/clock.hpp"
#include "notify/outbox_dispatcher.hpp"
#include "store/sqlite.hpp"

namespace sellerwatch::notify {

// Re-sends every `alertmanager` receiver its alerts (AlertmanagerResendSet) every
// `resend_interval`, starting at once, straight through the receiver's channel (every peer)
// by OutboxDispatcher::SendDirect: Alertmanager groups and dedupes itself, so a re-send needs
// no outbox record and no retry — the next one comes an interval later, well before the
// alerts' endsAt (4 intervals). The set is read from the store when the send starts.
class AlertmanagerResender {
 public:
  // `config` is the app's current config, read at every round: a reload takes effect at the
  // next one.
  AlertmanagerResender(const std::shared_ptr<const config::Config>& config, store::Db& db,
                       OutboxDispatcher& dispatcher, const core::Clock& clock,
                       std::shared_ptr<spdlog::logger> log)
      : config_(config), db_(db), dispatcher_(dispatcher), clock_(clock), log_(std::move(log)) {}

  // Re-sends until cancelled.
  boost::asio::awaitable<void> Run();
  // One round: re-sends to every receiver that is due at `now`; returns when the next one is
  // due (nullopt: no alertmanager receiver).
  boost::asio::awaitable<std::optional<core::Timestamp>> ResendDue(core::Timestamp now);

  // The daemon's loop in one call (the object lives in the coroutine).
  static boost::asio::awaitable<void> Loop(const std::shared_ptr<const config::Config>& config,
                                           store::Db& db, OutboxDispatcher& dispatcher,
                                           const core::Clock& clock,
                                           std::shared_ptr<spdlog::logger> log);

 private:
  // The notification to re-send to `receiver` now, read from the store; nullopt: nothing.
  std::optional<core::Notification> Build(const config::Config& config, const std::string& receiver,
                                          core::Timestamp now);

  const std::shared_ptr<const config::Config>& config_;
  store::Db& db_;
  OutboxDispatcher& dispatcher_;
  const core::Clock& clock_;
  std::shared_ptr<spdlog::logger> log_;
  std::map<std::string, core::Timestamp> next_;  // by receiver: its next re-send
};

}  // namespace sellerwatch::notify
