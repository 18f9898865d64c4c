#pragma once

#include <chrono>

#include "core/time.hpp"

namespace sellerwatch::sources::aliexpress {

// The time one poll may take, on the steady clock: waits (flow control) stop a little before
// the Poller abandons the poll; optional work (details, a backlog of feedback windows) stops
// at half of it, so a large backlog is read in parts instead of failing every time.
struct PollClock {
  using SteadyTime = std::chrono::steady_clock::time_point;
  SteadyTime deadline = SteadyTime::max();
  SteadyTime budget = SteadyTime::max();

  static PollClock Start(core::Duration poll_timeout) {
    PollClock c;
    if (poll_timeout > core::Duration::zero()) {
      auto start = std::chrono::steady_clock::now();
      c.deadline = start + poll_timeout * 9 / 10;
      c.budget = start + poll_timeout / 2;
    }
    return c;
  }
  bool Spent() const { return std::chrono::steady_clock::now() >= budget; }
};

}  // namespace sellerwatch::sources::aliexpress
