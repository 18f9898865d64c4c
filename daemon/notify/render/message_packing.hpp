#pragma once

#include <cstddef>
#include <vector>

namespace sellerwatch::notify {

// How a list of rendered alerts is spread over messages when one message cannot hold them all.
struct PackingLimits {
  std::size_t budget = 0;           // per message, in the channel's unit (chars or bytes)
  std::size_t max_per_message = 0;  // alerts per message (blocks, embeds, ...)
  std::size_t max_messages = 0;     // beyond this the rest is summarised as "+N more"
};

struct Packing {
  std::vector<std::vector<std::size_t>> messages;  // indexes into the costs, in order
  std::size_t omitted = 0;                         // alerts left for the "+N more" note
};

// Greedy, in order (the alerts are sorted worst first, so what is left out is the least
// urgent). Every cost must already fit the budget on its own; one that does not still gets a
// message of its own, so the caller must shorten units first. Never returns zero messages
// when there is at least one cost.
Packing PackAlerts(const std::vector<std::size_t>& costs, const PackingLimits& limits);

}  // namespace sellerwatch::notify
