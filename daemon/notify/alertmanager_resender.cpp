#include "notify/alertmanager_resender.hpp"

#include <fmt/format.h>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "notify/alertmanager_resend.hpp"
#include "notify/state_json.hpp"
#include "store/notify_group_store.hpp"
#include "store/outbox_store.hpp"
#include "store/silence_store.hpp"

namespace sellerwatch::notify {
namespace asio = boost::asio;

std::optional<core::Notification> AlertmanagerResender::Build(const config::Config& config,
                                                              const std::string& receiver,
                                                              core::Timestamp now) {
  auto stored = store::NotifyGroupStore(db_).LoadAll();
  auto legs = store::OutboxStore(db_).QueuedSince(receiver, now - kResolvedResendFor);
  auto silences = store::SilenceStore(db_).List(now);
  if (!stored || !legs || !silences) {
    log_->error("receiver={} re-send: {}", receiver,
                !stored ? stored.error().message
                : !legs ? legs.error().message
                        : silences.error().message);
    return std::nullopt;
  }
  std::vector<GroupState> groups;
  for (const auto& g : *stored) {
    // Every receiver's, for inhibition. One that cannot be read is reported by the notifier.
    if (auto state = GroupStateFromJson(g.state)) groups.push_back(std::move(*state));
  }
  auto alerts = AlertmanagerResendSet(config, receiver, {groups, *legs, *silences}, now);
  if (alerts.empty()) return std::nullopt;
  return core::Notification{receiver, "resend/" + receiver, now, std::move(alerts)};
}

asio::awaitable<std::optional<core::Timestamp>> AlertmanagerResender::ResendDue(
    core::Timestamp now) {
  std::shared_ptr<const config::Config> config = config_;  // held for the round
  std::optional<core::Timestamp> next_due;
  std::map<std::string, core::Timestamp> next;
  for (const auto& receiver : config->receivers) {
    if (receiver.type != config::ReceiverType::kAlertmanager) continue;
    const auto& settings = std::get<config::AlertmanagerReceiver>(receiver.settings);
    auto it = next_.find(receiver.name);
    core::Timestamp due = it != next_.end() ? it->second : now;
    if (due <= now) {
      std::size_t alerts = 0;
      auto outcome = co_await dispatcher_.SendDirect(
          receiver.name, [&](core::Timestamp at) -> std::optional<core::Notification> {
            auto n = Build(*config, receiver.name, at);
            if (n) alerts = n->alerts.size();
            return n;
          });
      if (outcome && outcome->kind != SendOutcome::Kind::kDelivered) {
        log_->warn("receiver={} re-send of {} alert(s) reached no Alertmanager: {}", receiver.name,
                   alerts, outcome->detail);
      } else if (outcome) {
        log_->debug("receiver={} re-sent {} alert(s){}", receiver.name, alerts,
                    outcome->detail.empty() ? "" : " (" + outcome->detail + ")");
      }
      // From the round's start: a slow peer does not stretch the interval (nor make it 0).
      due = now + settings.resend_interval;
      if (due <= clock_.Now()) due = clock_.Now() + settings.resend_interval;
    }
    next[receiver.name] = due;  // receivers removed by a reload are forgotten
    if (!next_due || due < *next_due) next_due = due;
  }
  next_ = std::move(next);
  co_return next_due;
}

asio::awaitable<void> AlertmanagerResender::Run() {
  asio::steady_timer timer(co_await asio::this_coro::executor);
  while (true) {
    auto next = co_await ResendDue(clock_.Now());
    // No alertmanager receiver: look again now and then (a reload may add one).
    core::Duration wait = next ? *next - clock_.Now() : std::chrono::minutes(1);
    timer.expires_after(std::max<core::Duration>(wait, std::chrono::milliseconds(10)));
    co_await timer.async_wait(asio::use_awaitable);  // cancelled: the daemon stops
  }
}

asio::awaitable<void> AlertmanagerResender::Loop(
    const std::shared_ptr<const config::Config>& config, store::Db& db,
    OutboxDispatcher& dispatcher, const core::Clock& clock, std::shared_ptr<spdlog::logger> log) {
  AlertmanagerResender resender(config, db, dispatcher, clock, std::move(log));
  co_await resender.Run();
}

}  // namespace sellerwatch::notify
