#include "notify/meta_alert.hpp"

#include <algorithm>

#include "notify/router.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::notify {

core::Alert MakeMetaAlert(std::string rule, core::Severity severity, core::Labels labels,
                          std::string summary, std::string hint, core::Timestamp now) {
  core::Alert a;
  a.labels = std::move(labels);
  a.labels["rule"] = std::move(rule);
  a.labels["severity"] = std::string(core::Name(severity));
  a.annotations["summary"] = std::move(summary);
  if (!hint.empty()) a.annotations["hint"] = std::move(hint);
  a.state = core::AlertState::kFiring;
  a.severity = severity;
  a.starts_at = now;
  return a;
}

core::Result<void> QueueMetaAlert(store::Db& db, const config::Config& config,
                                  const core::Alert& alert, const std::string& key,
                                  core::Timestamp now, std::string_view exclude) {
  auto targets = RouteReceivers(alert.labels, config.routes);
  std::erase(targets, exclude);
  if (targets.empty()) {
    for (const auto& r : config.receivers)
      if (r.name != exclude) targets.push_back(r.name);
  }
  store::OutboxStore outbox(db);
  for (const auto& to : targets) {
    store::OutboxLeg leg;
    leg.key = key + "-" + to;
    leg.receiver = to;
    leg.notification = core::Notification{to, "meta/" + alert.Label("rule"), now, {alert}};
    leg.created_at = now;
    leg.next_attempt_at = now;
    if (auto r = outbox.Enqueue(leg); !r) return r.error();
  }
  return {};
}

}  // namespace sellerwatch::notify
