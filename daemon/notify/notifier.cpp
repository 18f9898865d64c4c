#include "notify/notifier.hpp"

#include "notify/channel_factory.hpp"
#include "notify/router.hpp"

namespace sellerwatch::notify {

core::Result<std::unique_ptr<Notifier>> Notifier::Create(
    std::shared_ptr<const config::Config> config, std::ostream& console,
    std::shared_ptr<spdlog::logger> log) {
  std::unique_ptr<Notifier> n(new Notifier(config, std::move(log)));
  for (const auto& receiver : config->receivers) {
    auto channel = MakeChannel(receiver, console);
    if (!channel) return channel.error();
    n->channels_.emplace(receiver.name, std::move(*channel));
  }
  return n;
}

NotifyOutcome Notifier::Notify(const core::Alert& alert, core::Timestamp now) {
  NotifyOutcome outcome;
  auto receivers = RouteReceivers(alert.labels, config_->routes);
  if (receivers.empty()) {
    log_->warn("account={} rule={} matched no route; nobody was told", alert.Label("account"),
               alert.Label("rule"));
  }
  for (const auto& name : receivers) {
    const config::ReceiverConfig* receiver = config_->FindReceiver(name);
    if (!receiver) continue;  // config validation guarantees it exists
    if (alert.state == core::AlertState::kResolved && !receiver->send_resolved) continue;
    core::Notification n{name, alert.Label("account") + "/" + alert.Label("rule"), now, {alert}};
    auto sent = channels_.at(name)->Send(n);
    if (sent) {
      ++outcome.sent;
      log_->info("account={} rule={} receiver={} notified: {} {}", alert.Label("account"),
                 alert.Label("rule"), name, core::Name(alert.state), core::Name(alert.severity));
    } else {
      ++outcome.failed;
      log_->error("account={} rule={} receiver={} delivery failed: {}", alert.Label("account"),
                  alert.Label("rule"), name, sent.error().message);
    }
  }
  return outcome;
}

}  // namespace sellerwatch::notify
