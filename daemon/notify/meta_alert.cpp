#include "notify/meta_alert.hpp"

#include <algorithm>

#include "notify/router.hpp"
#include "store/outbox_store.hpp"

namespace sellerwatch::notify {

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
    leg.notification =
        core::Notification{to, std::string(kMetaGroupPrefix) + alert.Label("rule"), now, {alert}};
    leg.created_at = now;
    leg.next_attempt_at = now;
    if (auto r = outbox.Enqueue(leg); !r) return r.error();
  }
  return {};
}

}  // namespace sellerwatch::notify
