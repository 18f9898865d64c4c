#include "notify/render/message_packing.hpp"

namespace sellerwatch::notify {

Packing PackAlerts(const std::vector<std::size_t>& costs, const PackingLimits& limits) {
  Packing p;
  std::size_t used = 0;
  for (std::size_t i = 0; i < costs.size(); ++i) {
    bool fits = !p.messages.empty() && p.messages.back().size() < limits.max_per_message &&
                used + costs[i] <= limits.budget;
    if (!fits) {
      if (p.messages.size() == limits.max_messages) {
        p.omitted = costs.size() - i;
        break;
      }
      p.messages.emplace_back();
      used = 0;
    }
    p.messages.back().push_back(i);
    used += costs[i];
  }
  return p;
}

}  // namespace sellerwatch::notify
